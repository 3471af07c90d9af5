// The chat client as a plain class for the Ink UI, the line mode and bots: connects, answers the
// name prompt, sends lines, reports each parsed server line, and reconnects with backoff.

import {EventEmitter} from 'node:events';
import net from 'node:net';
import {KEEPALIVE_MS, LINGER_MS} from '../net/socket-timing.js';
import {parseServerLine, type ServerLine} from '../protocol/server-line.js';
import {DEFAULT_PORT} from '../server/options.js';
import {reconnectDelay} from './backoff.js';
import {describeSocketError} from './describe-error.js';
import {IncomingLines} from './incoming-lines.js';

export type ClientState =
	| {status: 'connecting'}
	/** Connected; `name` is set once the server has welcomed us. */
	| {status: 'connected'; name: string | undefined}
	| {status: 'reconnecting'; attempt: number; delayMs: number; retryAt: number; reason: string}
	| {status: 'closed'; reason: string};

export interface ChatClientOptions {
	host?: string;
	port?: number;
	/** Answer the server's name prompt with this name (once per connection). */
	name?: string;
	/** Reconnect after losing the connection; default true. */
	reconnect?: boolean;
	/** Give up connecting after this long; default 10 s. */
	connectTimeoutMs?: number;
	/** First reconnect delay; it doubles up to 30 s. Default 1 s. */
	reconnectInitialMs?: number;
}

export interface ChatClientEvents {
	/** Every line from the server, sanitised and classified. */
	line: [line: ServerLine];
	state: [state: ClientState];
	/** The connection came back after being lost at `lostAt`. */
	reconnected: [lostAt: Date];
}

export class ChatClient extends EventEmitter<ChatClientEvents> {
	readonly host: string;
	readonly port: number;
	readonly #options: ChatClientOptions;
	#state: ClientState = {status: 'connecting'};
	#socket: net.Socket | undefined;
	#lines = new IncomingLines();
	/** The name the server accepted (or the one to offer); offered again after reconnecting. */
	#name: string | undefined;
	#offeredName = false;
	#quitting = false;
	#attempt = 0;
	#lostAt: Date | undefined;
	#retryTimer: NodeJS.Timeout | undefined;
	/** Lines kept back by `hold()` until `release()`. */
	#held: ServerLine[] | undefined;

	constructor(options: ChatClientOptions = {}) {
		super();
		this.#options = options;
		this.host = options.host ?? 'localhost';
		this.port = options.port ?? DEFAULT_PORT;
		this.#name = options.name;
	}

	get state(): ClientState {
		return this.#state;
	}

	/** The name the server welcomed us with, if any. */
	get name(): string | undefined {
		return this.#state.status === 'connected' ? this.#state.name : undefined;
	}

	/** Connects for the first time; rejects with a one-line reason if that fails. */
	connect(): Promise<void> {
		return new Promise((resolve, reject) => {
			this.#open(resolve, (error) => {
				this.#setState({status: 'closed', reason: describeSocketError(error)});
				reject(new Error(describeSocketError(error)));
			});
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

	/** Sends one line; returns false (and sends nothing) while not connected. */
	send(text: string): boolean {
		const socket = this.#socket;
		if (this.#state.status !== 'connected' || !socket?.writable) return false;
		socket.write(`${text.replace(/[\r\n]/g, ' ')}\n`);
		return true;
	}

	/**
	 * Says `quit` and half-closes, so the server still handles every line sent before it; then
	 * waits for the server to close (after `Bye!`), at most `timeoutMs` (0: no limit), and stays closed.
	 */
	quit({timeoutMs = LINGER_MS}: {timeoutMs?: number} = {}): Promise<void> {
		this.#quitting = true;
		clearTimeout(this.#retryTimer);
		const socket = this.#socket;
		if (!socket || socket.destroyed || this.#state.status !== 'connected') {
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
			socket.end('quit\n');
		});
	}

	/** Closes at once, without saying goodbye, and does not reconnect. */
	close(): void {
		this.#quitting = true;
		clearTimeout(this.#retryTimer);
		this.#finish('closed');
	}

	#open(onConnect?: () => void, onFirstError?: (error: Error) => void): void {
		const socket = net.connect({host: this.host, port: this.port});
		this.#socket = socket;
		this.#lines = new IncomingLines();
		this.#offeredName = false;
		socket.setTimeout(this.#options.connectTimeoutMs ?? 10_000, () => {
			socket.destroy(Object.assign(new Error('timed out'), {code: 'ETIMEDOUT'}));
		});
		let connected = false;
		let failure: Error | undefined;
		socket.once('connect', () => {
			connected = true;
			socket.setTimeout(0);
			socket.setNoDelay(true);
			socket.setKeepAlive(true, KEEPALIVE_MS);
			this.#attempt = 0;
			this.#setState({status: 'connected', name: undefined});
			if (this.#lostAt) {
				this.emit('reconnected', this.#lostAt);
				this.#lostAt = undefined;
			}
			onConnect?.();
		});
		socket.setEncoding('utf8');
		socket.on('data', (text: string) => {
			for (const line of this.#lines.push(text)) this.#receive(line);
		});
		socket.on('error', (error) => {
			failure = error;
		});
		socket.on('close', () => {
			for (const line of this.#lines.end()) this.#receive(line);
			if (socket !== this.#socket) return;
			if (!connected && onFirstError) {
				onFirstError(failure ?? new Error('connection closed'));
				return;
			}
			this.#lost(failure ? describeSocketError(failure) : 'connection closed by the server');
		});
	}

	#receive(raw: string): void {
		const line = parseServerLine(raw);
		if (line.kind === 'prompt' && this.#name !== undefined && !this.#offeredName) {
			this.#offeredName = true;
			this.#socket?.write(`${this.#name}\n`);
		} else if (line.kind === 'welcome') {
			this.#name = line.name;
			this.#setState({status: 'connected', name: line.name});
		}
		if (this.#held) this.#held.push(line);
		else this.emit('line', line);
	}

	#lost(reason: string): void {
		if (this.#quitting) {
			this.#finish('quit');
			return;
		}
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
		this.#retryTimer = setTimeout(() => {
			this.#setState({status: 'connecting'});
			this.#open();
		}, delayMs);
	}

	#finish(reason: string): void {
		const socket = this.#socket;
		this.#socket = undefined;
		socket?.destroy();
		if (this.#state.status !== 'closed') this.#setState({status: 'closed', reason});
	}

	#setState(state: ClientState): void {
		this.#state = state;
		this.emit('state', state);
	}
}
