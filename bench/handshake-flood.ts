// The TLS handshake flood: many raw TCP connections to natter's TLS port that send nothing or
// half a ClientHello and stall. The server must hold no more of them than `--max-clients`
// (counted from its open sockets in /proc/PID/fd), close each within the name timeout, refuse a
// real TLS client while it is full, and welcome one once the flood is over.

import {readdirSync, readlinkSync} from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import {type Result, sleep} from './rig.js';
import {tlsFlags} from './scenarios.js';
import {ServerProcess, type Target} from './server-process.js';

export interface FloodSizes {
	/** The server's `--max-clients`. */
	cap: number;
	/** Stalled connections opened, more than the cap. */
	flood: number;
	/** The server's `--name-timeout`, which is also its TLS handshake timeout. */
	nameTimeoutSeconds: number;
}

/** Sockets the process holds open, from the links in /proc/PID/fd. */
export function openSockets(pid: number): number {
	let count = 0;
	for (const fd of readdirSync(`/proc/${pid}/fd`)) {
		try {
			if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) count++;
		} catch {
			// closed while we looked
		}
	}
	return count;
}

/**
 * The first bytes of a TLS record that announces a 512-byte ClientHello, and the start of it:
 * the server reads them and waits for the rest, which never comes.
 */
const PARTIAL_CLIENT_HELLO = Buffer.from([
	0x16,
	0x03,
	0x01,
	0x02,
	0x00,
	0x01,
	0x00,
	0x01,
	0xfc,
	0x03,
	0x03,
	...Array(16).fill(0x2a),
]);

interface Stalled {
	openedAt: number;
	closedAt?: number;
}

/** Opens one stalled connection: half of them send the partial ClientHello, half nothing. */
function stall(port: number, partial: boolean): Promise<Stalled> {
	return new Promise((resolve) => {
		const record: Stalled = {openedAt: Date.now()};
		const socket = net.connect({port, host: '127.0.0.1'});
		socket.on('error', () => {});
		socket.on('data', () => {}); // an alert, perhaps
		socket.once('connect', () => {
			record.openedAt = Date.now();
			if (partial) socket.write(PARTIAL_CLIENT_HELLO);
			resolve(record);
		});
		socket.once('close', () => {
			record.closedAt = Date.now();
			resolve(record);
		});
	});
}

/** A real TLS client: 1 if it got the name prompt within `waitMs`, 0 if it was closed or not. */
function legitClient(port: number, waitMs: number): Promise<number> {
	return new Promise((resolve) => {
		let text = '';
		const socket = tls.connect({port, host: '127.0.0.1', rejectUnauthorized: false});
		const done = (prompted: number) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(prompted);
		};
		const timer = setTimeout(() => done(0), waitMs);
		socket.on('error', () => done(0));
		socket.on('close', () => done(0));
		socket.setEncoding('utf8').on('data', (chunk: string) => {
			text += chunk;
			if (text.includes("what's your name?")) done(1);
		});
	});
}

export async function handshakeFlood(target: Target, sizes: FloodSizes): Promise<Result> {
	const {cap, flood, nameTimeoutSeconds} = sizes;
	const server = await ServerProcess.start(target, [
		...tlsFlags(),
		'--max-clients',
		String(cap),
		'--name-timeout',
		String(nameTimeoutSeconds),
	]);
	const port = server.tlsPort as number;
	try {
		await sleep(300);
		const idleSockets = openSockets(server.pid);
		const started = Date.now();
		const stalled = await Promise.all(
			Array.from({length: flood}, (_, index) => stall(port, index % 2 === 0)),
		);
		// While the flood holds: the most sockets the server had open beyond its idle ones.
		let peakHeld = 0;
		for (let probe = 0; probe < 5; probe++) {
			peakHeld = Math.max(peakHeld, openSockets(server.pid) - idleSockets);
			await sleep(100);
		}
		const refusedAtOnce = stalled.filter(
			(s) => s.closedAt !== undefined && s.closedAt - s.openedAt < 250,
		).length;
		const duringFlood = await legitClient(port, 1000);
		// Every stalled connection the server kept must be closed by the name timeout.
		const deadline = started + (nameTimeoutSeconds + 2) * 1000;
		while (Date.now() < deadline && stalled.some((s) => s.closedAt === undefined)) {
			peakHeld = Math.max(peakHeld, openSockets(server.pid) - idleSockets);
			await sleep(100);
		}
		const lifetimes = stalled.map((s) => ((s.closedAt ?? Number.NaN) - s.openedAt) / 1000);
		const stillOpen = stalled.filter((s) => s.closedAt === undefined).length;
		const afterFlood = await legitClient(port, 2000);
		return {
			values: {
				loss: 0,
				peakHeld,
				refusedAtOnce,
				heldUntilTimeout: flood - refusedAtOnce,
				longestStallSeconds: stillOpen > 0 ? Number.POSITIVE_INFINITY : Math.max(...lifetimes),
				stillOpen,
				legitDuringFlood: duringFlood,
				legitAfterFlood: afterFlood,
				serverAlive: server.alive ? 1 : 0,
			},
			notes: stillOpen > 0 ? [`${stillOpen} stalled connections were never closed`] : [],
		};
	} finally {
		await server.stop();
	}
}
