// The pure parts of repainting the screen after a resize: following the cursor's row through
// what natter writes (cursor-row.ts), and choosing what fills the rows above the live area
// (transcript-layout.ts's screenTail); and TerminalOutput doing it on a resize.

import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {describe, test} from 'node:test';
import {cursorRowAfter, cursorRowAfterResize} from '../source/cli/cursor-row.js';
import {CLEAR_VISIBLE, TerminalOutput} from '../source/cli/terminal-output.js';
import {entry} from '../source/ui/transcript-entries.js';
import {entryRows, screenTail} from '../source/ui/transcript-layout.js';

describe('cursorRowAfter', () => {
	test('newlines move down and stop at the bottom row (the screen scrolls)', () => {
		assert.equal(cursorRowAfter(0, 'a\nb\n', 24), 2);
		assert.equal(cursorRowAfter(20, '\n'.repeat(10), 24), 23);
	});

	test("Ink's erase (up, clear) and cursor up, down and position", () => {
		const erase3 = '\u001b[2K\u001b[1A\u001b[2K\u001b[1A\u001b[2K\u001b[G';
		assert.equal(cursorRowAfter(10, erase3, 24), 8);
		assert.equal(cursorRowAfter(1, erase3, 24), 0, 'not above the top');
		assert.equal(cursorRowAfter(5, '\u001b[3A\u001b[B', 24), 3);
		assert.equal(cursorRowAfter(5, '\u001b[A', 24), 4, 'no count is one');
		assert.equal(cursorRowAfter(5, '\u001b[40B', 24), 23);
		assert.equal(cursorRowAfter(5, '\u001b[2F\u001b[E', 24), 4, 'previous and next line');
		assert.equal(cursorRowAfter(9, '\u001b[H', 24), 0);
		assert.equal(cursorRowAfter(9, '\u001b[7;1H', 24), 6);
		assert.equal(cursorRowAfter(9, CLEAR_VISIBLE, 24), 0);
	});

	test('colours, cursor visibility and synchronised output do not move it', () => {
		assert.equal(
			cursorRowAfter(4, '\u001b[?2026h\u001b[32m● x\u001b[39m\u001b[?25l\u001b[?2026l', 24),
			4,
		);
	});
});

describe('cursorRowAfterResize', () => {
	test('the rows above the cursor are kept: shrinking moves it only at the bottom', () => {
		assert.equal(cursorRowAfterResize(5, 24, 10), 5);
		assert.equal(cursorRowAfterResize(20, 24, 10), 9);
	});

	test('growing pulls rows back from the scrollback above it', () => {
		assert.equal(cursorRowAfterResize(23, 24, 30), 29);
	});
});

describe('screenTail', () => {
	const lines = (count: number) =>
		Array.from({length: count}, (_, index) => entry('other', `line ${index}`));

	test('the last entries that fill the rows, blank rows first when they are too few', () => {
		const entries = lines(5);
		assert.deepEqual(screenTail(entries, 80, 3), {entries: entries.slice(2), blank: 0, skip: 0});
		assert.deepEqual(screenTail(entries, 80, 8), {entries, blank: 3, skip: 0});
		assert.deepEqual(screenTail(entries, 80, 0), {entries: [], blank: 0, skip: 0});
		assert.deepEqual(screenTail([], 80, 8), {entries: [], blank: 0, skip: 0});
	});

	test('an entry that begins above the screen is cut at its top', () => {
		const long = entry('message', `first ${'word '.repeat(30)}last`, 'sam');
		const rows = entryRows(long, 40);
		assert.ok(rows > 2, `wraps at 40 columns (${rows} rows)`);
		const entries = [...lines(2), long, ...lines(1)];
		assert.deepEqual(screenTail(entries, 40, 3), {
			entries: [long, entries[3]],
			blank: 0,
			skip: rows - 2,
		});
	});
});

/** A stand-in for a terminal's stdout: a stream with a size that can change. */
function fakeTerminal(columns: number, rows: number) {
	const stream = Object.assign(new PassThrough(), {columns, rows, isTTY: true});
	let written = '';
	stream.on('data', (chunk: Buffer) => {
		written += chunk.toString();
	});
	return {
		stream: stream as unknown as NodeJS.WriteStream & typeof stream,
		take: async () => {
			await new Promise((resolve) => setImmediate(resolve));
			const all = written;
			written = '';
			return all;
		},
	};
}

describe('TerminalOutput', () => {
	test('starts on the last row, and on a resize clears the screen and repaints up to the cursor', async () => {
		const terminal = fakeTerminal(100, 10);
		const output = new TerminalOutput(terminal.stream);
		output.start();
		assert.equal(await terminal.take(), '\n'.repeat(9));
		output.write('\u001b[2K\u001b[1A\u001b[2K\u001b[G'); // an erase of two rows: row 8
		const repaints: number[] = [];
		let printing = true;
		output.onRepaint((row) => {
			repaints.push(row);
			return printing;
		});
		let inkResized = 0;
		output.on('resize', () => inkResized++);
		await terminal.take();

		terminal.stream.columns = 30;
		terminal.stream.emit('resize');
		assert.deepEqual(repaints, [8], 'the app repaints the rows above the cursor');
		assert.equal(await terminal.take(), CLEAR_VISIBLE, 'after clearing the screen');
		assert.equal(inkResized, 0, 'its next frame draws the lines and the live area together');

		// A resize before that frame is drawn repaints to the same row, not to the top.
		terminal.stream.columns = 50;
		terminal.stream.emit('resize');
		assert.deepEqual(repaints, [8, 8]);
		output.write(`${'\n'.repeat(6)}status\ninput\n`); // the lines, then the live area: row 8
		output.write('\u001b[2K\u001b[1A\u001b[2K\u001b[G'); // a shorter live area: row 7
		terminal.stream.emit('resize');
		assert.deepEqual(repaints, [8, 8, 7], 'once drawn, the cursor is followed again');

		printing = false; // nothing to print again: Ink draws the live area at once
		terminal.stream.emit('resize');
		assert.ok(inkResized >= 1, 'Ink is told to draw');
		output.close();
	});
});
