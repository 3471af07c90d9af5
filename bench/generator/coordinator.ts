// Drives the generator workers: forks them onto the generator's cores, deals the clients out
// among them, and adds up what they count. One request at a time per worker, answered in order.

import {type ChildProcess, fork} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {GENERATOR_CORES, pin} from '../cpu-pinning.js';
import {Histogram} from '../stats.js';
import {dealClients} from './deal.js';
import type {ClientSpec, FromWorker, SendMode, ToWorker, WorkerTotals} from './protocol.js';

const workerPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.ts');

export interface Totals extends Omit<WorkerTotals, 'latency'> {
	latency: Histogram;
}

export class LoadGenerator {
	readonly #workers: ChildProcess[];

	private constructor(workers: ChildProcess[]) {
		this.#workers = workers;
	}

	static start(workerCount: number): LoadGenerator {
		pin(process.pid, GENERATOR_CORES);
		const workers = Array.from({length: workerCount}, () => {
			const worker = fork(workerPath, [], {
				execArgv: ['--import', 'tsx'],
				stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			});
			pin(worker.pid as number, GENERATOR_CORES);
			return worker;
		});
		return new LoadGenerator(workers);
	}

	/**
	 * Connects and names every client (a room's clients to one worker, the rest round-robin). With
	 * several ports, client K connects to port K mod their count; with `tls`, over TLS.
	 */
	async connect(
		port: number | number[],
		clients: ClientSpec[],
		concurrency: number,
		tls = false,
	): Promise<void> {
		const ports = Array.isArray(port) ? port : [port];
		const shares = dealClients(clients, this.#workers.length);
		const lanes = Math.max(1, Math.ceil(concurrency / this.#workers.length));
		await Promise.all(
			this.#workers.map((worker, index) =>
				this.#request(
					worker,
					{type: 'connect', ports, tls, clients: shares[index] ?? [], concurrency: lanes},
					'connected',
				),
			),
		);
	}

	/** Moves every client that has a room into it; returns the history lines they were sent. */
	async join(): Promise<number> {
		const replies = await Promise.all(
			this.#workers.map((worker) => this.#request(worker, {type: 'join'}, 'joined')),
		);
		return replies.reduce((sum, reply) => sum + reply.historyLines, 0);
	}

	/** Runs the senders for `durationMs`; returns how many lines they wrote in all. */
	async send(durationMs: number, linesPerSecond: number, mode: SendMode = 'say'): Promise<number> {
		const replies = await Promise.all(
			this.#workers.map((worker) =>
				this.#request(worker, {type: 'send', durationMs, linesPerSecond, mode}, 'sent'),
			),
		);
		return replies.reduce(
			(sum, reply) => sum + Object.values(reply.sent).reduce((a, b) => a + b, 0),
			0,
		);
	}

	async totals(): Promise<Totals> {
		const replies = await Promise.all(
			this.#workers.map((worker) => this.#request(worker, {type: 'poll'}, 'totals')),
		);
		const sum: Totals = {
			lines: 0,
			bytes: 0,
			welcomed: 0,
			dropped: 0,
			droppedSleepers: 0,
			outOfOrder: 0,
			latency: new Histogram(),
		};
		for (const {totals} of replies) {
			sum.lines += totals.lines;
			sum.bytes += totals.bytes;
			sum.welcomed += totals.welcomed;
			sum.dropped += totals.dropped;
			sum.droppedSleepers = Math.max(sum.droppedSleepers, totals.droppedSleepers); // one sleeper, seen by any
			sum.outOfOrder += totals.outOfOrder;
			sum.latency.merge(totals.latency);
		}
		return sum;
	}

	/** Polls until `done(totals)` or until the line count stops moving for `stallMs`. */
	async waitUntil(
		done: (totals: Totals) => boolean,
		stallMs: number,
		limitMs: number,
	): Promise<Totals> {
		const deadline = Date.now() + limitMs;
		let last = -1;
		let lastMoved = Date.now();
		for (;;) {
			const totals = await this.totals();
			if (done(totals)) return totals;
			if (totals.lines !== last) {
				last = totals.lines;
				lastMoved = Date.now();
			}
			if (Date.now() - lastMoved > stallMs || Date.now() > deadline) return totals;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	close(): void {
		for (const worker of this.#workers) {
			if (worker.connected) worker.send({type: 'close'} satisfies ToWorker);
		}
	}

	#request<T extends FromWorker['type']>(
		worker: ChildProcess,
		message: ToWorker,
		reply: T,
	): Promise<Extract<FromWorker, {type: T}>> {
		return new Promise((resolve, reject) => {
			const onMessage = (answer: FromWorker) => {
				if (answer.type === 'error') {
					worker.off('message', onMessage);
					reject(new Error(`generator worker: ${answer.message}`));
				} else if (answer.type === reply) {
					worker.off('message', onMessage);
					resolve(answer as Extract<FromWorker, {type: T}>);
				}
			};
			worker.on('message', onMessage);
			worker.send(message);
		});
	}
}
