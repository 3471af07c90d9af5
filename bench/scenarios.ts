// The benchmark scenarios, each run on a fresh server process: fan-out throughput, latency at an
// ordinary rate, ten thousand idle clients, and a slow consumer. Sizes come from the runner.

import {lobbyClients as clientSpecs, settledLines} from './layout.js';
import {measureSending, type Result, type Sizes, sleep, withRig} from './rig.js';
import type {Target} from './server-process.js';
import {median} from './stats.js';

export type {Result, Sizes} from './rig.js';

const SENDERS = 10;
const AUDITORS = 10;

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
		const {values} = await measureSending(server, generator, sizes, {
			linesPerSecond: linesPerSecondEach,
			receiversPerLine: clients - 1,
		});
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
		const {values, totals} = await measureSending(server, generator, sizes, {
			receiversPerLine: clients - 1,
			extraLines: (t) => t.droppedSleepers * clients,
		});
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
