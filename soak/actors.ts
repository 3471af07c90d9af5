// The soak's clients. Well-behaved ones read promptly, stay under the rate limit, leave with
// `quit`, and have every line they receive proved by a ReceiverCheck; misbehaving ones stall,
// reset, flood and send overlong, binary and escape-laden lines, and are proved only through
// what others see of them (one leave line each, nothing unsafe, nothing in the wrong room).
// Every wait is bounded.

import net from 'node:net';
import {
	actorName,
	chatMarker,
	type Ledger,
	privateMarker,
	ReceiverCheck,
	type Violation,
	type Violations,
} from './checker.js';

export const ROOMS = ['#lobby', '#r1', '#r2', '#r3', '#r4', '#r5'];
export const FLOOD_ROOM = '#flood';

export interface Counts {
	connections: number;
	welcomed: number;
	lines: number;
	checked: number;
	actors: Record<string, number>;
	/** What misbehaving clients did: resets, overlong, binary, escape lines, floods, stalls. */
	misdeeds: Record<string, number>;
	/** Connections that could not be made or welcomed in time (the soak's own trouble). */
	connectFailures: number;
}

/** Everything the actors share. */
export interface World {
	ledger: Ledger;
	violations: Violations;
	counts: Counts;
	/** Well-behaved users online: id → current name (targets of private messages). */
	online: Map<number, string>;
	onlineIds: number[];
	/** Mean pause between a well-behaved client's actions. */
	thinkMs: number;
	/** Set when the run's time is up: actors finish what they are doing and leave. */
	stopping: boolean;
	/** Set once only sentinels are left: they check their rooms are empty and leave. */
	draining: boolean;
	/** Names of the sentinels, which may remain in a room until the very end. */
	sentinelNames: Set<string>;
}

export function newCounts(): Counts {
	return {
		connections: 0,
		welcomed: 0,
		lines: 0,
		checked: 0,
		actors: {},
		misdeeds: {},
		connectFailures: 0,
	};
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const count = (record: Record<string, number>, key: string, by = 1) => {
	record[key] = (record[key] ?? 0) + by;
};

/** A raw TCP client: lines in, bytes out, and bounded waits for a line. */
export class Conn {
	readonly socket: net.Socket;
	#partial: Buffer | undefined;
	#waiters = new Set<{test: (line: string) => boolean; done: (ok: boolean) => void}>();
	closed = false;
	readonly whenClosed: Promise<void>;

	private constructor(socket: net.Socket, onLine: (line: string) => void) {
		this.socket = socket;
		socket.on('data', (chunk: Buffer) => {
			let data = this.#partial ? Buffer.concat([this.#partial, chunk]) : chunk;
			let start = 0;
			for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, start)) {
				const line = data.toString('utf8', start, end);
				start = end + 1;
				onLine(line);
				for (const waiter of this.#waiters) if (waiter.test(line)) waiter.done(true);
			}
			data = data.subarray(start);
			this.#partial = data.length > 0 ? Buffer.from(data) : undefined;
		});
		this.whenClosed = new Promise((resolve) =>
			socket.once('close', () => {
				this.closed = true;
				for (const waiter of this.#waiters) waiter.done(false);
				resolve();
			}),
		);
		socket.on('error', () => {});
	}

	static open(port: number, onLine: (line: string) => void, timeoutMs = 10_000): Promise<Conn> {
		return new Promise((resolve, reject) => {
			const socket = net.connect({port, host: '127.0.0.1'});
			const timer = setTimeout(() => {
				socket.destroy();
				reject(new Error('connect timeout'));
			}, timeoutMs);
			socket.once('connect', () => {
				clearTimeout(timer);
				resolve(new Conn(socket, onLine));
			});
			socket.once('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
		});
	}

	send(text: string): void {
		if (!this.closed) this.socket.write(`${text}\n`);
	}

	write(data: string | Buffer): void {
		if (!this.closed) this.socket.write(data);
	}

	/** Resolves true once a line passes `test`, false on timeout or close. */
	waitFor(test: (line: string) => boolean, timeoutMs: number): Promise<boolean> {
		if (this.closed) return Promise.resolve(false);
		return new Promise((resolve) => {
			const waiter = {
				test,
				done: (ok: boolean) => {
					clearTimeout(timer);
					this.#waiters.delete(waiter);
					resolve(ok);
				},
			};
			const timer = setTimeout(() => waiter.done(false), timeoutMs);
			this.#waiters.add(waiter);
		});
	}

	/** Closes gracefully, or destroys it if the server has not closed within `timeoutMs`. */
	async closeWithin(timeoutMs: number): Promise<boolean> {
		if (this.closed) return true;
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<boolean>((resolve) => {
			timer = setTimeout(() => resolve(false), timeoutMs);
		});
		const ok = await Promise.race([this.whenClosed.then(() => true), timedOut]);
		clearTimeout(timer);
		if (!ok) this.socket.destroy();
		return ok;
	}
}

const WORDS = [
	'hi',
	'lunch?',
	'ok',
	'Zoë',
	'ship it',
	'🚀',
	'naïve',
	'über',
	'日本語',
	'tab\there',
];

function filler(rnd: () => number): string {
	const words: string[] = [];
	const n = Math.floor(rnd() * 6);
	for (let index = 0; index < n; index++) {
		words.push(WORDS[Math.floor(rnd() * WORDS.length)] as string);
	}
	return words.join(' ');
}

const pick = <T>(rnd: () => number, list: readonly T[]): T =>
	list[Math.floor(rnd() * list.length)] as T;

/** An exponential pause with the given mean, capped at four means. */
const think = (rnd: () => number, mean: number) =>
	Math.min(4 * mean, -mean * Math.log(1 - rnd() * 0.999));

export interface WellBehavedPlan {
	id: number;
	port: number;
	rnd: () => number;
	/** A sentinel stays in `room` until the end, asking `/who` now and then. */
	sentinel?: string;
	actions: number;
}

/** The reporter every check of one actor uses: the violation, with who saw it. */
const reporter =
	(world: World) =>
	(violation: Violation): void =>
		world.violations.add(violation);

export async function wellBehaved(world: World, plan: WellBehavedPlan): Promise<void> {
	const {id, rnd} = plan;
	const {ledger} = world;
	const check = new ReceiverCheck(id, ledger, reporter(world));
	let conn: Conn;
	try {
		conn = await Conn.open(plan.port, (line) => check.line(line));
	} catch {
		world.counts.connectFailures++;
		return;
	}
	world.counts.connections++;
	count(world.counts.actors, plan.sentinel ? 'sentinel' : 'well-behaved');
	let nick = 0;
	let away = false;
	let name = actorName('w', id);
	conn.send(name);
	if (!(await conn.waitFor((line) => line === `Welcome, ${name}!`, 15_000))) {
		world.counts.connectFailures++;
		conn.socket.destroy();
		await conn.whenClosed;
		check.end(true);
		return;
	}
	world.counts.welcomed++;
	world.online.set(id, name);
	world.onlineIds.push(id);
	let seq = 0;
	let room = '#lobby';
	const say = (action = false) => {
		seq++;
		const text = `${chatMarker(id, seq, room)} ${filler(rnd)}`.trimEnd();
		conn.send(action ? `/me ${text}` : text);
	};
	const enter = (to: string) => {
		room = to;
		ledger.openTenure(id, room, seq + 1);
		say();
	};
	const leaveRoom = () => {
		say();
		ledger.closeTenure(id, seq);
	};
	enter('#lobby');
	if (plan.sentinel) {
		if (plan.sentinel !== '#lobby') {
			leaveRoom();
			conn.send(`/join ${plan.sentinel}`);
			enter(plan.sentinel);
		}
		conn.send('/who');
		while (!world.draining && !conn.closed) {
			await sleep(500 + rnd() * 1000);
			if (rnd() < 0.5) conn.send('/who');
			else say();
		}
	} else {
		for (let done = 0; done < plan.actions && !world.stopping && !conn.closed; done++) {
			await sleep(think(rnd, world.thinkMs));
			const roll = rnd();
			if (roll < 0.5) say(roll < 0.05);
			else if (roll < 0.6) {
				const to = pick(
					rnd,
					[...ROOMS, ...ROOMS, FLOOD_ROOM].filter((r) => r !== room),
				);
				leaveRoom();
				conn.send(`/join ${to.slice(1)}`);
				enter(to);
			} else if (roll < 0.64) {
				nick++;
				name = actorName('w', id, nick);
				conn.send(`/nick ${name}`);
				world.online.set(id, name);
			} else if (roll < 0.8) {
				const to = pick(rnd, world.onlineIds);
				const toName = world.online.get(to);
				if (to === undefined || to === id || toName === undefined) continue;
				const k = ledger.privateSent(id, to);
				conn.send(`/msg ${toName} ${privateMarker(id, k, to)}`);
			} else if (roll < 0.83) {
				conn.send(away ? '/back' : rnd() < 0.5 ? '/away lunch' : '/away');
				away = !away;
			} else if (roll < 0.95) conn.send('/who');
			else conn.send('/rooms');
		}
	}
	if (plan.sentinel && !conn.closed) {
		// Everyone else has gone: the room must be empty but for other sentinels, and /who agree.
		const isSentinel = (member: string) => world.sentinelNames.has(member);
		const deadline = Date.now() + 20_000;
		while (!check.members.every(isSentinel) && Date.now() < deadline && !conn.closed) {
			await sleep(100);
		}
		const ghosts = check.members.filter((member) => !isSentinel(member));
		if (ghosts.length > 0) {
			world.violations.add({
				kind: 'ghost (no leave line)',
				detail: `${name} in ${room} still sees ${ghosts.join(', ')}`,
			});
		}
		conn.send('/who');
		await conn.waitFor((line) => line.startsWith('*** In '), 10_000);
	}
	world.online.delete(id);
	const at = world.onlineIds.indexOf(id);
	if (at !== -1) {
		world.onlineIds[at] = world.onlineIds.at(-1) as number;
		world.onlineIds.pop();
	}
	if (!conn.closed) {
		leaveRoom();
		conn.send(rnd() < 0.5 ? 'quit' : '/quit');
		await conn.waitFor((line) => line === 'Bye!', 15_000);
	}
	const closedCleanly = await conn.closeWithin(10_000);
	if (!closedCleanly) {
		world.violations.add({kind: 'server did not close after Bye!', detail: name});
	}
	check.end(false);
	world.counts.lines += check.stats.lines;
	world.counts.checked += check.stats.checked;
}

export type Misbehaviour = 'slow' | 'reset' | 'flood' | 'garbage' | 'vanish' | 'nameless';

export const MISBEHAVIOURS: Misbehaviour[] = [
	'slow',
	'reset',
	'reset',
	'flood',
	'garbage',
	'garbage',
	'vanish',
	'nameless',
];

/** A misbehaving client: its lines are marked too, but only what others see of it is proved. */
export async function misbehaving(
	world: World,
	plan: {id: number; port: number; rnd: () => number; kind: Misbehaviour},
): Promise<void> {
	const {id, rnd, kind} = plan;
	let conn: Conn;
	let lines = 0;
	try {
		conn = await Conn.open(plan.port, () => lines++);
	} catch {
		world.counts.connectFailures++;
		return;
	}
	world.counts.connections++;
	count(world.counts.actors, kind);
	const misdeed = (what: string) => count(world.counts.misdeeds, what);
	try {
		if (kind === 'nameless') {
			await conn.waitFor((line) => line.startsWith('Hi, '), 5000);
			if (rnd() < 0.5) conn.send('/quit');
			else conn.socket.end();
			misdeed('left at the prompt');
			return;
		}
		const name = actorName('m', id);
		if (kind === 'garbage' && rnd() < 0.5) {
			conn.send(pick(rnd, ['bad name!', 'x'.repeat(30), '*** w1', '', 'Bye!']));
			misdeed('refused name');
		}
		conn.send(name);
		if (!(await conn.waitFor((line) => line === `Welcome, ${name}!`, 15_000))) {
			world.counts.connectFailures++;
			return;
		}
		world.counts.welcomed++;
		let seq = 0;
		let room = '#lobby';
		const line = (extra = '') => `${chatMarker(id, ++seq, room)} ${extra}`;
		if (kind === 'slow' || kind === 'flood' || rnd() < 0.3) {
			room = rnd() < 0.7 ? FLOOD_ROOM : pick(rnd, ROOMS);
			if (room !== '#lobby') conn.send(`/join ${room.slice(1)}`);
			else room = '#lobby';
		}
		conn.send(line(filler(rnd)));
		switch (kind) {
			case 'slow': {
				conn.socket.pause();
				misdeed('stalled reading');
				const until = Date.now() + 3000 + rnd() * 20_000;
				while (Date.now() < until && !conn.closed && !world.stopping) await sleep(200);
				if (conn.closed) {
					misdeed('slow reader dropped');
					return;
				}
				if (rnd() < 0.5) {
					conn.socket.resetAndDestroy();
					misdeed('reset');
					return;
				}
				conn.socket.resume();
				break;
			}
			case 'reset': {
				for (let n = Math.floor(rnd() * 4); n > 0; n--) conn.send(line(filler(rnd)));
				await sleep(rnd() * 300);
				conn.write(line('cut off mid-li'));
				if (rnd() < 0.5) await sleep(rnd() * 20);
				conn.socket.resetAndDestroy();
				misdeed('reset mid-line');
				return;
			}
			case 'flood': {
				const n = 50 + Math.floor(rnd() * 250);
				const size = 100 + Math.floor(rnd() * 3000);
				const batch: string[] = [];
				for (let k = 0; k < n; k++) batch.push(line('f'.repeat(size)));
				conn.write(`${batch.join('\n')}\n`);
				misdeed('flood lines');
				count(world.counts.misdeeds, 'flood lines', n - 1);
				break;
			}
			case 'garbage': {
				const what = Math.floor(rnd() * 4);
				if (what === 0) {
					conn.send(line('o'.repeat(4097 + Math.floor(rnd() * 20_000))));
					misdeed('overlong line');
				} else if (what === 1) {
					const bytes = Buffer.alloc(20 + Math.floor(rnd() * 200));
					for (let k = 0; k < bytes.length; k++) {
						let byte = Math.floor(rnd() * 255); // never 0xFF (telnet IAC), see below
						if (byte === 10) byte = 11;
						bytes[k] = byte;
					}
					conn.write(Buffer.concat([Buffer.from(line()), bytes, Buffer.from('\n')]));
					misdeed('binary line');
				} else if (what === 2) {
					conn.send(
						line(
							'\x1b[2J\x1b[H\x1b]0;owned\x07\u202eevil\u202c \x1b[31mred\x1b[0m \x00\x7f\u009b31m \x1bPdcs\x1b\\ bell\x07',
						),
					);
					misdeed('escape line');
				} else {
					conn.write(Buffer.from([0xff, 0xfd, 0x06, 0xff, 0xfb, 0x01])); // telnet DO TM, WILL ECHO
					conn.send(line('after telnet'));
					misdeed('telnet bytes');
				}
				break;
			}
			case 'vanish':
				break;
		}
		await sleep(rnd() * 500);
		if (kind === 'vanish' || rnd() < 0.3) {
			conn.socket.end(); // gone without a word
			misdeed('hung up');
		} else conn.send('quit');
	} finally {
		await conn.closeWithin(kind === 'flood' ? 60_000 : 20_000);
		world.counts.lines += lines;
	}
}
