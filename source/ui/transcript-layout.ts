// How one conversation entry is laid out at a terminal width: a time stamp, the prefix of its kind
// (name, tag), then the body, wrapped at spaces under itself (a hanging indent). TranscriptLine
// draws this layout, and a repaint after a resize uses the same one to know which entries fill
// the screen, so the two never disagree. Pure.

import {type LineLook, lineLook} from './line-look.js';
import {textWidth} from './text-width.js';
import type {Entry} from './transcript-entries.js';
import {wrapText} from './wrap-text.js';

/** "HH:MM " before every line (blank for history). */
export const TIME_WIDTH = 6;
/** The narrowest body, however long the prefix: below it a name would leave no room for text. */
const MIN_BODY_WIDTH = 10;

export interface EntryLayout {
	readonly look: LineLook;
	/** Columns before the body (time stamp and prefix): the hanging indent of wrapped rows. */
	readonly prefixWidth: number;
	readonly bodyWidth: number;
	/** The body's rows when it is wrapped; undefined when it surely fits one row. */
	readonly rows: readonly string[] | undefined;
}

export function layoutEntry(entry: Entry, columns: number): EntryLayout {
	const look = lineLook(entry);
	const prefixWidth = TIME_WIDTH + textWidth(look.prefix.map((segment) => segment.text).join(''));
	const bodyWidth = Math.max(MIN_BODY_WIDTH, columns - prefixWidth);
	// Most lines fit one row (no grapheme is wider than 2 columns): no need to measure them.
	const rows = look.body.length * 2 <= bodyWidth ? undefined : wrapText(look.body, bodyWidth);
	return {look, prefixWidth, bodyWidth, rows};
}

/** The terminal rows `entry` takes at `columns`. */
export function entryRows(entry: Entry, columns: number): number {
	return layoutEntry(entry, columns).rows?.length ?? 1;
}

/** What a repainted screen shows above the live area: blank rows, then entries, the first cut. */
export interface ScreenTail {
	readonly entries: Entry[];
	/** Lead: blank rows above the entries, when they do not fill the screen. */
	readonly blank: number;
	/** Lead: rows of the first entry left out, when its top is above the screen. */
	readonly skip: number;
}

/**
 * The last entries that fill exactly `rows` rows at `columns`, as the terminal shows them above
 * the live area: if they are too few, blank rows come first; if the first begins above the screen,
 * its top rows are left out (they are in the scrollback already).
 */
export function screenTail(entries: readonly Entry[], columns: number, rows: number): ScreenTail {
	let start = entries.length;
	let filled = 0;
	while (start > 0 && filled < rows) {
		start -= 1;
		filled += entryRows(entries[start] as Entry, columns);
	}
	const tail = entries.slice(start);
	if (tail.length === 0) return {entries: tail, blank: 0, skip: 0};
	return {entries: tail, blank: Math.max(0, rows - filled), skip: Math.max(0, filled - rows)};
}
