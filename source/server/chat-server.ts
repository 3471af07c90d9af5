// The chat server: listening (plain TCP, TLS, or both), admitting connections up to capacity and
// past bans and per-address limits, and shutting down cleanly. `startServer()` is the library's
// entry point; the `chat serve` command is a thin layer over it.

import {randomBytes} from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import {plainAddress} from '../protocol/addresses.js';
import * as wire from '../protocol/wire.js';
import {LocalBus} from './bus.js';
import {Connection, type ConnectionContext} from './connection.js';
import {BURST_QUIET_MS, ErrorBursts} from './error-bursts.js';
import type {EventLog} from './event-log.js';
import {FD_HEADROOM, openFileLimit} from './fd-limit.js';
import {FlushScheduler} from './flush-scheduler.js';
import {Hub} from './hub.js';
import {Moderation} from './moderation.js';
import {
	DEFAULT_CLUSTER_NAME,
	DEFAULT_CLUSTER_TIMEOUT_SECONDS,
	DEFAULT_PORT,
	DEFAULT_SHUTDOWN_GRACE_MS,
	DEFAULT_TLS_PORT,
	resolveLimits,
	type ServerLimits,
	type ServerOptions,
	type TlsCredentials,
} from './options.js';
import {formatHostPort, formatPeer} from './peer.js';
import {TlsHandshakes} from './tls-handshakes.js';

export class ChatServer {
	readonly limits: ServerLimits;
	readonly #server: net.Server;
	#tlsServer: tls.Server | undefined;
	/** TLS connections still in their handshake. */
	readonly #handshakes = new TlsHandshakes((peer, reason) => {
		if (!this.#shuttingDown) this.#log({type: 'reject', peer, reason});
	});
	/** Admitted connections that have not left; what capacity counts. */
	readonly #connections = new Set<Connection>();
	/** Admitted connections per address, for `maxPerAddress`. */
	readonly #perAddress = new Map<string, number>();
	readonly #moderation: Moderation;
	/** This server among others (a cluster): random, so a restarted server is a new one. */
	readonly #instanceId = randomBytes(6).toString('base64url');
	#sessions = 0;
	/** Resolves once the hub's bus is ready. */
	#ready: Promise<void>;
	/** Every socket still open, including ended ones that linger and rejected ones. */
	readonly #sockets = new Set<net.Socket>();
	readonly #context: ConnectionContext;
	readonly #scheduler = new FlushScheduler();
	readonly #hub: Hub;
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
		this.#moderation = new Moderation({
			operatorPassword: options.operatorPassword,
			stateDir: options.stateDir,
			log: this.#log,
		});
		this.#hub = new Hub(this.#scheduler, this.limits, this.#moderation);
		const {cluster} = options;
		// The Redis client loads only for a cluster: one server starts without it.
		this.#ready = cluster
			? import('./redis-bus.js').then(({RedisBus}) =>
					this.#hub.attach(
						new RedisBus({
							url: cluster.redisUrl,
							cluster: cluster.name ?? DEFAULT_CLUSTER_NAME,
							instance: this.#instanceId,
							timeoutSeconds: cluster.timeoutSeconds ?? DEFAULT_CLUSTER_TIMEOUT_SECONDS,
							historyLines: this.limits.historyLines,
							maxRooms: this.limits.maxRooms,
						}),
					),
				)
			: this.#hub.attach(new LocalBus((name) => this.#hub.find(name)));
		this.#ready.catch(() => {}); // reported by listen()
		const server = this;
		this.#context = {
			hub: this.#hub,
			limits: this.limits,
			scheduler: this.#scheduler,
			moderation: this.#moderation,
			log: this.#log,
			get closing() {
				return server.#shuttingDown;
			},
			release: (connection) => this.#release(connection),
			nextId: () => `${this.#instanceId}:${++this.#sessions}`,
		};
		this.#server = net.createServer({allowHalfOpen: true}, (socket) => this.#admit(socket));
	}

	/** Resolves once the server can serve (a cluster's Redis reached); rejects with a one-line reason. */
	get ready(): Promise<void> {
		return this.#ready;
	}

	/** Starts listening; resolves once bound, rejects with the system error (e.g. EADDRINUSE). */
	async listen(port: number = DEFAULT_PORT, host?: string): Promise<this> {
		await this.#ready;
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

	/**
	 * Also listens with TLS, speaking the same protocol inside it; resolves once bound. A handshake
	 * that has not completed within the name timeout is closed.
	 */
	async listenTls(credentials: TlsCredentials, port: number, host?: string): Promise<this> {
		await this.#ready;
		// Not half-open before the handshake, so a FIN there closes it at once; a secured connection
		// is made half-open like a plain one (#onSecure), so `quit` still gets its `Bye!`.
		const server = tls.createServer({
			...credentials,
			allowHalfOpen: false,
			handshakeTimeout: this.limits.nameTimeoutSeconds * 1000,
		});
		this.#tlsServer = server;
		server.on('connection', (socket: net.Socket) => this.#onHandshakeStart(socket));
		server.on('secureConnection', (socket: tls.TLSSocket) => this.#onSecure(socket));
		server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: tls.TLSSocket) => {
			this.#handshakes.failed(socket, `TLS handshake failed: ${error.code ?? error.message}`);
			socket.destroy(); // frees its slot: the raw socket closes, and #handshakes reports it
		});
		return new Promise((resolve, reject) => {
			const onError = (error: Error) => reject(error);
			server.once('error', onError);
			server.listen({port, host}, () => {
				server.off('error', onError);
				server.on('error', (error) => this.#onListenerError(error));
				resolve(this);
			});
		});
	}

	/** Uses new credentials for TLS connections from now on; connected users stay connected. */
	reloadTls(credentials: TlsCredentials): void {
		this.#tlsServer?.setSecureContext(credentials);
	}

	/** The address actually bound by `listen` (or by `listenTls` when there is no plain listener). */
	get address(): net.AddressInfo {
		const address = this.#server.listening
			? this.#server.address()
			: (this.#tlsServer?.address() ?? null);
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

	/** The TLS listener's address, if there is one. */
	get tlsAddress(): net.AddressInfo | undefined {
		const address = this.#tlsServer?.address();
		return address && typeof address !== 'string' ? address : undefined;
	}

	get tlsDisplayAddress(): string | undefined {
		const address = this.tlsAddress;
		return address && formatHostPort(address.address, address.port);
	}

	/** Open connections, named or not. */
	get connectionCount(): number {
		return this.#connections.size;
	}

	/** Names of the users online, room by room (biggest first), each room in order of entry. */
	get users(): string[] {
		return this.#hub
			.rooms()
			.flatMap(({room}) => this.#hub.presence.members(room).map((user) => user.name));
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
		const stopped = Promise.all(
			[this.#server, this.#tlsServer]
				.filter((server) => server?.listening)
				.map((server) => new Promise<void>((resolve) => server?.close(() => resolve()))),
		);
		const sockets = [...this.#sockets];
		this.#handshakes.destroyAll();
		for (const connection of [...this.#connections]) connection.shutdown();
		const grace = setTimeout(() => {
			for (const socket of this.#sockets) socket.destroy();
		}, this.#graceMs);
		const bus = this.#ready.then(
			() => this.#hub.bus.close(), // after the departures above are sent
			() => {},
		);
		await Promise.all(sockets.map((socket) => closed(socket)));
		clearTimeout(grace);
		await Promise.all([stopped, bus]);
	}

	/**
	 * A TLS connection's raw socket, before its handshake: it counts against capacity from now on,
	 * so a flood of stalled handshakes stays within `maxClients` (and the name timeout ends each).
	 */
	#onHandshakeStart(socket: net.Socket): void {
		const peer = formatPeer(socket);
		const address = plainAddress(socket.remoteAddress ?? '');
		const perAddress = this.limits.maxPerAddress;
		const reason = this.#shuttingDown
			? undefined
			: this.#connections.size + this.#handshakes.size >= this.limits.maxClients
				? 'server full'
				: perAddress > 0 && this.#handshakes.from(address) >= perAddress
					? 'too many handshakes from the address'
					: null;
		if (reason !== null) {
			// Nothing can be said to it before a handshake, and a handshake is what a flood would cost.
			// Past the cap it is closed at once; one address may hold at most --max-per-address
			// handshakes (a completed one is then told by #admit if its address has too many).
			socket.destroy();
			if (reason) this.#log({type: 'reject', peer, reason});
			return;
		}
		this.#handshakes.start(socket);
	}

	#onSecure(socket: tls.TLSSocket): void {
		this.#handshakes.secured(socket);
		socket.allowHalfOpen = true; // documented for Duplex streams: set before 'end'
		this.#admit(socket);
	}

	/** Connections from `address`, admitted or still in a TLS handshake. */
	#fromAddress(address: string): number {
		return (this.#perAddress.get(address) ?? 0) + this.#handshakes.from(address);
	}

	#admit(socket: net.Socket): void {
		this.#sockets.add(socket);
		socket.once('close', () => this.#sockets.delete(socket));
		if (this.#shuttingDown) {
			socket.destroy();
			return;
		}
		if (this.#connections.size + this.#handshakes.size >= this.limits.maxClients) {
			this.#reject(socket, wire.notices.full(this.limits.maxClients), 'server full');
			return;
		}
		const address = plainAddress(socket.remoteAddress ?? '');
		if (this.#moderation.bans.match(address, Date.now())) {
			this.#reject(socket, wire.notices.bannedFromServer, 'banned');
			return;
		}
		const fromAddress = this.#perAddress.get(address) ?? 0;
		const perAddress = this.limits.maxPerAddress;
		if (perAddress > 0 && this.#fromAddress(address) >= perAddress) {
			this.#reject(
				socket,
				wire.notices.tooManyFromAddress,
				'too many connections from the address',
			);
			return;
		}
		this.#perAddress.set(address, fromAddress + 1);
		this.#connections.add(new Connection(socket, this.#context));
	}

	#release(connection: Connection): void {
		if (!this.#connections.delete(connection)) return;
		const count = (this.#perAddress.get(connection.address) ?? 1) - 1;
		if (count > 0) this.#perAddress.set(connection.address, count);
		else this.#perAddress.delete(connection.address);
	}

	/** One notice instead of the prompt, then the connection is closed. */
	#reject(socket: net.Socket, line: string, reason: string): void {
		socket.on('error', () => {});
		socket.end(wire.encodeLine(line));
		socket.resume();
		setTimeout(() => socket.destroy(), 1000).unref();
		this.#log({type: 'reject', peer: formatPeer(socket), reason});
	}
}

function closed(socket: net.Socket): Promise<void> {
	if (socket.closed) return Promise.resolve();
	return new Promise((resolve) => socket.once('close', () => resolve()));
}

/**
 * Creates a chat server and starts listening: `const server = await startServer({port: 0})`.
 * With `tls`, it also listens with TLS on `tlsPort` (default 4243); `plain: false` leaves TLS alone.
 */
export async function startServer(options: ServerOptions = {}): Promise<ChatServer> {
	const server = new ChatServer(options);
	try {
		if (options.plain !== false) await server.listen(options.port ?? DEFAULT_PORT, options.host);
		if (options.tls)
			await server.listenTls(options.tls, options.tlsPort ?? DEFAULT_TLS_PORT, options.host);
	} catch (error) {
		await server.close();
		throw error;
	}
	return server;
}
