// A load-generator worker process: owns a slice of the benchmark's clients. Connects and names
// them, moves them to their rooms, sends payloads from its senders (to their room, or as private
// messages to random others in this process), counts every line its clients receive, and audits order
// and latency on a few. Driven by the coordinator over IPC (see protocol.ts).

import net from 'node:net';
import tls from 'node:tls';
import {Histogram} from '../stats.js';
import {JoinWatch} from './join-watch.js';
import {decodePayload, encodePayload, nowMicros} from './payload.js';
import type {ClientSpec, FromWorker, SendMode, ToWorker, WorkerTotals} from './protocol.js';

const send = (message: FromWorker) => process.send?.(message);
let latency = new Histogram();
let outOfOrder = 0;
/**
 * Private messages spread each sender's lines over many receivers, so a receiver sees gaps in a
 * sender's sequence; then only a sequence number going backwards counts as out of order.
 */
let sparse = false;
/** An audited receiver saw the sleeper's leave line: the server dropped it. */
let sleeperLeft = false;

/**
 * Closed-loop sending: a sender at full speed keeps at most WINDOW lines in flight. A line is
 * acknowledged when an audited receiver in this process sees it; the sender then sends more.
 * So "full speed" is the most the server delivers without any reader falling behind.
 */
const WINDOW = 200;
/** Highest sequence number of each sender seen by an audited receiver in this process. */
const acked = new Map<number, number>();
/** Senders waiting for acknowledgements, by sender index. */
const waiting = new Map<number, () => void>();

/** Every socket in this process reads into this one buffer (reads are handled synchronously). */
const readBuffer = Buffer.alloc(256 * 1024);

class BenchClient {
	readonly spec: ClientSpec;
	socket!: net.Socket;
	lines = 0;
	/** Bytes received (decrypted, over TLS): what the server wrote to this client. */
	bytes = 0;
	welcomed = false;
	dropped = false;
	closing = false;
	#greeting = '';
	#onRead: (chunk: Buffer) => boolean = () => true;
	#join: {watch: JoinWatch; resolve: (historyLines: number) => void} | undefined;
	#partial = '';
	readonly lastSeq = new Map<number, number>();

	constructor(spec: ClientSpec) {
		this.spec = spec;
	}

	connect(port: number, secure: boolean): Promise<void> {
		return new Promise((resolve, reject) => {
			// `onread` reads into one reused buffer through a plain callback: no stream machinery and
			// no new Buffer per read, which is most of a receiver's cost at millions of lines a second.
			// Over TLS the same, decrypted; the throwaway certificate is not verified.
			const onread = {
				buffer: readBuffer,
				callback: (size: number) => this.#onRead(readBuffer.subarray(0, size)),
			};
			const host = '127.0.0.1';
			// (tls.connect takes `onread` as net.connect does; @types/node leaves it out.)
			const socket = secure
				? tls.connect({port, host, onread, rejectUnauthorized: false} as tls.ConnectionOptions)
				: net.connect({port, host, onread});
			this.socket = socket;
			socket.setNoDelay(true);
			socket.on('error', (error) => {
				if (!this.welcomed) reject(error);
			});
			socket.on('close', () => {
				if (!this.closing) this.dropped = true;
			});
			this.#onRead = (chunk: Buffer) => {
				if (!this.welcomed) {
					const named = this.#greeting.includes("what's your name?");
					this.#greeting += chunk.toString('utf8');
					if (!named && this.#greeting.includes("what's your name?"))
						socket.write(`${this.spec.name}\n`);
					if (this.#greeting.includes(`Welcome, ${this.spec.name}!`)) {
						this.#greeting = '';
						this.welcomed = true;
						resolve();
						if (this.spec.role === 'sleeper') {
							socket.pause(); // never reads again
							return false;
						}
					}
				}
				if (this.#join?.watch.feed(chunk.toString('utf8'))) {
					this.#join.resolve(this.#join.watch.historyLines);
					this.#join = undefined;
				}
				this.#count(chunk);
				return true;
			};
		});
	}

	/** Sends `/join ROOM`; resolves with the history lines sent along once it is in. */
	join(room: string): Promise<number> {
		return new Promise((resolve) => {
			this.#join = {watch: new JoinWatch(), resolve};
			this.socket.write(`/join ${room}\n`);
		});
	}

	#count(chunk: Buffer): void {
		let newlines = 0;
		for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) newlines++;
		this.lines += newlines;
		this.bytes += chunk.length;
		if (!this.spec.audit || !this.welcomed) return;
		const parts = (this.#partial + chunk.toString('utf8')).split('\n');
		this.#partial = parts.pop() ?? '';
		const now = nowMicros();
		for (const line of parts) {
			const payload = decodePayload(line);
			if (!payload) {
				if (line === '<-- sleeper left.') sleeperLeft = true;
				continue;
			}
			const last = this.lastSeq.get(payload.sender);
			if (last !== undefined && (sparse ? payload.seq <= last : payload.seq !== last + 1))
				outOfOrder++;
			this.lastSeq.set(payload.sender, payload.seq);
			latency.record(now - payload.sentAt);
			if (payload.seq > (acked.get(payload.sender) ?? -1)) {
				acked.set(payload.sender, payload.seq);
				const wake = waiting.get(payload.sender);
				if (wake) {
					waiting.delete(payload.sender);
					setImmediate(wake);
				}
			}
		}
	}
}

const clients: BenchClient[] = [];

/** Connects and names more clients, at most `concurrency` at a time; client K to ports[K mod n]. */
async function connectAll(
	ports: number[],
	secure: boolean,
	specs: ClientSpec[],
	concurrency: number,
): Promise<void> {
	const added = specs.map((spec) => new BenchClient(spec));
	clients.push(...added);
	let next = 0;
	const lane = async () => {
		while (next < added.length) {
			const client = added[next++] as BenchClient;
			await client.connect(ports[client.spec.index % ports.length] as number, secure);
		}
	};
	await Promise.all(Array.from({length: Math.min(concurrency, added.length)}, lane));
}

/** Every client with a room moves into it. */
async function joinAll(): Promise<number> {
	const moves = clients
		.filter((client) => client.spec.room !== undefined && client.spec.role !== 'sleeper')
		.map((client) => client.join(client.spec.room as string));
	return (await Promise.all(moves)).reduce((sum, lines) => sum + lines, 0);
}

/** Each sending phase starts a fresh audit: sequence numbers restart at 0 for every phase. */
function startAudit(mode: SendMode): void {
	sparse = mode === 'dm';
	latency = new Histogram();
	outOfOrder = 0;
	acked.clear();
	waiting.clear();
	for (const client of clients) client.lastSeq.clear();
}

/** A random client of this process other than `self`, to send a private message to. */
function randomOther(self: BenchClient): BenchClient {
	for (;;) {
		const other = clients[Math.floor(Math.random() * clients.length)] as BenchClient;
		if (other !== self && other.spec.role !== 'sleeper') return other;
	}
}

/** Sends from every sender for `durationMs`: closed-loop at full speed, or at a fixed rate each. */
function sendAll(
	durationMs: number,
	linesPerSecond: number,
	mode: SendMode,
): Promise<Record<number, number>> {
	startAudit(mode);
	const senders = clients.filter((client) => client.spec.role === 'sender');
	const sent: Record<number, number> = {};
	const until = Date.now() + durationMs;
	const canAck = clients.some((client) => client.spec.audit);
	return new Promise((resolve) => {
		let running = senders.length;
		if (running === 0) resolve(sent);
		for (const client of senders) {
			const id = client.spec.index;
			let seq = 0;
			let finished = false;
			sent[id] = 0;
			const finish = () => {
				if (finished) return;
				finished = true;
				waiting.delete(id);
				if (--running === 0) resolve(sent);
			};
			setTimeout(finish, durationMs + 10);
			const line = () => {
				sent[id] = seq + 1;
				const to = mode === 'dm' ? `/msg ${randomOther(client).spec.name} ` : '';
				return `${to}${encodePayload(id, seq++, nowMicros())}\n`;
			};
			if (linesPerSecond > 0) {
				const interval = 1000 / linesPerSecond;
				const start = Date.now() + Math.random() * interval;
				const tick = () => {
					if (finished || Date.now() >= until) return finish();
					client.socket.write(line());
					setTimeout(tick, Math.max(0, start + seq * interval - Date.now()));
				};
				setTimeout(tick, start - Date.now());
				continue;
			}
			const pump = () => {
				if (finished) return;
				if (Date.now() >= until) return finish();
				let batch = '';
				const room = canAck ? WINDOW - (seq - 1 - (acked.get(id) ?? -1)) : 32;
				for (let count = 0; count < Math.min(room, 32); count++) batch += line();
				if (batch && !client.socket.write(batch)) {
					client.socket.once('drain', pump);
				} else if (canAck && room <= 32) {
					waiting.set(id, pump); // the window is full: wait for an acknowledgement
				} else {
					setImmediate(pump);
				}
			};
			setImmediate(pump);
		}
	});
}

function totals(): WorkerTotals {
	let lines = 0;
	let bytes = 0;
	let welcomed = 0;
	let dropped = 0;
	let droppedSleepers = 0;
	for (const client of clients) {
		if (client.welcomed) welcomed++;
		if (client.spec.role === 'sleeper') {
			if (client.dropped) droppedSleepers++;
			continue;
		}
		lines += client.lines;
		bytes += client.bytes;
		if (client.dropped) dropped++;
	}
	// A paused socket never reads its FIN, so a dropped sleeper is known by its leave line.
	if (sleeperLeft) droppedSleepers = Math.max(droppedSleepers, 1);
	return {lines, bytes, welcomed, dropped, droppedSleepers, outOfOrder, latency: latency.toJSON()};
}

process.on('message', (message: ToWorker) => {
	const run = async () => {
		switch (message.type) {
			case 'connect':
				await connectAll(message.ports, message.tls, message.clients, message.concurrency);
				send({type: 'connected'});
				break;
			case 'join':
				send({type: 'joined', historyLines: await joinAll()});
				break;
			case 'send':
				send({
					type: 'sent',
					sent: await sendAll(message.durationMs, message.linesPerSecond, message.mode),
				});
				break;
			case 'poll':
				send({type: 'totals', totals: totals()});
				break;
			case 'close':
				for (const client of clients) {
					client.closing = true;
					client.socket.destroy();
				}
				process.exit(0);
		}
	};
	run().catch((error: Error) => send({type: 'error', message: error.message}));
});
