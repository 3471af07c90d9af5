// Unit tests of the benchmark's pure pieces: payload encoding, the latency histogram and median,
// /proc parsing, and the report's ratios and table.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {decodePayload, encodePayload} from '../bench/generator/payload.js';
import {parseCpuSeconds, parseMemory} from '../bench/proc-stats.js';
import {advantage, formatNumber, markdownTable, type Row} from '../bench/report.js';
import {Histogram, median} from '../bench/stats.js';

describe('bench payload', () => {
	test('round-trips through a relayed line and a bare one', () => {
		const payload = encodePayload(3, 17, 123_456_789);
		assert.deepEqual(decodePayload(`c3: ${payload}`), {sender: 3, seq: 17, sentAt: 123_456_789});
		assert.deepEqual(decodePayload(payload), {sender: 3, seq: 17, sentAt: 123_456_789});
		assert.equal(decodePayload('--> c3 entered.'), undefined);
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
