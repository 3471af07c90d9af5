// Unit tests of the client's pure pieces: key parsing, the line editor, transcript entries,
// name colours, reconnect delays, incoming line splitting and HOST:PORT parsing and formatting.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {parseTarget} from '../source/cli/target.js';
import {reconnectDelay} from '../source/client/backoff.js';
import {IncomingLines} from '../source/client/incoming-lines.js';
import {formatHostPort} from '../source/net/host-port.js';
import {parseServerLine} from '../source/protocol/server-line.js';
import {type Key, parseKeys} from '../source/ui/keys.js';
import {type EditorState, editLine, editorText, emptyEditor} from '../source/ui/line-editor.js';
import {entryForLine, nameColor} from '../source/ui/transcript-entries.js';

const type = (state: EditorState, ...keys: (Key | string)[]) => {
	let submitted: string | undefined;
	for (const key of keys) {
		const result = editLine(state, typeof key === 'string' ? {type: 'text', text: key} : key);
		state = result.state;
		if (result.submit !== undefined) submitted = result.submit;
	}
	return {state, submitted};
};

describe('parseKeys', () => {
	test('text, Enter, and the control keys', () => {
		assert.deepEqual(parseKeys('hi'), [{type: 'text', text: 'hi'}]);
		assert.deepEqual(parseKeys('\r'), [{type: 'enter'}]);
		assert.deepEqual(parseKeys('\u007f'), [{type: 'backspace'}]);
		assert.deepEqual(parseKeys('\u0001\u0005\u0015\u0017\u000b\u0003\u0004'), [
			{type: 'home'},
			{type: 'end'},
			{type: 'killToStart'},
			{type: 'killWord'},
			{type: 'killToEnd'},
			{type: 'interrupt'},
			{type: 'endOfInput'},
		]);
	});

	test('escape sequences for arrows, Home/End, Delete and word moves', () => {
		const cases: [string, Key['type']][] = [
			['\u001b[A', 'up'],
			['\u001b[B', 'down'],
			['\u001b[C', 'right'],
			['\u001b[D', 'left'],
			['\u001bOH', 'home'],
			['\u001b[F', 'end'],
			['\u001b[3~', 'delete'],
			['\u001b[1;5D', 'wordLeft'],
			['\u001bf', 'wordRight'],
		];
		for (const [sequence, key] of cases) assert.deepEqual(parseKeys(sequence), [{type: key}], key);
		assert.deepEqual(parseKeys('\u001b[15~'), [], 'unknown sequences are ignored');
	});

	test('a multi-line paste is text and Enter, in order; CR LF counts once', () => {
		assert.deepEqual(parseKeys('one\r\ntwo\rthree'), [
			{type: 'text', text: 'one'},
			{type: 'enter'},
			{type: 'text', text: 'two'},
			{type: 'enter'},
			{type: 'text', text: 'three'},
		]);
	});
});

describe('line editor', () => {
	test('inserts at the cursor and moves by grapheme, so emoji and accents stay whole', () => {
		let {state} = type(emptyEditor, 'a👍🏽e\u0301z');
		assert.equal(state.chars.length, 4);
		state = type(state, {type: 'left'}, {type: 'left'}, {type: 'backspace'}).state;
		assert.equal(editorText(state), 'ae\u0301z');
		state = type(state, {type: 'delete'}).state;
		assert.equal(editorText(state), 'az');
	});

	test('Home, End, Ctrl-U, Ctrl-K and Ctrl-W', () => {
		let {state} = type(emptyEditor, 'hello big world');
		state = type(state, {type: 'killWord'}).state;
		assert.equal(editorText(state), 'hello big ');
		state = type(state, {type: 'home'}, '> ').state;
		assert.equal(editorText(state), '> hello big ');
		state = type(state, {type: 'killToEnd'}).state;
		assert.equal(editorText(state), '> ');
		state = type(state, {type: 'end'}, 'x', {type: 'killToStart'}).state;
		assert.deepEqual([editorText(state), state.cursor], ['', 0]);
	});

	test('word moves', () => {
		let {state} = type(emptyEditor, 'one two three');
		state = type(state, {type: 'wordLeft'}).state;
		assert.equal(state.cursor, 8);
		state = type(state, {type: 'wordLeft'}, {type: 'wordLeft'}).state;
		assert.equal(state.cursor, 0);
		state = type(state, {type: 'wordRight'}).state;
		assert.equal(state.cursor, 3);
	});

	test('Enter submits and clears; Up and Down browse history and keep the draft', () => {
		let result = type(emptyEditor, 'first', {type: 'enter'});
		assert.equal(result.submitted, 'first');
		result = type(result.state, 'second', {type: 'enter'}, 'draft');
		let state = type(result.state, {type: 'up'}).state;
		assert.equal(editorText(state), 'second');
		state = type(state, {type: 'up'}, {type: 'up'}).state;
		assert.equal(editorText(state), 'first');
		state = type(state, {type: 'down'}, {type: 'down'}).state;
		assert.equal(editorText(state), 'draft');
	});

	test('pieces typed apart that make one grapheme are one grapheme (found by the property tests)', () => {
		// Shrunk counter-example: 'a' then a zero-width joiner left the cursor between them.
		let {state} = type(emptyEditor, 'a', '\u200d');
		assert.deepEqual([state.chars, state.cursor], [['a\u200d'], 1]);
		// An accent typed (or read) apart from its letter, before and after the cursor.
		state = type(emptyEditor, 'e', '\u0301', 'z', {type: 'left'}).state;
		assert.deepEqual([state.chars, state.cursor], [['e\u0301', 'z'], 1]);
		state = type(emptyEditor, 'ez', {type: 'left'}, '\u0301').state;
		assert.deepEqual([state.chars, state.cursor], [['e\u0301', 'z'], 1]);
		// Deleting what stood between Hangul jamo joins them into one syllable.
		state = type(emptyEditor, '\u1100x\u1161', {type: 'left'}, {type: 'backspace'}).state;
		assert.deepEqual([state.chars, state.cursor], [['\u1100\u1161'], 1]);
	});
});

describe('transcript', () => {
	test('server lines become entries of the right kind', () => {
		const kinds = [
			'Sam: hi',
			'--> Sam entered.',
			'<-- Sam left.',
			'*** note',
			'Bye!',
			'Welcome, Zoë!',
			'???',
		].map((line) => entryForLine(parseServerLine(line)).kind);
		assert.deepEqual(kinds, ['message', 'join', 'leave', 'notice', 'info', 'info', 'other']);
	});

	test('a name keeps its colour, whatever its case', () => {
		assert.equal(nameColor('Zoë'), nameColor('ZOË'));
		const colors = new Set(['ann', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus'].map(nameColor));
		assert.ok(colors.size > 3, 'names spread over the palette');
	});
});

describe('client helpers', () => {
	test('reconnect delays double from 1 s up to 30 s', () => {
		assert.deepEqual(
			[1, 2, 3, 4, 5, 6, 7].map((attempt) => reconnectDelay(attempt)),
			[1000, 2000, 4000, 8000, 16_000, 30_000, 30_000],
		);
	});

	test('incoming lines: split on LF, and an endless line is cut, not dropped', () => {
		const lines = new IncomingLines(10);
		assert.deepEqual(lines.push('a\nb'), ['a']);
		assert.deepEqual(lines.push('c\n'), ['bc']);
		assert.deepEqual(lines.push('x'.repeat(25)), ['x'.repeat(10), 'x'.repeat(10)]);
		assert.deepEqual(lines.end(), ['x'.repeat(5)]);
	});

	test('HOST:PORT is written one way everywhere: IPv6 in brackets, IPv4-mapped as IPv4', () => {
		assert.equal(formatHostPort('localhost', 4242), 'localhost:4242');
		assert.equal(formatHostPort('::1', 4242), '[::1]:4242');
		assert.equal(formatHostPort('2001:db8::7', 80), '[2001:db8::7]:80');
		assert.equal(formatHostPort('::ffff:127.0.0.1', 5000), '127.0.0.1:5000');
	});

	test('HOST, HOST:PORT, [IPv6]:PORT and --port', () => {
		assert.deepEqual(parseTarget(undefined, undefined), {host: 'localhost', port: 4242});
		assert.deepEqual(parseTarget('example.org', '5000'), {host: 'example.org', port: 5000});
		assert.deepEqual(parseTarget('example.org:6000', undefined), {host: 'example.org', port: 6000});
		assert.deepEqual(parseTarget('[::1]:7000', undefined), {host: '::1', port: 7000});
		assert.deepEqual(parseTarget('::1', undefined), {host: '::1', port: 4242});
		assert.throws(() => parseTarget('host:http', undefined), /must be a whole number/);
		assert.throws(() => parseTarget('host', '0'), /--port/);
	});

	test('a URL is refused with the HOST:PORT to give instead', () => {
		for (const [url, instead] of [
			['http://localhost:4343', 'localhost:4343'],
			['telnet://example.org', 'example.org:4242'],
			['https://[::1]:5000/chat', '[::1]:5000'],
		]) {
			assert.throws(() => parseTarget(url, undefined), {
				name: 'UsageError',
				message: `"${url}" is a URL; give HOST or HOST:PORT, such as ${instead}`,
			});
		}
	});
});
