// The benchmark scenarios, each run on a fresh server process: fan-out throughput, latency at an
// ordinary rate, ten thousand idle clients, and a slow consumer. Sizes come from the runner.

import {lobbyClients as clientSpecs, settledLines} from './layout.js';
import {measureSending, type Result, type Sizes, sleep, withRig} from './rig.js';
import type {ServerProcess, Target} from './server-process.js';
import {median} from './stats.js';
import {benchCert} from './tls-cert.js';

export type {Result, Sizes} from './rig.js';

const SENDERS = 10;
const AUDITORS = 10;

/**
 * How the clients connect in the TLS comparisons: the server has a TLS listener beside its plain
 * one in both, and the clients use one or the other. Without it, the server has no TLS listener.
 */
export type Over = 'plain' | 'tls';

/** The flags that give natter a TLS listener on a free port, with the throwaway certificate. */
export function tlsFlags(): string[] {
	const {cert, key} = benchCert();
	return ['--tls-cert', cert, '--tls-key', key, '--tls-port', '0'];
}

const portFor = (server: ServerProcess, over: Over | undefined): number =>
	over === 'tls' ? (server.tlsPort as number) : server.port;

/**
 * N clients, 10 of them sending (as fast as TCP takes, or at a rate), everyone receiving; `over`
 * TLS or plain TCP to a server with both listeners.
 */
export function fanout(
	target: Target,
	clients: number,
	sizes: Sizes,
	linesPerSecondEach = 0,
	over?: Over,
): Promise<Result> {
	return withRig(
		target,
		sizes,
		async (server, generator) => {
			await generator.connect(
				portFor(server, over),
				clientSpecs(clients, SENDERS, AUDITORS),
				100,
				over === 'tls',
			);
			const settled = settledLines(clients);
			const ready = await generator.waitUntil((t) => t.lines >= settled, 5000, sizes.limitMs);
			if (ready.lines < settled)
				return {values: {loss: settled - ready.lines}, notes: ['joins never settled']};
			const {values} = await measureSending(server, generator, sizes, {
				linesPerSecond: linesPerSecondEach,
				receiversPerLine: clients - 1,
			});
			return {values, notes: []};
		},
		over ? tlsFlags() : [],
	);
}

/**
 * N clients connect (at most 200 at a time) and name themselves, then idle; `over` TLS or plain
 * TCP to a server with both listeners.
 */
export function idle(target: Target, clients: number, sizes: Sizes, over?: Over): Promise<Result> {
	return withRig(
		target,
		sizes,
		async (server, generator) => {
			await sleep(500);
			const rssBefore = server.sample().rss;
			const started = Date.now();
			await generator.connect(
				portFor(server, over),
				clientSpecs(clients, 0, 0),
				200,
				over === 'tls',
			);
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
		},
		over ? tlsFlags() : [],
	);
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

/**
 * The generator's ceiling: N clients reading a write-only fan-out (blast-server.mjs) for the
 * duration, over plain TCP or, with `over` 'tls', over TLS.
 */
export function ceiling(clients: number, sizes: Sizes, over: Over = 'plain'): Promise<Result> {
	const flags = over === 'tls' ? tlsFlags() : [];
	return withRig(
		'blast',
		sizes,
		async (server, generator) => {
			await generator.connect(server.port, clientSpecs(clients, 0, 0), 100, over === 'tls');
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
		},
		flags,
	);
}
