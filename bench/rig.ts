// The rig every server scenario runs on: a fresh server process and load generator per run, and
// the measuring of one sending phase (rate samples, the wait for every line, server CPU and RSS).

import type {LoadGenerator, Totals} from './generator/coordinator.js';
import {LoadGenerator as Generator} from './generator/coordinator.js';
import type {SendMode} from './generator/protocol.js';
import {sampleIo} from './proc-stats.js';
import {type Sampled, ServerProcess, type Target} from './server-process.js';
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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh server (with `extra` flags, natter only) and generator around `body`; both stopped after. */
export async function withRig<T>(
	target: Target,
	sizes: Sizes,
	body: (server: ServerProcess, generator: LoadGenerator) => Promise<T>,
	extra: string[] = [],
): Promise<T> {
	const server = await ServerProcess.start(target, extra);
	const generator = Generator.start(sizes.workers);
	try {
		return await body(server, generator);
	} finally {
		generator.close();
		await server.stop();
	}
}

export interface Phase {
	/** Lines each sender writes per second; 0 is full speed, closed-loop. */
	linesPerSecond?: number;
	/** Clients that receive each sent line. */
	receiversPerLine: number;
	/** Lines that are not chat lines but arrive too (such as leave lines), given the totals. */
	extraLines?: (totals: Totals) => number;
	/** What senders write: a line to their room (default), or `/msg` to a random other. */
	mode?: SendMode;
}

/**
 * Sends for the duration, sampling deliveries each second; then waits for every line to land.
 * `server` is what is measured for CPU and memory (one process, or several added up); with a
 * `pid`, that process's write system calls and bytes written are counted over the phase too.
 */
export async function measureSending(
	server: Sampled & {pid?: number},
	generator: LoadGenerator,
	sizes: Sizes,
	phase: Phase,
): Promise<{values: Record<string, number>; totals: Totals}> {
	const extraLines = phase.extraLines ?? (() => 0);
	const before = await generator.totals();
	const cpuBefore = server.sample().cpuSeconds;
	const ioBefore = server.pid === undefined ? undefined : sampleIo(server.pid);
	const started = Date.now();
	const sending = generator.send(sizes.durationMs, phase.linesPerSecond ?? 0, phase.mode ?? 'say');
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
	const expected = sent * phase.receiversPerLine;
	const totals = await generator.waitUntil(
		(t) => t.lines - before.lines - extraLines(t) >= expected,
		3000,
		sizes.limitMs,
	);
	const elapsed = (Date.now() - started) / 1000;
	const delivered = totals.lines - before.lines - extraLines(totals);
	const after = server.alive ? server.sample() : undefined;
	const cpuSeconds = after ? after.cpuSeconds - cpuBefore : Number.NaN;
	const ioAfter = server.pid !== undefined && server.alive ? sampleIo(server.pid) : undefined;
	const writeCalls = ioBefore && ioAfter ? ioAfter.writeCalls - ioBefore.writeCalls : Number.NaN;
	const writtenBytes =
		ioBefore && ioAfter ? ioAfter.writtenBytes - ioBefore.writtenBytes : Number.NaN;
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
			serverCpuCores: cpuSeconds / elapsed,
			// The whole phase's server CPU (sending and draining) over every line delivered in it.
			cpuNanosPerDelivery: (cpuSeconds * 1e9) / delivered,
			serverPeakRssMb: after ? after.peakRss / 2 ** 20 : Number.NaN,
			linesSent: sent,
			// What the server wrote to sockets in the phase: system calls, and bytes on the wire
			// (after TLS) against the bytes its clients read (before TLS).
			writeCalls,
			writtenBytes,
			receivedBytes: totals.bytes - before.bytes,
		},
	};
}
