// Unit tests of the benchmark's pure pieces: payload encoding, the latency histogram and median,
// /proc parsing, the report's ratios and table, the client layouts, dealing and join watching.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {dealClients} from '../bench/generator/deal.js';
import {JoinWatch} from '../bench/generator/join-watch.js';
import {decodePayload, encodePayload} from '../bench/generator/payload.js';
import {
	joinLines,
	lobbyClients,
	pairClients,
	roomClients,
	roomSizes,
	settledLines,
} from '../bench/layout.js';
import {parseCpuSeconds, parseIo, parseMemory} from '../bench/proc-stats.js';
import {advantage, formatNumber, markdownTable, type Row} from '../bench/report.js';
import {Histogram, median} from '../bench/stats.js';

describe('bench payload', () => {
	test('round-trips through a relayed line and a bare one', () => {
		const payload = encodePayload(3, 17, 123_456_789);
		assert.deepEqual(decodePayload(`c3: ${payload}`), {sender: 3, seq: 17, sentAt: 123_456_789});
		assert.deepEqual(decodePayload(payload), {sender: 3, seq: 17, sentAt: 123_456_789});
		assert.equal(decodePayload('--> c3 entered.'), undefined);
	});

	test('decodes a private message as a recipient gets it', () => {
		const payload = encodePayload(4, 2, 99);
		assert.deepEqual(decodePayload(`c4 (private): ${payload}`), {sender: 4, seq: 2, sentAt: 99});
	});
});

describe('bench layouts', () => {
	test('rooms of equal size, senders and auditors at the front of each', () => {
		const clients = roomClients({rooms: 3, perRoom: 5, sendersPerRoom: 2, auditorsPerRoom: 1});
		assert.equal(clients.length, 15);
		assert.deepEqual(roomSizes(clients), [5, 5, 5]);
		assert.deepEqual(
			clients.slice(5, 10).map((c) => [c.room, c.role, c.audit]),
			[
				['room1', 'sender', false],
				['room1', 'sender', false],
				['room1', 'receiver', true],
				['room1', 'receiver', false],
				['room1', 'receiver', false],
			],
		);
	});

	test('pairs: an even count, everyone sending and auditing', () => {
		const clients = pairClients(7);
		assert.equal(clients.length, 6);
		assert.deepEqual(roomSizes(clients), [2, 2, 2]);
		assert.ok(clients.every((c) => c.role === 'sender' && c.audit));
	});

	test('line counts: settling in the lobby, then moving to rooms', () => {
		assert.equal(settledLines(3), 2 * 3 + 3);
		// 4 clients into rooms of 2: 6 leave lines, 4 room changes, 1 entry per room.
		assert.equal(joinLines([2, 2]), 6 + 4 + 2);
		assert.equal(joinLines([100, 100]), (200 * 199) / 2 + 200 + 2 * ((100 * 99) / 2));
	});

	test('dealing: a room to one worker, the rest round-robin', () => {
		const shares = dealClients(
			[
				...lobbyClients(3, 0, 0),
				...roomClients({rooms: 3, perRoom: 2, sendersPerRoom: 1, auditorsPerRoom: 1}),
			],
			2,
		);
		const rooms = shares.map((share) => [...new Set(share.map((c) => c.room ?? '-'))]);
		assert.deepEqual(rooms, [
			['-', 'room0', 'room2'],
			['-', 'room1'],
		]);
		assert.equal(shares[0]?.filter((c) => c.room === undefined).length, 2);
	});
});

describe('bench join watch', () => {
	test('done at the room change when nothing follows it in the read', () => {
		const watch = new JoinWatch();
		assert.equal(watch.feed('<-- c1 left.\n*** You are now in #room0 (1 here: c0'), false);
		assert.equal(watch.feed(').\n'), true);
		assert.equal(watch.historyLines, 0);
	});

	test('done at the room change when another line follows', () => {
		const watch = new JoinWatch();
		assert.equal(watch.feed('*** You are now in #r (2 here: a, b).\n--> c entered.\n'), true);
	});

	test('waits for the end of a history block, even one split across reads', () => {
		const watch = new JoinWatch();
		assert.equal(watch.feed('*** You are now in #r (1 here: a).\n*** La'), false);
		assert.equal(watch.feed('st 2 messages in #r:\na: x\n'), false);
		assert.equal(watch.feed('a: y\n*** End of history.\n'), true);
		assert.equal(watch.historyLines, 4);
	});
});

describe('bench statistics', () => {
	test('median of odd and even counts', () => {
		assert.equal(median([3, 1, 2]), 2);
		assert.equal(median([4, 1, 3, 2]), 2.5);
		assert.ok(Number.isNaN(median([])));
	});

	test('histogram quantiles are within a few percent, and merge', () => {
		const histogram = new Histogram();
		for (let value = 1; value <= 10_000; value++) histogram.record(value);
		for (const [q, expected] of [
			[0.5, 5000],
			[0.99, 9900],
		] as const) {
			const actual = histogram.quantile(q);
			assert.ok(Math.abs(actual - expected) / expected < 0.04, `q${q}: ${actual}`);
		}
		assert.equal(histogram.max, 10_000);
		const other = new Histogram();
		other.record(50_000);
		histogram.merge(JSON.parse(JSON.stringify(other)));
		assert.equal(histogram.total, 10_001);
		assert.equal(histogram.quantile(1), 50_000);
	});
});

describe('bench /proc parsing', () => {
	test('CPU seconds from /proc/PID/stat, even with spaces in the name', () => {
		const stat =
			'1234 (node (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 100 0 0';
		assert.equal(parseCpuSeconds(stat), 3);
	});

	test('write system calls and bytes written from /proc/PID/io', () => {
		assert.deepEqual(parseIo('rchar: 6976\nwchar: 1334\nsyscr: 10\nsyscw: 46\nread_bytes: 0\n'), {
			writeCalls: 46,
			writtenBytes: 1334,
		});
	});

	test('RSS and peak RSS from /proc/PID/status', () => {
		assert.deepEqual(parseMemory('Name:\tnode\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n'), {
			rss: 1024 * 1024,
			peakRss: 2048 * 1024,
		});
	});
});

describe('bench report', () => {
	const row = (natter: number, baseline: number, better: Row['better']): Row => ({
		scenario: 's',
		measure: 'm',
		natter,
		baseline,
		better,
		target: '',
	});

	test('advantage is oriented so that more than 1 means natter is better', () => {
		assert.equal(advantage(row(10, 2, 'higher')), 5);
		assert.equal(advantage(row(2, 10, 'lower')), 5);
		assert.equal(advantage(row(1, Number.POSITIVE_INFINITY, 'lower')), Number.POSITIVE_INFINITY);
		assert.equal(advantage(row(1, 1, 'none')), undefined);
	});

	test('numbers and the table', () => {
		assert.equal(formatNumber(1_234_567.8), '1,234,568');
		assert.equal(formatNumber(12.345), '12.3');
		assert.equal(formatNumber(0.5), '0.5');
		assert.equal(formatNumber(Number.POSITIVE_INFINITY), 'did not finish');
		const table = markdownTable([{...row(10, 2, 'higher'), target: '≥ 5×', met: true}]);
		assert.match(table, /\| s \| m \| 10\.0 \| 2 \| 5\.00× \| ≥ 5× \| yes \|/);
	});
});
