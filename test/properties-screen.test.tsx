// Properties of what a repaint relies on, over generated input: the cursor's row followed through
// any writes (cursor-row.ts), what fills the screen above the live area (screenTail), and that an
// entry takes on screen exactly the rows the layout counts for it.
// FC_RUNS and FC_SEED set the cases and seed (test/helpers/property.ts).

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import fc from 'fast-check';
import {render} from 'ink-testing-library';
import {cursorRowAfter} from '../source/cli/cursor-row.js';
import {TranscriptLine} from '../source/ui/TranscriptLine.js';
import {type Entry, type EntryKind, entry} from '../source/ui/transcript-entries.js';
import {entryRows, screenTail} from '../source/ui/transcript-layout.js';
import {holds} from './helpers/property.js';

/** What Ink and natter write: text, newlines, cursor moves, positions, colours, mode switches. */
const piece = fc.oneof(
	fc.string({maxLength: 12}).map((text) => text.replace(/[\n\u001b]/g, '')),
	fc.constant('\n'),
	fc
		.tuple(fc.nat(30), fc.constantFrom('A', 'B', 'E', 'F'))
		.map(([n, move]) => `\u001b[${n || ''}${move}`),
	fc.tuple(fc.nat(40), fc.nat(120)).map(([row, column]) => `\u001b[${row};${column}H`),
	fc.constantFrom(
		'\u001b[H',
		'\u001b[2K',
		'\u001b[G',
		'\u001b[32m',
		'\u001b[?2026h',
		'\u001b[?25l',
	),
);

describe('cursorRowAfter (properties)', () => {
	test('the row stays on the screen, whatever is written', () =>
		holds(
			fc.property(
				fc.array(piece, {maxLength: 40}),
				fc.integer({min: 1, max: 60}),
				(pieces, rows) => {
					const row = cursorRowAfter(0, pieces.join(''), rows);
					return Number.isInteger(row) && row >= 0 && row < rows;
				},
			),
		));

	test('writes in pieces end where one write of them all ends', () =>
		holds(
			fc.property(
				fc.array(piece, {maxLength: 40}),
				fc.integer({min: 1, max: 60}),
				fc.nat(59),
				(pieces, rows, start) => {
					const from = start % rows;
					const once = cursorRowAfter(from, pieces.join(''), rows);
					const inPieces = pieces.reduce((row, text) => cursorRowAfter(row, text, rows), from);
					return once === inPieces;
				},
			),
		));
});

const KINDS: EntryKind[] = ['message', 'action', 'private', 'own', 'notice', 'join', 'info'];
const anEntry = fc
	.tuple(
		fc.constantFrom(...KINDS),
		fc.string({unit: 'grapheme', maxLength: 240}).map((text) => text.replace(/[\n\r\t]/g, ' ')),
		fc.constantFrom('sam', 'Zoë', 'a-rather-long-name'),
	)
	.map(([kind, text, from]) => entry(kind, text, from));

describe('screenTail (properties)', () => {
	test('fills exactly the rows asked for, with the last entries, the first cut or blank rows first', () =>
		holds(
			fc.property(
				fc.array(anEntry, {maxLength: 30}),
				fc.integer({min: 20, max: 200}),
				fc.nat(60),
				(entries, columns, rows) => {
					const tail = screenTail(entries, columns, rows);
					assert.deepEqual(tail.entries, entries.slice(entries.length - tail.entries.length));
					if (tail.entries.length === 0) {
						assert.ok(rows === 0 || entries.length === 0);
						return;
					}
					const taken = tail.entries.reduce((sum, one) => sum + entryRows(one, columns), 0);
					assert.equal(tail.blank + taken - tail.skip, rows, 'exactly the rows');
					assert.ok(
						tail.skip < entryRows(tail.entries[0] as Entry, columns),
						'the first keeps a row',
					);
					if (tail.blank > 0) assert.equal(tail.entries.length, entries.length, 'blank: all shown');
					assert.ok(tail.blank === 0 || tail.skip === 0);
				},
			),
		));
});

describe('transcript layout (properties)', () => {
	test('an entry takes on screen exactly the rows entryRows counts', () =>
		holds(
			fc.property(anEntry, (one) => {
				const screen = render(<TranscriptLine entry={one} />); // 100 columns
				const frame = screen.lastFrame() ?? '';
				screen.unmount();
				assert.equal(frame.split('\n').length, entryRows(one, 100), frame);
			}),
		));
});
