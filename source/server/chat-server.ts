// The TCP chat server: listening, admitting connections up to capacity, and shutting down cleanly.
// `startServer()` is the library's entry point; the `chat serve` command is a thin layer over it.

import net from 'node:net';
import * as wire from '../protocol/wire.js';
import {Connection, type ConnectionContext} from './connection.js';
import {BURST_QUIET_MS, ErrorBursts} from './error-bursts.js';
import type {EventLog} from './event-log.js';
import {FD_HEADROOM, openFileLimit} from './fd-limit.js';
import {FlushScheduler} from './flush-scheduler.js';
import {Hub} from './hub.js';
import {
	DEFAULT_PORT,
	DEFAULT_SHUTDOWN_GRACE_MS,
	resolveLimits,
	type ServerLimits,
	type ServerOptions,
} from './options.js';
import {formatHostPort, formatPeer} from './peer.js';
import type {Session} from './session.js';

export class ChatServer {
	readonly limits: ServerLimits;
	readonly #server: net.Server;
	/** Admitted connections that have not left; what capacity counts. */
	readonly #connections = new Set<Connection>();
	/** Every socket still open, including ended ones that linger and rejected ones. */
	readonly #sockets = new Set<net.Socket>();
	readonly #context: ConnectionContext;
	readonly #scheduler = new FlushScheduler();
	readonly #hub: Hub<Session>;
	readonly #log: EventLog;
	readonly #graceMs: number;
	/** Set the moment shutdown begins, before any connection is ended, so no leave is announced. */
	#shuttingDown = false;
	#closing: Promise<void> | undefined;
	readonly #listenerErrors = new ErrorBursts();
	#burstTimer: NodeJS.Timeout | undefined;

	constructor(options: ServerOptions = {}) {
		this.limits = resolveLimits(options);
		this.#log = options.log ?? (() => {});
		this.#graceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
		this.#hub = new Hub<Session>(this.#scheduler, this.limits);
		const server = this;
		this.#context = {
			hub: this.#hub,
			limits: this.limits,
			scheduler: this.#scheduler,
			log: this.#log,
			get closing() {
				return server.#shuttingDown;
			},
			release: (connection) => this.#connections.delete(connection),
		};
		this.#server = net.createServer({allowHalfOpen: true}, (socket) => this.#admit(socket));
	}

	/** Starts listening; resolves once bound, rejects with the system error (e.g. EADDRINUSE). */
	listen(port: number = DEFAULT_PORT, host?: string): Promise<this> {
		return new Promise((resolve, reject) => {
			const onError = (error: Error) => reject(error);
			this.#server.once('error', onError);
			this.#server.listen({port, host}, () => {
				this.#server.off('error', onError);
				this.#server.on('error', (error) => this.#onListenerError(error));
				this.#checkFileLimit();
				resolve(this);
			});
		});
	}

	/**
	 * An error of the listening socket after start (an accept failing, say) is logged once per
	 * burst and never crashes the process. Running out of descriptors is handled below Node, which
	 * closes the connections it cannot accept without spinning, so that case is warned of at start.
	 */
	#onListenerError(error: NodeJS.ErrnoException): void {
		const code = error.code ?? error.message;
		if (this.#listenerErrors.record(code)) this.#log({type: 'listen-error', code});
		clearTimeout(this.#burstTimer);
		this.#burstTimer = setTimeout(() => {
			const burst = this.#listenerErrors.close();
			if (burst) this.#log({type: 'listen-error', code: burst.code, more: burst.more});
		}, BURST_QUIET_MS);
		this.#burstTimer.unref();
	}

	#checkFileLimit(): void {
		const limit = openFileLimit();
		const needed = this.limits.maxClients + FD_HEADROOM;
		if (limit === undefined || limit >= needed) return;
		this.#log({
			type: 'warning',
			message: `the open-file limit (${limit}) is below the connection limit (${this.limits.maxClients}) plus ${FD_HEADROOM}: the system will close connections past about ${Math.max(0, limit - FD_HEADROOM)}; raise it with ulimit -n`,
		});
	}

	/** The address actually bound (after `listen`). */
	get address(): net.AddressInfo {
		const address = this.#server.address();
		if (address === null || typeof address === 'string') throw new Error('Server is not listening');
		return address;
	}

	get port(): number {
		return this.address.port;
	}

	/** `HOST:PORT` as a person would type it, with IPv6 hosts in brackets. */
	get displayAddress(): string {
		return formatHostPort(this.address.address, this.address.port);
	}

	/** Open connections, named or not. */
	get connectionCount(): number {
		return this.#connections.size;
	}

	/** Names of the users online, room by room (biggest first), each room in order of entry. */
	get users(): string[] {
		const names: string[] = [];
		for (const {room} of this.#hub.rooms()) {
			for (const user of this.#hub.findRoom(room)?.members() ?? []) names.push(user.name);
		}
		return names;
	}

	/** The rooms with how many are in each, biggest first, then by name. */
	get rooms(): {room: string; count: number}[] {
		return this.#hub.rooms();
	}

	/**
	 * Stops accepting, sends every connection `*** Server shutting down.` and ends it; connections
	 * that have not closed after the grace period are cut off. Resolves when all are closed.
	 */
	close(): Promise<void> {
		this.#shuttingDown = true;
		this.#closing ??= this.#shutdown();
		return this.#closing;
	}

	async #shutdown(): Promise<void> {
		const stopped = new Promise<void>((resolve) => this.#server.close(() => resolve()));
		const sockets = [...this.#sockets];
		for (const connection of [...this.#connections]) connection.shutdown();
		const grace = setTimeout(() => {
			for (const socket of this.#sockets) socket.destroy();
		}, this.#graceMs);
		await Promise.all(sockets.map((socket) => closed(socket)));
		clearTimeout(grace);
		await stopped;
	}

	#admit(socket: net.Socket): void {
		this.#sockets.add(socket);
		socket.once('close', () => this.#sockets.delete(socket));
		if (this.#shuttingDown) {
			socket.destroy();
			return;
		}
		if (this.#connections.size >= this.limits.maxClients) {
			this.#reject(socket);
			return;
		}
		this.#connections.add(new Connection(socket, this.#context));
	}

	/** Over capacity: one notice instead of the prompt, then the connection is closed. */
	#reject(socket: net.Socket): void {
		socket.on('error', () => {});
		socket.end(wire.encodeLine(wire.notices.full(this.limits.maxClients)));
		socket.resume();
		setTimeout(() => socket.destroy(), 1000).unref();
		this.#log({type: 'reject', peer: formatPeer(socket), reason: 'server full'});
	}
}

function closed(socket: net.Socket): Promise<void> {
	if (socket.closed) return Promise.resolve();
	return new Promise((resolve) => socket.once('close', () => resolve()));
}

/** Creates a chat server and starts listening: `const server = await startServer({port: 0})`. */
export async function startServer(options: ServerOptions = {}): Promise<ChatServer> {
	const server = new ChatServer(options);
	return server.listen(options.port ?? DEFAULT_PORT, options.host);
}
