// Follows the row the terminal's cursor is on through what natter writes, so a repaint after a
// resize can draw exactly the rows above it again. Only the moves natter's output makes are
// followed: newlines (scrolling at the bottom), cursor up and down, and cursor position; its rows
// are never wider than the terminal, so no line wraps on its own. Pure.

/**
 * Newline; cursor up (`ESC[nA`, and `ESC[nF` to a line's start), down (`ESC[nB`, `ESC[nE`); and
 * position (`ESC[r;cH`). Ink's log-update uses the first two; the others are followed too, so an
 * Ink that draws incrementally would not lose the row.
 */
const MOVES = /\n|\u001b\[(\d*)([ABEF])|\u001b\[(\d*)(?:;\d*)?H/g;

/** The cursor's row (0 at the top) after `text` is written with it on `row` of a `rows`-row screen. */
export function cursorRowAfter(row: number, text: string, rows: number): number {
	const bottom = Math.max(0, rows - 1);
	let at = row;
	for (const move of text.matchAll(MOVES)) {
		if (move[0] === '\n') at = Math.min(bottom, at + 1);
		else if (move[2] === 'A' || move[2] === 'F') at = Math.max(0, at - count(move[1]));
		else if (move[2] === 'B' || move[2] === 'E') at = Math.min(bottom, at + count(move[1]));
		else at = Math.min(bottom, count(move[3]) - 1);
	}
	return at;
}

/**
 * The cursor's row after the screen changed from `from` rows to `to`: a terminal keeps the rows
 * above the cursor, pulling rows back from the scrollback as it grows and pushing them into it
 * as it shrinks (tmux, VTE and xterm-likes alike).
 */
export function cursorRowAfterResize(row: number, from: number, to: number): number {
	return Math.max(0, Math.min(to - 1, to > from ? row + (to - from) : row));
}

/** A CSI parameter: empty means 1. */
const count = (parameter: string | undefined): number => Math.max(1, Number(parameter) || 1);
