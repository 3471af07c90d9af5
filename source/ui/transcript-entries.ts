// What the conversation area shows: server lines and your own lines as entries with a time, a
// kind and the fields their look needs, plus the colour a name keeps for the whole session. Pure;
// the components draw it. (Not `transcript.ts`: next to `Transcript.tsx` that would differ only
// by case, and one file would overwrite the other on case-insensitive file systems.)

import {nameKey} from '../protocol/names.js';
import type {ServerLine} from '../protocol/server-line.js';
import {mentions} from './mentions.js';

export type EntryKind =
	| 'message'
	| 'action'
	| 'private'
	| 'own'
	| 'own-action'
	| 'own-private'
	| 'not-sent'
	| 'nick'
	| 'room'
	| 'who'
	| 'rooms'
	| 'renamed'
	| 'away'
	| 'away-reply'
	| 'history-start'
	| 'history-end'
	| 'join'
	| 'leave'
	| 'notice'
	| 'info'
	| 'gap'
	| 'other';

export interface Entry {
	readonly id: number;
	readonly time: Date;
	readonly kind: EntryKind;
	/** The sender (messages, actions, private messages, your own lines). */
	readonly from?: string;
	/** Whom you wrote to privately (`own-private`). */
	readonly to?: string;
	readonly text: string;
	/** A line from a room's history: drawn dimmed, without a time. */
	readonly history?: boolean;
	/** A line from someone else that names you: highlighted. */
	readonly mention?: boolean;
}

let nextId = 1;

export function entry(
	kind: EntryKind,
	text: string,
	from?: string,
	time = new Date(),
	extra: Partial<Pick<Entry, 'to' | 'history' | 'mention'>> = {},
): Entry {
	return {id: nextId++, time, kind, from, text, ...extra};
}

const isSelf = (name: string, self: string | undefined) =>
	self !== undefined && nameKey(name) === nameKey(self);

/** The transcript entry for a line from the server; `self` is your name, for mentions. */
export function entryForLine(
	line: ServerLine & {history?: true},
	time = new Date(),
	self?: string,
): Entry {
	const history = line.history ? {history: true} : {};
	switch (line.kind) {
		case 'message':
		case 'action': {
			const mention = !line.history && !isSelf(line.from, self) && mentions(line.body, self);
			return entry(line.kind, line.body, line.from, time, {...history, mention});
		}
		case 'private':
			return entry('private', line.body, line.from, time, history);
		case 'history-start':
			return entry('history-start', `history: last ${line.count} in ${line.room}`, undefined, time);
		case 'history-end':
			return entry('history-end', 'live', undefined, time);
		case 'nick':
		case 'room':
		case 'who':
		case 'rooms':
		case 'renamed':
		case 'away-reply':
		case 'join':
		case 'leave':
		case 'notice':
		case 'other':
			return entry(line.kind, line.text, undefined, time, history);
		case 'away':
		case 'back':
			return entry('away', line.text, undefined, time);
		case 'prompt':
		case 'welcome':
		case 'bye':
			return entry('info', line.text, undefined, time);
	}
}

/** Whether a line rings the bell: a live private message, or a live line from another naming you. */
export function ringsBell(line: ServerLine & {history?: true}, self: string | undefined): boolean {
	if (line.history) return false;
	if (line.kind === 'private') return true;
	if (line.kind !== 'message' && line.kind !== 'action') return false;
	return !isSelf(line.from, self) && mentions(line.body, self);
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
