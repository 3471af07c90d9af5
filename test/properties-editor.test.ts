// Properties of the client's input line over generated keys and terminal input: the line editor
// keeps its cursor on a grapheme boundary inside the line, whatever the keys; and the keys read
// from the terminal do not depend on how the input was cut into reads.
//
// parseKeys alone is stateless: it reads one chunk. What makes it whole across reads is Ink, which
// holds an unfinished escape sequence until the rest arrives (ink's App, input-parser.js) and
// passes each sequence, and each run of text between them, to `useKeys` as one chunk. So the key
// properties drive the real path: a component using `useKeys`, rendered by ink-testing-library,
// its stdin written read by read. FC_RUNS and FC_SEED set the cases and seed.

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import fc from 'fast-check';
import {render} from 'ink-testing-library';
import {createElement} from 'react';
import type {Key} from '../source/ui/keys.js';
import {type EditorState, editLine, emptyEditor} from '../source/ui/line-editor.js';
import {ESCAPE_WAIT_MS, useKeys} from '../source/ui/use-keys.js';
import {cutPoints, holds, holdsAsync, splitAt} from './helpers/property.js';

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const graphemes = (text: string) => Array.from(segmenter.segment(text), ({segment}) => segment);

/**
 * Text that is hard to cut into graphemes: combining marks, emoji with modifiers and joiners,
 * flags (regional indicator pairs), Hangul jamo, Indic conjuncts, CR LF, wide and plain letters.
 */
const hardText = fc
	.array(
		fc.oneof(
			fc.constantFrom(
				'a',
				'e',
				'Z',
				' ',
				'-',
				'\u0301',
				'\u0308',
				'\u200d',
				'\ufe0f',
				'👋',
				'🏽',
				'👩',
				'💻',
				'🇫',
				'🇷',
				'\u1100',
				'\u1161',
				'\u11a8',
				'क',
				'\u094d',
				'ष',
				'山',
				'é',
				'e\u0301',
				'👩\u200d💻',
				'\r\n',
			),
			fc.string({unit: 'grapheme', maxLength: 3}),
		),
		{minLength: 1, maxLength: 6},
	)
	.map((pieces) => pieces.join(''));

const KEY_TYPES = [
	'enter',
	'backspace',
	'delete',
	'left',
	'right',
	'wordLeft',
	'wordRight',
	'home',
	'end',
	'up',
	'down',
	'killToStart',
	'killToEnd',
	'killWord',
] as const;

/** Text as the key parser passes it on: no control characters (a TAB is a space). */
const typedText = hardText
	.map((text) => text.replace(/[\u0000-\u001f\u007f-\u009f]/gu, ''))
	.filter((text) => text !== '');

const key: fc.Arbitrary<Key> = fc.oneof(
	{weight: 2, arbitrary: typedText.map((text): Key => ({type: 'text', text}))},
	{weight: 3, arbitrary: fc.constantFrom(...KEY_TYPES).map((type): Key => ({type}))},
);

/** The editor's promise about any state: its chars are the line's graphemes, the cursor between two. */
function assertWellFormed(state: EditorState, after: string): void {
	const line = state.chars.join('');
	assert.deepEqual(state.chars, graphemes(line), `chars are the graphemes of the line, ${after}`);
	assert.ok(
		Number.isInteger(state.cursor) && state.cursor >= 0 && state.cursor <= state.chars.length,
		`the cursor ${state.cursor} is inside the line of ${state.chars.length}, ${after}`,
	);
	assert.ok(state.historyIndex >= 0 && state.historyIndex <= state.history.length);
}

function typeKeys(keys: readonly Key[], check = false): EditorState {
	let state = emptyEditor;
	keys.forEach((next, index) => {
		state = editLine(state, next).state;
		if (check) assertWellFormed(state, `after key ${index} (${JSON.stringify(next)})`);
	});
	return state;
}

describe('line editor properties', () => {
	test('for any keys the cursor stays on a grapheme boundary, inside the line', () => {
		holds(
			fc.property(fc.array(key, {maxLength: 30}), (keys) => {
				typeKeys(keys, true);
			}),
		);
	});

	test('typing text inserts it at the cursor', () => {
		holds(
			fc.property(fc.array(key, {maxLength: 20}), typedText, (keys, text) => {
				const state = typeKeys(keys);
				const before = state.chars.slice(0, state.cursor).join('');
				const after = state.chars.slice(state.cursor).join('');
				const typed = editLine(state, {type: 'text', text}).state;
				assert.equal(typed.chars.join(''), before + text + after);
				assert.ok(typed.chars.slice(0, typed.cursor).join('').length >= (before + text).length);
			}),
		);
	});

	/** Long text: runs of the hard pieces, so the editor cuts it a window at a time. */
	const longText = fc
		.array(
			fc.tuple(
				fc.constantFrom(
					'a',
					'xy',
					'\u0301',
					'👋🏽',
					'🇫',
					'🇫🇷',
					'\u1100',
					'\u1161',
					'क\u094d',
					'👩\u200d💻',
					'山',
				),
				fc.integer({min: 1, max: 150}),
			),
			{minLength: 1, maxLength: 5},
		)
		.map((runs) => runs.map(([piece, count]) => piece.repeat(count)).join(''));

	test('a long paste, and a key typed into it, are cut into the graphemes of the whole line', () => {
		holds(
			fc.property(longText, typedText, fc.nat(), (text, typed, at) => {
				const pasted = editLine(emptyEditor, {type: 'text', text}).state;
				assert.deepEqual(pasted.chars, graphemes(text));
				const moved = {...pasted, cursor: at % (pasted.chars.length + 1)};
				const edited = editLine(moved, {type: 'text', text: typed}).state;
				assertWellFormed(edited, 'after typing into a long line');
			}),
		);
	});

	// At the end of the line only: in the middle, a piece may join what follows the cursor (a space
	// typed before a lone combining mark takes the mark), the cursor then goes after that grapheme,
	// and the next piece lands after it. No cursor on a grapheme boundary can avoid that.
	test('text typed in pieces at the end of the line edits it as text typed at once', () => {
		holds(
			fc.property(fc.array(key, {maxLength: 10}), typedText, cutPoints(), (keys, text, cuts) => {
				const pieces = splitAt([...text], cuts)
					.map((part) => part.join(''))
					.filter((part) => part !== '');
				const start = editLine(typeKeys(keys), {type: 'end'}).state;
				const whole = editLine(start, {type: 'text', text}).state;
				const pieced = pieces.reduce(
					(state, piece) => editLine(state, {type: 'text', text: piece}).state,
					start,
				);
				assert.deepEqual(pieced, whole);
			}),
		);
	});
});

// --- Keys from the terminal, through Ink -------------------------------------------------------

/** Every escape sequence the key parser knows, and some it does not (ignored, but whole). */
const ESCAPE_SEQUENCES = [
	'\u001b[A',
	'\u001bOA',
	'\u001b[B',
	'\u001bOB',
	'\u001b[C',
	'\u001bOC',
	'\u001b[D',
	'\u001bOD',
	'\u001b[1;5C',
	'\u001b[1;3C',
	'\u001bf',
	'\u001b[1;5D',
	'\u001b[1;3D',
	'\u001bb',
	'\u001b[H',
	'\u001bOH',
	'\u001b[1~',
	'\u001b[7~',
	'\u001b[F',
	'\u001bOF',
	'\u001b[4~',
	'\u001b[8~',
	'\u001b[3~',
	'\u001b\u007f',
	'\u001b\b',
	'\u001b[15~',
	'\u001b[200~',
	'\u001bOP',
	'\u001b[1;2A',
	'\u001b\u001b[A',
	'\u001bx',
];

// Not Tab: a Tab is the Tab key when a read ends with it (typed), and a space inside a read
// (pasted text), so by design it is not the same key wherever it comes (see keys.ts and its tests).
const CONTROL_KEYS = [...'\r\u007f\b\u0001\u0005\u0002\u0006\u0010\u000e\u0015\u000b\u0017\u0004'];

/** Terminal input as tokens that each stand alone: sequences, control keys, text, CR LF. */
const token = fc.oneof(
	{weight: 3, arbitrary: fc.constantFrom(...ESCAPE_SEQUENCES)},
	{weight: 2, arbitrary: fc.constantFrom(...CONTROL_KEYS, '\r\n')},
	{weight: 2, arbitrary: hardText.map((text) => text.replaceAll('\r\n', ''))},
);

/** Input with loose ends too: a bare Escape, a sequence cut short, a lone LF. */
const rawToken = fc.oneof(
	{weight: 6, arbitrary: token},
	{weight: 1, arbitrary: fc.constantFrom('\u001b', '\u001b[', '\u001b[1;', '\u001bO', '\n')},
);

/** Input that keeps the cursor at the end of the line: no Left, Home or word-left. */
const LEFTWARD = new Set([
	'\u001b[D',
	'\u001bOD',
	'\u001b[1;5D',
	'\u001b[1;3D',
	'\u001bb',
	'\u001b[H',
	'\u001bOH',
	'\u001b[1~',
	'\u001b[7~',
	'\u0001',
	'\u0002',
]);
const atEnd = token.filter((each) => !LEFTWARD.has(each));

/** Adjacent text keys as one: text read in two pieces is the same typing. */
function joinText(keys: readonly Key[]): Key[] {
	const joined: Key[] = [];
	for (const next of keys) {
		const last = joined.at(-1);
		if (next.type === 'text' && last?.type === 'text') {
			joined[joined.length - 1] = {type: 'text', text: last.text + next.text};
		} else joined.push(next);
	}
	return joined;
}

let app: ReturnType<typeof render> | undefined;
const received: Key[] = [];
const tick = () => new Promise((resolve) => setImmediate(resolve));

function KeyProbe() {
	useKeys((next) => received.push(next));
	return null;
}

/** The keys the client reads when the terminal delivers `reads`, one after another. */
async function keysOf(reads: readonly string[]): Promise<Key[]> {
	// A key of its own first, so nothing of the previous reads (a CR, an unfinished sequence) carries over.
	app?.stdin.write('\u0015');
	await tick();
	received.length = 0;
	for (const read of reads) if (read !== '') app?.stdin.write(read);
	await tick();
	// An escape sequence left unfinished at the end waits for more bytes, then goes as it is.
	if (/\u001b(?:\[[0-9;?]*[ -/]*|O)?$/u.test(reads.join(''))) {
		await new Promise((resolve) => setTimeout(resolve, ESCAPE_WAIT_MS + 20));
	}
	return received.splice(0);
}

/** The input cut into reads at code point boundaries, as a UTF-8 decoder delivers it. */
function readsOf(input: string, cuts: readonly number[]): string[] {
	const points = [...input];
	const moved = cuts.map((cut) => cut % (points.length + 1));
	return splitAt(points, moved).map((read) => read.join(''));
}

describe('keys read through Ink', () => {
	before(async () => {
		app = render(createElement(KeyProbe));
		await tick(); // raw mode and the input listener are set up in an effect
	});
	after(() => app?.unmount());

	test('any split of the input into reads gives the same keys', async () => {
		await holdsAsync(
			fc.asyncProperty(fc.array(rawToken, {maxLength: 10}), cutPoints(), async (tokens, cuts) => {
				const input = tokens.join('');
				const keys = joinText(await keysOf(readsOf(input, cuts)));
				assert.deepEqual(keys, joinText(await keysOf([input])));
			}),
		);
	});

	test('each escape sequence, control key and text gives its keys wherever it comes', async () => {
		await holdsAsync(
			fc.asyncProperty(fc.array(token, {maxLength: 10}), async (tokens) => {
				const alone: Key[] = [];
				for (const each of tokens) alone.push(...(await keysOf([each])));
				assert.deepEqual(joinText(await keysOf([tokens.join('')])), joinText(alone));
			}),
		);
	});

	test('and so the line is the same, however the input was cut (typing at its end)', async () => {
		await holdsAsync(
			fc.asyncProperty(fc.array(atEnd, {maxLength: 10}), cutPoints(), async (tokens, cuts) => {
				const input = tokens.join('');
				const keys = await keysOf(readsOf(input, cuts));
				assert.deepEqual(typeKeys(keys), typeKeys(await keysOf([input])));
			}),
		);
	});

	test('a CR LF cut between reads is one Enter (found by the property tests)', async () => {
		// Shrunk counter-example: "\r\n" read as "\r" then "\n" gave two Enters; the KeyReader
		// behind useKeys now keeps a CR's place across reads.
		assert.deepEqual(await keysOf(['\r', '\n']), await keysOf(['\r\n']));
	});
});
