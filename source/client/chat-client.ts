// The chat client as a plain class for the Ink UI, the line mode and bots: connects, goes through
// the naming handshake (see naming.ts), sends lines, reports each server line, and reconnects
// with backoff. Its life: connecting → naming → connected → (reconnecting → ...) → closed.

import {EventEmitter} from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import {KEEPALIVE_MS, LINGER_MS} from '../net/socket-timing.js';
import {LOBBY, roomKey} from '../protocol/rooms.js';
import type {RoomCount, RoomUser, ServerLine, ServerLineKind} from '../protocol/server-line.js';
import {ServerLineStream} from '../protocol/server-line-stream.js';
import {DEFAULT_PORT} from '../server/options.js';
import {reconnectDelay} from './backoff.js';
import {describeSocketError} from './describe-error.js';
import {IncomingLines} from './incoming-lines.js';
import {
	chooseName,
	closedBeforeReady,
	isReady,
	NameRefusedError,
	type Naming,
	nextNaming,
	notReadyInTime,
	startNaming,
} from './naming.js';

export type ClientState =
	/** Opening the connection, or connected and waiting for the server's name prompt. */
	| {status: 'connecting'}
	/**
	 * The server waits for a name: `offered` is the one sent and not answered yet; without one, the
	 * user is to choose (`chooseName`), and `refusal` is the server's reason for the last refused name.
	 */
	| {status: 'naming'; offered: string | undefined; refusal: string | undefined}
	/** In the room as `name`: lines can be sent. */
	| {status: 'connected'; name: string}
	| {status: 'reconnecting'; attempt: number; delayMs: number; retryAt: number; reason: string}
	| {status: 'closed'; reason: string};

/** TLS for the connection: `true` verifies against the system's CAs; `ca` adds your own. */
export type ClientTls = boolean | {ca?: string | Buffer; rejectUnauthorized?: boolean};

export interface ServerAddress {
	host: string;
	port: number;
}

export interface ChatClientOptions {
	host?: string;
	port?: number;
	/**
	 * Several servers of one cluster: the client connects to the first, and after losing a
	 * connection tries the next one (round the list), rejoining its room under its name.
	 */
	servers?: ServerAddress[];
	/** Speak TLS (the server's `--tls-port`). */
	tls?: ClientTls;
	/** A room to join right after the welcome (and again after each reconnect). */
	room?: string;
	/**
	 * Answer the server's name prompt with this name, on every connection: `connect()` then resolves
	 * once the server welcomes it and rejects (with `NameRefusedError`) if the server refuses it.
	 */
	name?: string;
	/** Reconnect after losing the connection; default true. */
	reconnect?: boolean;
	/** Give up when not welcomed (or, without `name`, not asked for a name) this soon; default 10 s. */
	connectTimeoutMs?: number;
	/** First reconnect delay; it doubles up to 30 s. Default 1 s. */
	reconnectInitialMs?: number;
}

/** One event per kind of server line, with that kind's fields: `client.on('private', ...)`. */
export type ServerLineEvents = {
	[K in ServerLineKind]: [line: Extract<ServerLine, {kind: K}> & {history?: true}];
};

export interface ChatClientEvents extends ServerLineEvents {
	/**
	 * Every line from the server, sanitised and classified (`history: true` inside a history
	 * block), except prompts the client answers itself and the answers to `who()` and `rooms()`.
	 */
	line: [line: ServerLine & {history?: true}];
	state: [state: ClientState];
	/** The connection came back (welcomed again) after being lost at `lostAt`. */
	reconnected: [lostAt: Date];
}

const CONNECT_TIMEOUT_MS = 10_000;

interface Waiter<T> {
	resolve: (answer: T) => void;
	reject: (error: Error) => void;
}

interface PendingConnect {
	resolve: () => void;
	reject: (error: Error) => void;
}

export class ChatClient extends EventEmitter<ChatClientEvents> {
	readonly #servers: ServerAddress[];
	/** Which of `#servers` the current (or next) connection is to. */
	#server = 0;
	readonly #options: ChatClientOptions;
	#stream = new ServerLineStream();
	/** The room the server last said we are in. */
	#room = LOBBY;
	/** `who()` and `rooms()` calls waiting for their answers, in the order asked. */
	#whoWaiters: Waiter<RoomUser[]>[] = [];
	#roomsWaiters: Waiter<RoomCount[]>[] = [];
	#state: ClientState = {status: 'connecting'};
	#socket: net.Socket | undefined;
	#lines = new IncomingLines();
	/** This connection's naming handshake; undefined until the TCP connection is up. */
	#naming: Naming | undefined;
	/** The name to answer prompts with: the one given, then the one the server welcomed. */
	#name: string | undefined;
	/** The first `connect()`, until the client is ready or has failed. */
	#pending: PendingConnect | undefined;
	#quitting = false;
	#attempt = 0;
	#lostAt: Date | undefined;
	#retryTimer: NodeJS.Timeout | undefined;
	/** Lines kept back by `hold()` until `release()`. */
	#held: ServerLine[] | undefined;
	/** The last notice on this connection: a server that closes on purpose says why just before. */
	#lastNotice: string | undefined;

	constructor(options: ChatClientOptions = {}) {
		super();
		this.#options = options;
		this.#servers =
			options.servers && options.servers.length > 0
				? options.servers
				: [{host: options.host ?? 'localhost', port: options.port ?? DEFAULT_PORT}];
		this.#name = options.name;
	}

	/** The server of the current connection (or the next attempt). */
	get host(): string {
		return (this.#servers[this.#server] as ServerAddress).host;
	}

	get port(): number {
		return (this.#servers[this.#server] as ServerAddress).port;
	}

	/** The room we are in, as the server last said (`#lobby` until it says otherwise). */
	get room(): string {
		return this.#room;
	}

	/** Whether the connection is TLS without checking the server's certificate. */
	get insecure(): boolean {
		const option = this.#options.tls;
		return typeof option === 'object' && option.rejectUnauthorized === false;
	}

	get state(): ClientState {
		return this.#state;
	}

	/** The name the server welcomed us with, while in the room. */
	get name(): string | undefined {
		return this.#state.status === 'connected' ? this.#state.name : undefined;
	}

	/**
	 * Connects for the first time. With a `name`, resolves once the server has welcomed it; without,
	 * once the server asks for a name. Rejects with a one-line reason if the connection fails, the
	 * name is refused (`NameRefusedError`), or neither happens within the connect timeout.
	 */
	connect(): Promise<void> {
		return new Promise((resolve, reject) => {
			this.#pending = {resolve, reject};
			this.#open();
		});
	}

	/**
	 * Keeps `line` events back (the client still answers the name prompt) until `release()`, so a
	 * consumer that subscribes later, such as a UI that is still loading, misses nothing.
	 */
	hold(): void {
		this.#held ??= [];
	}

	/** Emits the lines kept back by `hold()`, in order, and delivers the next ones at once. */
	release(): void {
		const held = this.#held ?? [];
		this.#held = undefined;
		for (const line of held) this.emit('line', line);
	}

	/** A private message: `/msg NAME TEXT`. */
	msg(name: string, text: string): boolean {
		return this.send(`/msg ${name} ${text}`);
	}

	/** An action: `/me TEXT`. */
	me(text: string): boolean {
		return this.send(`/me ${text}`);
	}

	/** A new name: `/nick NAME`; `name` follows once the server agrees. */
	nick(name: string): boolean {
		return this.send(`/nick ${name}`);
	}

	/** Moves to a room: `/join ROOM`; `room` follows once the server agrees. */
	join(room: string): boolean {
		return this.send(`/join ${room}`);
	}

	away(reason = ''): boolean {
		return this.send(reason ? `/away ${reason}` : '/away');
	}

	back(): boolean {
		return this.send('/back');
	}

	/** Who is in our room, in the order they entered, with their away and op marks. */
	who(): Promise<RoomUser[]> {
		return this.#ask('/who', this.#whoWaiters);
	}

	/** The rooms and how many are in each, biggest first. */
	rooms(): Promise<RoomCount[]> {
		return this.#ask('/rooms', this.#roomsWaiters);
	}

	#ask<T>(command: string, waiters: Waiter<T>[]): Promise<T> {
		return new Promise((resolve, reject) => {
			if (!this.send(command)) {
				reject(new Error(`not in the chat (${this.#state.status})`));
				return;
			}
			waiters.push({resolve, reject});
		});
	}

	/** Sends one chat line; returns false (and sends nothing) unless in the room. Never a name. */
	send(text: string): boolean {
		const socket = this.#socket;
		if (this.#state.status !== 'connected' || !socket?.writable) return false;
		socket.write(`${oneLine(text)}\n`);
		return true;
	}

	/**
	 * Answers the server's name prompt for a client without a name of its own; returns false (and
	 * sends nothing) unless the server is waiting for one and no other name is awaiting its answer.
	 */
	chooseName(name: string): boolean {
		const socket = this.#socket;
		const next = this.#naming && chooseName(this.#naming, oneLine(name));
		if (!next || !socket?.writable) return false;
		this.#naming = next;
		socket.write(`${next.name}\n`);
		this.#setState({status: 'naming', offered: next.name, refusal: undefined});
		return true;
	}

	/**
	 * Leaves: says `quit` in the room (`/quit` at the name prompt, where `quit` would be a name) and
	 * half-closes, so the server still handles every line sent before it; then waits for the server
	 * to close (after `Bye!`), at most `timeoutMs` (0: no limit), and stays closed.
	 */
	quit({timeoutMs = LINGER_MS}: {timeoutMs?: number} = {}): Promise<void> {
		this.#quitting = true;
		clearTimeout(this.#retryTimer);
		const socket = this.#socket;
		const status = this.#state.status;
		const command = status === 'connected' ? 'quit' : status === 'naming' ? '/quit' : undefined;
		if (!socket || socket.destroyed || command === undefined) {
			this.#finish('quit');
			return Promise.resolve();
		}
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.#finish('quit');
				resolve();
			};
			const timer = timeoutMs > 0 ? setTimeout(done, timeoutMs) : undefined;
			socket.once('close', done);
			socket.end(`${command}\n`);
		});
	}

	/** While reconnecting, tries again now instead of waiting for the delay; false otherwise. */
	retryNow(): boolean {
		if (this.#state.status !== 'reconnecting' || this.#retryTimer === undefined) return false;
		clearTimeout(this.#retryTimer);
		this.#retryTimer = undefined;
		this.#retry();
		return true;
	}

	/** Closes at once, without saying goodbye, and does not reconnect. */
	close(): void {
		this.#quitting = true;
		clearTimeout(this.#retryTimer);
		this.#finish('closed');
	}

	#open(): void {
		const {host, port} = this;
		const option = this.#options.tls;
		const socket = option
			? tls.connect({
					host,
					port,
					servername: net.isIP(host) ? undefined : host,
					...(typeof option === 'object' ? option : {}),
				})
			: net.connect({host, port});
		this.#socket = socket;
		this.#lines = new IncomingLines();
		this.#stream = new ServerLineStream();
		this.#naming = undefined;
		this.#lastNotice = undefined;
		this.#failWaiters();
		const timeoutMs = this.#options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
		// One deadline for the whole way in (TCP, prompt, welcome), so a silent or non-chat server
		// cannot keep the client waiting, however it trickles bytes.
		const deadline = setTimeout(() => {
			socket.destroy(new Error(notReadyInTime(this.#naming, timeoutMs)));
		}, timeoutMs);
		let failure: Error | undefined;
		socket.once(option ? 'secureConnect' : 'connect', () => {
			socket.setNoDelay(true);
			socket.setKeepAlive(true, KEEPALIVE_MS);
			this.#naming = startNaming();
		});
		socket.setEncoding('utf8');
		socket.on('data', (text: string) => {
			for (const line of this.#lines.push(text)) this.#receive(line, deadline);
		});
		socket.on('error', (error) => {
			failure = error;
		});
		socket.on('close', () => {
			clearTimeout(deadline);
			for (const line of this.#lines.end()) this.#receive(line, deadline);
			if (socket !== this.#socket) return;
			if (this.#quitting) {
				this.#finish('quit');
				return;
			}
			const naming = this.#naming;
			const reason = failure
				? describeSocketError(failure)
				: naming && !isReady(naming)
					? closedBeforeReady(naming)
					: 'connection closed by the server';
			if (this.#pending && this.#servers.length > 1 && this.#server + 1 < this.#servers.length) {
				this.#server++; // at first, try each server once before giving up
				this.#open();
			} else if (this.#pending) this.#fail(new Error(reason));
			else if (closedOnPurpose(this.#lastNotice)) {
				this.#finish(this.#lastNotice?.replace(/^\*\*\* /u, '') ?? reason); // no retry loop
			} else this.#lost(reason);
		});
	}

	#receive(raw: string, deadline: NodeJS.Timeout): void {
		const line = this.#stream.parse(raw);
		if (line.kind === 'notice') this.#lastNotice = line.text;
		if (this.#track(line)) return;
		const before = this.#naming;
		if (before) {
			const {naming, offer} = nextNaming(before, line, this.#name);
			this.#naming = naming;
			if (offer !== undefined) this.#socket?.write(`${offer}\n`);
			if (naming.step !== before.step) this.#stepped(before, naming, deadline);
			// A prompt is for the user only when the user is to answer it.
			if (line.kind === 'prompt' && naming.step !== 'prompted') return;
		}
		if (this.#held) this.#held.push(line);
		else this.#emitLine(line);
	}

	#emitLine(line: ServerLine & {history?: true}): void {
		this.emit('line', line);
		(this.emit as (kind: string, line: ServerLine) => boolean)(line.kind, line);
	}

	/** Keeps `room` and `name` current; true for an answer a `who()` or `rooms()` call takes. */
	#track(line: ServerLine & {history?: true}): boolean {
		if (line.history) return false;
		switch (line.kind) {
			case 'room':
				this.#room = line.room;
				return false;
			case 'renamed':
				this.#name = line.name;
				if (this.#state.status === 'connected')
					this.#setState({status: 'connected', name: line.name});
				return false;
			case 'who': {
				const waiter = this.#whoWaiters.shift();
				waiter?.resolve(line.users);
				return waiter !== undefined;
			}
			case 'rooms': {
				const waiter = this.#roomsWaiters.shift();
				waiter?.resolve(line.rooms);
				return waiter !== undefined;
			}
			default:
				return false;
		}
	}

	/** Questions asked on a connection that is gone get no answer: they fail. */
	#failWaiters(): void {
		const whoWaiters = this.#whoWaiters;
		const roomsWaiters = this.#roomsWaiters;
		this.#whoWaiters = [];
		this.#roomsWaiters = [];
		const error = new Error('the connection was lost before the server answered');
		for (const waiter of [...whoWaiters, ...roomsWaiters]) waiter.reject(error);
	}

	/** Follows a step of the naming handshake with the client's state. */
	#stepped(before: Naming, naming: Naming, deadline: NodeJS.Timeout): void {
		switch (naming.step) {
			case 'prompted':
				this.#setState({status: 'naming', offered: undefined, refusal: naming.refusal});
				break;
			case 'offered':
				this.#setState({status: 'naming', offered: naming.name, refusal: undefined});
				break;
			case 'welcomed':
				this.#name = naming.name;
				this.#setState({status: 'connected', name: naming.name});
				break;
			case 'refused': {
				const error = new NameRefusedError(naming.name, naming.reason);
				if (this.#pending) this.#fail(error);
				else this.#finish(error.message); // a refusal on reconnecting ends it: no retry loop
				return;
			}
			default:
				return;
		}
		if (isReady(naming) && !isReady(before)) this.#ready(deadline);
	}

	/** The connection is ready for its user: the first `connect()` resolves, a reconnect is reported. */
	#ready(deadline: NodeJS.Timeout): void {
		clearTimeout(deadline);
		this.#attempt = 0;
		// Back in the room we were in (or the one asked for): the server starts everyone in #lobby.
		const room = this.#room !== LOBBY ? this.#room : this.#options.room;
		this.#room = LOBBY;
		if (
			room &&
			this.#state.status === 'connected' &&
			roomKey(room.startsWith('#') ? room : `#${room}`) !== roomKey(LOBBY)
		) {
			this.send(`/join ${room}`);
		}
		if (this.#lostAt) {
			this.emit('reconnected', this.#lostAt);
			this.#lostAt = undefined;
		}
		const pending = this.#pending;
		this.#pending = undefined;
		pending?.resolve();
	}

	#lost(reason: string): void {
		if (this.#options.reconnect === false) {
			this.#finish(reason);
			return;
		}
		this.#lostAt ??= new Date();
		this.#attempt++;
		const delayMs = reconnectDelay(this.#attempt, this.#options.reconnectInitialMs);
		this.#setState({
			status: 'reconnecting',
			attempt: this.#attempt,
			delayMs,
			retryAt: Date.now() + delayMs,
			reason,
		});
		this.#retryTimer = setTimeout(() => this.#retry(), delayMs);
	}

	#retry(): void {
		this.#retryTimer = undefined;
		this.#server = (this.#server + 1) % this.#servers.length; // the next server, if several
		this.#setState({status: 'connecting'});
		this.#open();
	}

	/** The first `connect()` failed: it rejects with `error`, and the client is closed. */
	#fail(error: Error): void {
		const pending = this.#pending;
		this.#pending = undefined;
		this.#finish(error.message);
		pending?.reject(error);
	}

	#finish(reason: string): void {
		this.#failWaiters();
		const socket = this.#socket;
		this.#socket = undefined;
		socket?.destroy();
		if (this.#state.status !== 'closed') this.#setState({status: 'closed', reason});
		const pending = this.#pending;
		this.#pending = undefined;
		pending?.reject(new Error(`closed before joining (${reason})`));
	}

	#setState(state: ClientState): void {
		this.#state = state;
		this.emit('state', state);
	}
}

/**
 * Notices a server sends right before closing a connection on purpose (a name timeout, a kick, a
 * ban, a full server): reconnecting would only be refused again. `*** Server shutting down.` is
 * not one of them: the server is going away, and it or another may be back.
 */
const ON_PURPOSE = [
	/^\*\*\* No name given within \d+ seconds; closing\.$/u,
	/^\*\*\* You were kicked by /u,
	/^\*\*\* You were banned by /u,
	/^\*\*\* You are banned from this server\.$/u,
	/^\*\*\* Too many wrong passwords\.$/u,
	/^\*\*\* Server is full /u,
	/^\*\*\* Too many connections from your address\.$/u,
];

/** Whether `notice`, the last before the server closed, says the close was on purpose. */
export const closedOnPurpose = (notice: string | undefined): boolean =>
	notice !== undefined && ON_PURPOSE.some((pattern) => pattern.test(notice));

/** A line as the protocol allows it: no CR or LF inside. */
const oneLine = (text: string): string => text.replace(/[\r\n]/g, ' ');
