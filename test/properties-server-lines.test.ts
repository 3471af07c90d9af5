// Properties of the client's reading of server lines: parseServerLine is total, and every line the
// server can write (generated from the writers in wire.ts, with the names, rooms and texts the
// server lets through) reads back as the kind and fields that wrote it, also after travelling
// as bytes. FC_RUNS and FC_SEED set the cases and seed (test/helpers/property.ts).

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import fc from 'fast-check';
import {IncomingLines} from '../source/client/incoming-lines.js';
import {COMMANDS, helpLine, parseCommand} from '../source/protocol/commands.js';
import {checkName, NAME_MAX_LENGTH} from '../source/protocol/names.js';
import {checkRoom} from '../source/protocol/rooms.js';
import {isBlank, sanitizeText} from '../source/protocol/sanitize.js';
import {parseServerLine, type ServerLine} from '../source/protocol/server-line.js';
import * as wire from '../source/protocol/wire.js';
import {holds} from './helpers/property.js';

/** Name characters, and the punctuation of server lines that a name must not be confused with. */
const NAME_CHARS = [
	...'abcxyzABCXYZ019_.-',
	...'éëßİıÆøŁ',
	...'аВоσΣ',
	...'山田अमित',
	'e\u0301',
	'\u0308',
	'𝒜',
];

const name = fc
	.array(fc.constantFrom(...NAME_CHARS), {minLength: 1, maxLength: NAME_MAX_LENGTH})
	.map((chars) => checkName(chars.join('')))
	.filter((check) => check.ok)
	.map((check) => (check as {name: string}).name);

const room = name.map((body) => (checkRoom(body) as {room: string}).room);

/** What a user may type, hostile included: server-line look-alikes, escapes, any code points. */
const typed = fc
	.array(
		fc.oneof(
			fc.string({unit: 'binary', maxLength: 8}),
			fc.constantFrom(
				'*** ',
				'* ',
				': ',
				' (private): ',
				' (away)',
				', ',
				' is away: ',
				' is now ',
				'--> ',
				'<-- ',
				'--- ',
				'Welcome, ',
				'.',
				'!',
				' (3)',
				'#lobby',
				'\r',
				'\u001b[2J',
				'\t',
			),
			name,
		),
		{maxLength: 8},
	)
	.map((pieces) => pieces.join(''));

/** A line as the server reads it from a user: sanitised. */
const userLine = typed.map(sanitizeText);

/** Text the server relays as a chat line: what `say` carries, not blank. */
const chatText = userLine
	.map((line) => parseCommand(line))
	.filter((command) => command.kind === 'say' && !isBlank(command.text))
	.map((command) => (command as {text: string}).text);

/** The argument text of /me, /msg and /reply: trimmed and not empty. */
const argumentText = userLine.map((line) => line.trim()).filter((text) => text !== '');

/** The word after / of an unknown command, or the NAME of /msg: one word, maybe empty. */
const word = userLine.map((line) => line.trim().split(/\s/u)[0] ?? '');

/** fast-check's records have no prototype; the parser's results are plain objects. */
const plain = <T extends object>(record: T): T => ({...record});

const users = fc.array(fc.record({name, away: fc.boolean(), op: fc.boolean()}).map(plain), {
	maxLength: 6,
});
const count = fc.nat({max: 100_000});

type Written = {line: string; expected: ServerLine};

const notice = (line: string): Written => ({
	line,
	expected: {kind: 'notice', body: line.slice(wire.NOTICE_PREFIX.length), text: line},
});

/** Every line the server writes, from its writer, with what it must read back as. */
const serverLine: fc.Arbitrary<Written> = fc.oneof(
	fc.constant<Written>({line: wire.PROMPT, expected: {kind: 'prompt', text: wire.PROMPT}}),
	fc.constant<Written>({line: wire.BYE, expected: {kind: 'bye', text: wire.BYE}}),
	name.map((who): Written => {
		const line = wire.welcome(who);
		return {line, expected: {kind: 'welcome', name: who, text: line}};
	}),
	name.map((who): Written => {
		const line = wire.entered(who);
		return {line, expected: {kind: 'join', name: who, text: line}};
	}),
	name.map((who): Written => {
		const line = wire.left(who);
		return {line, expected: {kind: 'leave', name: who, text: line}};
	}),
	fc.tuple(name, chatText).map(([from, body]): Written => {
		const line = wire.chat(from, body);
		return {line, expected: {kind: 'message', from, body, text: line}};
	}),
	fc.tuple(name, argumentText).map(([from, body]): Written => {
		const line = wire.action(from, body);
		return {line, expected: {kind: 'action', from, body, text: line}};
	}),
	fc.tuple(name, argumentText).map(([from, body]): Written => {
		const line = wire.privateMessage(from, body);
		return {line, expected: {kind: 'private', from, body, text: line}};
	}),
	fc.tuple(name, name).map(([old, renamed]): Written => {
		const line = wire.nickChange(old, renamed);
		return {line, expected: {kind: 'nick', old, name: renamed, text: line}};
	}),
	fc.tuple(room, users).map(([where, list]): Written => {
		const line = wire.who(where, list);
		return {line, expected: {kind: 'who', room: where, users: list, text: line}};
	}),
	fc.array(fc.record({room, count}).map(plain), {maxLength: 6}).map((list): Written => {
		const line = wire.rooms(list);
		return {line, expected: {kind: 'rooms', rooms: list, text: line}};
	}),
	fc.tuple(room, fc.array(name, {maxLength: 6})).map(([where, names]): Written => {
		const line = wire.roomChange(where, names);
		return {line, expected: {kind: 'room', room: where, names, text: line}};
	}),
	fc.tuple(count, room).map(([lines, where]): Written => {
		const line = wire.historyStart(lines, where);
		return {line, expected: {kind: 'history-start', room: where, count: lines, text: line}};
	}),
	fc.constant<Written>({
		line: wire.HISTORY_END,
		expected: {kind: 'history-end', text: wire.HISTORY_END},
	}),
	name.map((renamed): Written => {
		const line = wire.notices.renamed(renamed);
		return {line, expected: {kind: 'renamed', name: renamed, text: line}};
	}),
	fc.constant<Written>({
		line: wire.notices.away,
		expected: {kind: 'away', text: wire.notices.away},
	}),
	fc.constant<Written>({
		line: wire.notices.back,
		expected: {kind: 'back', text: wire.notices.back},
	}),
	fc
		.tuple(
			name,
			userLine.map((line) => line.trim()),
		)
		.map(([who, reason]): Written => {
			const line = wire.notices.awayReply(who, reason);
			return {line, expected: {kind: 'away-reply', name: who, reason, text: line}};
		}),
	// Every other notice: a plain notice, whatever its arguments.
	fc
		.constantFrom(
			wire.notices.shuttingDown,
			wire.notices.notAway,
			wire.notices.nobodyToReply,
			wire.notices.commandsHeader,
			...COMMANDS.map((spec) => wire.notice(helpLine(spec))),
			...COMMANDS.map((spec) => wire.notices.usage(spec.usage, spec.summary)),
			wire.notice((checkName('') as {reason: string}).reason),
			wire.notice((checkName('a b') as {reason: string}).reason),
			wire.notice((checkRoom('a b') as {reason: string}).reason),
		)
		.map(notice),
	count.map((max) => notice(wire.notices.full(max))),
	count.map((seconds) => notice(wire.notices.nameTimeout(seconds))),
	count.map((bytes) => notice(wire.notices.lineTooLong(bytes))),
	count.map((max) => notice(wire.notices.tooManyRooms(max))),
	fc.tuple(name, name).map(([wanted, online]) => notice(wire.notices.nameTaken(wanted, online))),
	name.map((same) => notice(wire.notices.sameName(same))),
	room.map((where) => notice(wire.notices.alreadyInRoom(where))),
	word.map((unknown) => notice(wire.notices.unknownCommand(unknown))),
	word.map((nobody) => notice(wire.notices.noSuchUser(nobody))),
);

/** Any line at all, including server lines cut short, joined, or with escapes and CRs in them. */
const anyLine = fc.oneof(
	fc.string({unit: 'binary', maxLength: 60}),
	typed,
	fc
		.tuple(serverLine, fc.nat(), typed)
		.map(([{line}, at, extra]) => line.slice(0, at % (line.length + 1)) + extra),
);

describe('parseServerLine properties', () => {
	test('total: any line gives a ServerLine whose text is the sanitised line, nothing throws', () => {
		holds(
			fc.property(anyLine, fc.boolean(), (line, crlf) => {
				const raw = crlf ? `${line}\r` : line;
				const parsed = parseServerLine(raw);
				assert.equal(parsed.text, sanitizeText(line));
				assert.equal(parseServerLine(parsed.text).kind, parsed.kind, 'parsing its own text agrees');
			}),
		);
	});

	test('every line the server writes reads back as the kind and fields that wrote it', () => {
		holds(
			fc.property(serverLine, ({line, expected}) => {
				assert.deepEqual(parseServerLine(line), expected);
			}),
		);
	});

	test('and so it does after the wire: encoded, decoded and split into lines by the client', () => {
		holds(
			fc.property(fc.array(serverLine, {minLength: 1, maxLength: 5}), (written) => {
				const bytes = Buffer.concat(written.map(({line}) => wire.encodeLine(line)));
				const lines = new IncomingLines().push(bytes.toString('utf8'));
				assert.deepEqual(
					lines.map(parseServerLine),
					written.map(({expected}) => expected),
				);
			}),
		);
	});
});
