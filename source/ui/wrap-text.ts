// Word-wraps a transcript line's text to a width, so continuation lines can be drawn under the
// text (a hanging indent) and never start with the space they were broken at. Pure.

import {graphemes, graphemeWidth} from './text-width.js';

/**
 * Splits `text` into rows at most `width` columns wide: at spaces where it can (the space is
 * dropped), inside a word only when the word alone is wider than a row.
 */
export function wrapText(text: string, width: number): string[] {
	const limit = Math.max(1, Math.floor(width));
	const rows: string[] = [];
	let row: string[] = [];
	let rowWidth = 0;
	/** Index in `row` just after the last space, where the row can be broken. */
	let breakAt = -1;
	for (const grapheme of graphemes(text)) {
		const width = graphemeWidth(grapheme);
		if (rowWidth + width > limit && row.length > 0) {
			if (grapheme === ' ') {
				rows.push(row.join('').trimEnd());
				row = [];
				rowWidth = 0;
				breakAt = -1;
				continue;
			}
			if (breakAt > 0) {
				const rest = row.slice(breakAt);
				rows.push(row.slice(0, breakAt).join('').trimEnd());
				row = rest;
			} else {
				rows.push(row.join(''));
				row = [];
			}
			rowWidth = row.reduce((sum, char) => sum + graphemeWidth(char), 0);
			breakAt = -1;
		}
		if (grapheme === ' ' && row.length === 0 && rows.length > 0) continue; // no leading space
		row.push(grapheme);
		rowWidth += width;
		if (grapheme === ' ') breakAt = row.length;
	}
	if (row.length > 0 || rows.length === 0) rows.push(row.join(''));
	return rows;
}
