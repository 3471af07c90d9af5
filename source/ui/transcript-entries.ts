// What the conversation area shows: server lines and your own messages as entries with a time
// and a kind, plus the colour a name keeps for the whole session. Pure; the components draw it.
// (Not `transcript.ts`: next to `Transcript.tsx` that would differ only by case, and one file
// would overwrite the other on the case-insensitive file systems of macOS and Windows.)

import {nameKey} from '../protocol/names.js';
import type {ServerLine} from '../protocol/server-line.js';

export type EntryKind = 'message' | 'own' | 'join' | 'leave' | 'notice' | 'info' | 'gap' | 'other';

export interface Entry {
	readonly id: number;
	readonly time: Date;
	readonly kind: EntryKind;
	/** The sender, for `message` and `own`. */
	readonly from?: string;
	readonly text: string;
}

let nextId = 1;

export function entry(kind: EntryKind, text: string, from?: string, time = new Date()): Entry {
	return {id: nextId++, time, kind, from, text};
}

/** The transcript entry for a line from the server. */
export function entryForLine(line: ServerLine, time = new Date()): Entry {
	switch (line.kind) {
		case 'message':
			return entry('message', line.body, line.from, time);
		case 'join':
			return entry('join', line.text, undefined, time);
		case 'leave':
			return entry('leave', line.text, undefined, time);
		case 'notice':
			return entry('notice', line.text, undefined, time);
		case 'prompt':
		case 'welcome':
		case 'bye':
			return entry('info', line.text, undefined, time);
		case 'other':
			return entry('other', line.text, undefined, time);
		default:
			// The social layer's kinds get their own looks with the client's update; until then, plain.
			return entry(line.text.startsWith('*** ') ? 'notice' : 'other', line.text, undefined, time);
	}
}

/** `HH:MM` in local time. */
export const formatTime = (time: Date): string =>
	`${String(time.getHours()).padStart(2, '0')}:${String(time.getMinutes()).padStart(2, '0')}`;

/** The gap marker shown where the connection was lost and came back. */
export const gapEntry = (lostAt: Date, backAt = new Date()): Entry =>
	entry(
		'gap',
		`── connection lost at ${formatTime(lostAt)}, back at ${formatTime(backAt)} ──`,
		undefined,
		backAt,
	);

const NAME_COLORS = [
	'cyan',
	'green',
	'yellow',
	'blue',
	'magenta',
	'redBright',
	'cyanBright',
	'greenBright',
	'yellowBright',
	'blueBright',
	'magentaBright',
] as const;

export type NameColor = (typeof NAME_COLORS)[number];

/** A colour for a name that stays the same all session (and across sessions): FNV-1a of its key. */
export function nameColor(name: string): NameColor {
	let hash = 0x811c9dc5;
	for (const char of nameKey(name)) {
		hash ^= char.codePointAt(0) ?? 0;
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return NAME_COLORS[hash % NAME_COLORS.length] as NameColor;
}
