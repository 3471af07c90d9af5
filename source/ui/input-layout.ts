// Lays the input line out in rows of the terminal's width, and shows at most a few of them (the
// ones around the cursor), so a long line scrolls within its own area instead of growing the live
// area past the window (which makes Ink clear the whole terminal). Pure.

import {graphemeWidth} from './text-width.js';

export interface InputRow {
	/** The graphemes of this row. */
	chars: readonly string[];
	/** Where the cursor is in this row, if it is in this row. */
	cursor?: number;
	/** Whether this row starts the line (and so follows the prompt). */
	first: boolean;
}

/**
 * The rows to draw for `chars` with the cursor before `chars[cursor]`: rows are `width` columns
 * wide less a prompt (or an indent as wide) of `promptWidth`, and at most `maxRows` are shown.
 */
export function layoutInput(
	chars: readonly string[],
	cursor: number,
	width: number,
	promptWidth: number,
	maxRows: number,
): InputRow[] {
	const rows: {chars: string[]; start: number}[] = [{chars: [], start: 0}];
	const room = Math.max(1, width - promptWidth);
	let used = 0;
	// One extra cell for the cursor when it sits after the last character.
	const cells = [...chars, ' '];
	cells.forEach((char, index) => {
		const charWidth = Math.max(1, graphemeWidth(char));
		if (used + charWidth > room && used > 0) {
			rows.push({chars: [], start: index});
			used = 0;
		}
		(rows.at(-1) as {chars: string[]}).chars.push(char);
		used += charWidth;
	});
	const cursorRow = rows.findLastIndex((row) => row.start <= cursor);
	const limit = Math.max(1, maxRows);
	const first = Math.max(0, Math.min(cursorRow - limit + 1, rows.length - limit));
	return rows.slice(first, first + limit).map((row, offset) => {
		const visible = index(row, chars.length);
		const isFirst = row.start === 0;
		return first + offset === cursorRow
			? {chars: visible, cursor: cursor - row.start, first: isFirst}
			: {chars: visible, first: isFirst};
	});
}

/** A row's characters without the extra cursor cell at the end of the line. */
function index(row: {chars: string[]; start: number}, length: number): string[] {
	return row.start + row.chars.length > length ? row.chars.slice(0, length - row.start) : row.chars;
}
