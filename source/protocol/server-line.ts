// Parses one line from a natter (or seed-protocol) server into what it means: a prompt, a chat
// message, an action, a private message, a `/who` answer, ... Pure and shared by the Ink client,
// the line mode and bots. Each kind is read with the same format the server writes it with (wire.ts).

import type {LineFields, LineFormat} from './line-format.js';
import {sanitizeText} from './sanitize.js';
import {formats, NOTICE_PREFIX} from './wire.js';

export interface RoomUser {
	name: string;
	away: boolean;
	/** An operator (shown `(op)`). */
	op: boolean;
}

export interface RoomCount {
	room: string;
	count: number;
}

export type ServerLine =
	| {kind: 'prompt'; text: string}
	| {kind: 'welcome'; name: string; text: string}
	| {kind: 'join'; name: string; text: string}
	| {kind: 'leave'; name: string; text: string}
	| {kind: 'message'; from: string; body: string; text: string}
	/** `* NAME TEXT` */
	| {kind: 'action'; from: string; body: string; text: string}
	/** `NAME (private): TEXT`, received */
	| {kind: 'private'; from: string; body: string; text: string}
	/** `--- OLD is now NEW.` */
	| {kind: 'nick'; old: string; name: string; text: string}
	/** The answer to `/who`. */
	| {kind: 'who'; room: string; users: RoomUser[]; text: string}
	/** The answer to `/rooms`. */
	| {kind: 'rooms'; rooms: RoomCount[]; text: string}
	/** You moved to a room: `*** You are now in #ROOM (N here: A, B).` */
	| {kind: 'room'; room: string; names: string[]; text: string}
	/** Your own name changed: `*** You are now NEW.` */
	| {kind: 'renamed'; name: string; text: string}
	| {kind: 'away'; text: string}
	| {kind: 'back'; text: string}
	/** Someone you wrote to privately is away; `reason` is empty when none was given. */
	| {kind: 'away-reply'; name: string; reason: string; text: string}
	| {kind: 'history-start'; room: string; count: number; text: string}
	| {kind: 'history-end'; text: string}
	| {kind: 'notice'; body: string; text: string}
	| {kind: 'bye'; text: string}
	/** Anything else a server might send; shown as it is. */
	| {kind: 'other'; text: string};

export type ServerLineKind = ServerLine['kind'];

const splitList = (list: string): string[] => (list === '' ? [] : list.split(', '));

const USER = /^(.*?)((?: \([a-z]+\))*)$/u;
function parseUser(entry: string): RoomUser {
	const [, name = entry, marks = ''] = USER.exec(entry) ?? [];
	return {name, away: marks.includes('(away)'), op: marks.includes('(op)')};
}

const ROOM_COUNT = /^(.*) \((\d+)\)$/u;
function parseRoomCount(entry: string): RoomCount | undefined {
	const match = ROOM_COUNT.exec(entry);
	return match ? {room: match[1] as string, count: Number(match[2])} : undefined;
}

type Rule = (text: string) => ServerLine | undefined;

/** A rule from a format: its fields, when the line is one, turned into a ServerLine. */
const rule =
	<T extends string>(
		format: LineFormat<T>,
		build: (fields: LineFields<T>, text: string) => ServerLine | undefined,
	): Rule =>
	(text) => {
		const fields = format.parse(text);
		return fields && build(fields, text);
	};

/** `*** ` lines with a meaning of their own, most specific first; any other is a plain notice. */
const NOTICE_RULES: readonly Rule[] = [
	rule(formats.who, ({room, count, list}, text) => {
		const users = splitList(list).map(parseUser);
		return users.length === Number(count) ? {kind: 'who', room, users, text} : undefined;
	}),
	rule(formats.rooms, ({list}, text) => {
		const rooms = splitList(list).map(parseRoomCount);
		return rooms.every((room) => room !== undefined) ? {kind: 'rooms', rooms, text} : undefined;
	}),
	rule(formats.roomChange, ({room, count, list}, text) => {
		const names = splitList(list);
		return names.length === Number(count) ? {kind: 'room', room, names, text} : undefined;
	}),
	rule(formats.historyStart, ({room, count}, text) => ({
		kind: 'history-start',
		room,
		count: Number(count),
		text,
	})),
	rule(formats.historyEnd, (_, text) => ({kind: 'history-end', text})),
	rule(formats.away, (_, text) => ({kind: 'away', text})),
	rule(formats.back, (_, text) => ({kind: 'back', text})),
	rule(formats.renamed, ({name}, text) => ({kind: 'renamed', name, text})),
	rule(formats.awayReply, ({name, text: reason}, text) => ({
		kind: 'away-reply',
		name,
		reason,
		text,
	})),
	rule(formats.awayReplyBare, ({name}, text) => ({kind: 'away-reply', name, reason: '', text})),
	rule(formats.notice, ({text: body}, text) => ({kind: 'notice', body, text})),
];

/** Every other line, most specific first; a chat message is the catch-all of named lines. */
const RULES: readonly Rule[] = [
	rule(formats.prompt, (_, text) => ({kind: 'prompt', text})),
	rule(formats.bye, (_, text) => ({kind: 'bye', text})),
	rule(formats.welcome, ({name}, text) => ({kind: 'welcome', name, text})),
	rule(formats.join, ({name}, text) => ({kind: 'join', name, text})),
	rule(formats.leave, ({name}, text) => ({kind: 'leave', name, text})),
	rule(formats.nick, ({old, new: name}, text) => ({kind: 'nick', old, name, text})),
	rule(formats.action, ({from, text: body}, text) => ({kind: 'action', from, body, text})),
	rule(formats.private, ({from, text: body}, text) => ({kind: 'private', from, body, text})),
	rule(formats.message, ({from, text: body}, text) => ({kind: 'message', from, body, text})),
];

function classify(text: string): ServerLine {
	const rules = text.startsWith(NOTICE_PREFIX) ? NOTICE_RULES : RULES;
	for (const tryRule of rules) {
		const line = tryRule(text);
		if (line) return line;
	}
	return {kind: 'other', text};
}

/**
 * Sanitises a raw line (a hostile server cannot drive the terminal) and classifies it.
 * `text` is always the whole sanitised line.
 */
export function parseServerLine(raw: string): ServerLine {
	return classify(sanitizeText(raw.endsWith('\r') ? raw.slice(0, -1) : raw));
}
