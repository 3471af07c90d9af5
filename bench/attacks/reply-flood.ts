// The reply-flood attack: clients that never read send lines that each earn an answer (an empty
// name at the prompt earns a notice and the prompt again; `/who` in a big room earns a long line).
// A server that answers without bound buffers those answers in memory. Each attacker stops
// reading, sends everything, waits until its writes are done or stuck, then reads every answer,
// so the run also proves that pausing the attacker lost nothing.

import net from 'node:net';

export interface Flood {
	/** What the attacker sends before it reads anything. */
	readonly payload: Buffer;
	/** Lines it must receive in all (answers included) before it is done. */
	readonly expectedLines: number;
	/** Lines to send first, reading their answers normally (a name, say); not counted. */
	readonly setup?: string;
	/** Lines the setup earns, read before the flood starts. */
	readonly setupLines?: number;
}

const POLL_MS = 50;
/** Writes that have not moved for this long are stuck: the server stopped reading. */
const STUCK_MS = 500;

export interface FloodResult {
	/** Lines received after the setup. */
	readonly lines: number;
	/** Whether the server closed the connection before every answer arrived. */
	readonly dropped: boolean;
}

/**
 * Runs one attacker until every answer arrived or the server closed the connection; with
 * `readAll: false`, only until its writes are done or stuck (the server has stopped reading it).
 */
export async function runFlood(
	port: number,
	flood: Flood,
	{timeoutMs = 60_000, readAll = true} = {},
): Promise<FloodResult> {
	const socket = net.connect({port, host: '127.0.0.1'});
	socket.on('error', () => {});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('error', reject);
	});
	let lines = 0;
	let closed = false;
	const waiters: (() => void)[] = [];
	socket.on('close', () => {
		closed = true;
		for (const wake of waiters.splice(0)) wake();
	});
	socket.on('data', (chunk: Buffer) => {
		for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
		for (const wake of waiters.splice(0)) wake();
	});
	const deadline = Date.now() + timeoutMs;
	const until = async (ready: () => boolean, what: string) => {
		while (!ready()) {
			if (closed) return;
			if (Date.now() > deadline) throw new Error(`reply flood: ${what}`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, POLL_MS);
				waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	};
	const setupLines = 1 + (flood.setupLines ?? 0); // the prompt, then what the setup earns
	if (flood.setup) socket.write(flood.setup);
	await until(() => lines >= setupLines, 'no answer to the setup');
	lines = 0;
	socket.pause();
	socket.write(flood.payload);
	let last = socket.writableLength;
	let still = 0;
	while (!closed && socket.writableLength > 0 && still < STUCK_MS / POLL_MS) {
		if (Date.now() > deadline) throw new Error('reply flood: writes neither done nor stuck');
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
		still = socket.writableLength === last ? still + 1 : 0;
		last = socket.writableLength;
	}
	if (!readAll) {
		socket.destroy();
		return {lines, dropped: closed};
	}
	socket.resume();
	await until(
		() => lines >= flood.expectedLines,
		`received ${lines} of ${flood.expectedLines} lines`,
	);
	const dropped = closed && lines < flood.expectedLines;
	socket.destroy();
	return {lines, dropped};
}

/** Empty lines at the name prompt: each earns a notice and the prompt again. */
export const namePromptFlood = (count: number): Flood => ({
	payload: Buffer.alloc(count, '\n'),
	expectedLines: 2 * count,
});

/** `/who` lines from a named user: each earns one line. */
export const whoFlood = (name: string, count: number, setupLines: number): Flood => ({
	setup: `${name}\n`,
	setupLines,
	payload: Buffer.from('/who\n'.repeat(count)),
	expectedLines: count,
});
