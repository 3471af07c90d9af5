// The benchmark scenarios, each run on a fresh server process: fan-out throughput, latency at an
// ordinary rate, ten thousand idle clients, and a slow consumer. Sizes come from the runner.

import {LoadGenerator, type Totals} from './generator/coordinator.js';
import type {ClientSpec} from './generator/protocol.js';
import {ServerProcess, type Target} from './server-process.js';
import {median} from './stats.js';

export interface Sizes {
	durationMs: number;
	workers: number;
	/** How long a scenario may take to settle before it is reported as not finished. */
	limitMs: number;
}

export interface Result {
	/** Numbers by measure name; `loss` is in every result. */
	values: Record<string, number>;
	notes: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SENDERS = 10;
const AUDITORS = 10;

function clientSpecs(count: number, senders: number, auditors: number): ClientSpec[] {
	return Array.from({length: count}, (_, index) => ({
		index,
		name: `c${index}`,
		role: index < senders ? 'sender' : 'receiver',
		audit: index >= senders && index < senders + auditors,
	}));
}

/** Lines every client has once all are named: prompt and welcome, plus one join per later arrival. */
const settledLines = (count: number) => 2 * count + (count * (count - 1)) / 2;

async function withRig<T>(
	target: Target,
	sizes: Sizes,
	body: (server: ServerProcess, generator: LoadGenerator) => Promise<T>,
): Promise<T> {
	const server = await ServerProcess.start(target);
	const generator = LoadGenerator.start(sizes.workers);
	try {
		return await body(server, generator);
	} finally {
		generator.close();
		await server.stop();
	}
}

/** Sends for the duration, sampling deliveries each second; then waits for every line to land. */
async function measureSending(
	server: ServerProcess,
	generator: LoadGenerator,
	sizes: Sizes,
	linesPerSecond: number,
	receiversPerLine: number,
	/** Lines that are not chat lines but arrive too (such as leave lines), given the totals. */
	extraLines: (totals: Totals) => number = () => 0,
): Promise<{values: Record<string, number>; totals: Totals}> {
	const before = await generator.totals();
	const cpuBefore = server.sample().cpuSeconds;
	const started = Date.now();
	const sending = generator.send(sizes.durationMs, linesPerSecond);
	const rates: number[] = [];
	let previous = before.lines;
	let previousAt = started;
	let finished = false;
	void sending.then(() => {
		finished = true;
	});
	while (!finished) {
		await sleep(1000);
		if (finished) break;
		const totals = await generator.totals();
		const now = Date.now();
		rates.push((totals.lines - previous) / ((now - previousAt) / 1000));
		previous = totals.lines;
		previousAt = now;
	}
	const sent = await sending;
	const expected = sent * receiversPerLine;
	const totals = await generator.waitUntil(
		(t) => t.lines - before.lines - extraLines(t) >= expected,
		3000,
		sizes.limitMs,
	);
	const elapsed = (Date.now() - started) / 1000;
	const delivered = totals.lines - before.lines - extraLines(totals);
	const after = server.alive ? server.sample() : undefined;
	return {
		totals,
		values: {
			deliveriesPerSecond: median(rates.length ? rates : [delivered / elapsed]),
			loss: expected - delivered,
			outOfOrder: totals.outOfOrder,
			dropped: totals.dropped,
			latencyP50Ms: totals.latency.quantile(0.5) / 1000,
			latencyP99Ms: totals.latency.quantile(0.99) / 1000,
			latencyMaxMs: totals.latency.max / 1000,
			serverCpuCores: after ? (after.cpuSeconds - cpuBefore) / elapsed : Number.NaN,
			serverPeakRssMb: after ? after.peakRss / 2 ** 20 : Number.NaN,
		},
	};
}

/** N clients, 10 of them sending (as fast as TCP takes, or at a rate), everyone receiving. */
export function fanout(
	target: Target,
	clients: number,
	sizes: Sizes,
	linesPerSecondEach = 0,
): Promise<Result> {
	return withRig(target, sizes, async (server, generator) => {
		await generator.connect(server.port, clientSpecs(clients, SENDERS, AUDITORS), 100);
		const settled = settledLines(clients);
		const ready = await generator.waitUntil((t) => t.lines >= settled, 5000, sizes.limitMs);
		if (ready.lines < settled)
			return {values: {loss: settled - ready.lines}, notes: ['joins never settled']};
		const {values} = await measureSending(
			server,
			generator,
			sizes,
			linesPerSecondEach,
			clients - 1,
		);
		return {values, notes: []};
	});
}

/** N clients connect (at most 200 at a time) and name themselves, then idle. */
export function idle(target: Target, clients: number, sizes: Sizes): Promise<Result> {
	return withRig(target, sizes, async (server, generator) => {
		await sleep(500);
		const rssBefore = server.sample().rss;
		const started = Date.now();
		await generator.connect(server.port, clientSpecs(clients, 0, 0), 200);
		const welcomedSeconds = (Date.now() - started) / 1000;
		const settled = settledLines(clients);
		const totals = await generator.waitUntil((t) => t.lines >= settled, 10_000, sizes.limitMs);
		const finished = totals.lines >= settled;
		const allJoinedSeconds = (Date.now() - started) / 1000;
		await sleep(2000);
		const after = server.sample();
		return {
			values: {
				loss: settled - totals.lines,
				welcomedSeconds,
				allJoinedSeconds: finished ? allJoinedSeconds : Number.POSITIVE_INFINITY,
				limitSeconds: sizes.limitMs / 1000,
				bytesPerConnection: (after.rss - rssBefore) / clients,
				serverPeakRssMb: after.peakRss / 2 ** 20,
			},
			notes: finished ? [] : [`not every join arrived within ${sizes.limitMs / 1000} s`],
		};
	});
}

/** N clients plus one that never reads, 10 senders at full speed. */
export function slowConsumer(target: Target, clients: number, sizes: Sizes): Promise<Result> {
	return withRig(target, sizes, async (server, generator) => {
		await generator.connect(server.port, clientSpecs(clients, SENDERS, AUDITORS), 100);
		await generator.connect(
			server.port,
			[{index: clients, name: 'sleeper', role: 'sleeper', audit: false}],
			1,
		);
		const settled = settledLines(clients) + clients; // everyone also saw the sleeper join
		await generator.waitUntil((t) => t.lines >= settled, 5000, sizes.limitMs);
		// A dropped sleeper adds one leave line for everyone else; it is not a chat line.
		const {values, totals} = await measureSending(
			server,
			generator,
			sizes,
			0,
			clients - 1,
			(t) => t.droppedSleepers * clients,
		);
		return {values: {...values, sleeperDropped: totals.droppedSleepers}, notes: []};
	});
}

/** The generator's ceiling: N clients reading a write-only fan-out (blast-server.mjs) for the duration. */
export function ceiling(clients: number, sizes: Sizes): Promise<Result> {
	return withRig('blast', sizes, async (server, generator) => {
		await generator.connect(server.port, clientSpecs(clients, 0, 0), 100);
		const rates: number[] = [];
		let previous = (await generator.totals()).lines;
		let previousAt = Date.now();
		const until = previousAt + sizes.durationMs;
		while (Date.now() < until) {
			await sleep(1000);
			const lines = (await generator.totals()).lines;
			const now = Date.now();
			rates.push((lines - previous) / ((now - previousAt) / 1000));
			previous = lines;
			previousAt = now;
		}
		return {values: {deliveriesPerSecond: median(rates), loss: 0}, notes: []};
	});
}
