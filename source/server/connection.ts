// One client's connection: its socket, input (LineReader), output (Outbox), flood control, the
// name timer, and exactly one way out. What the lines mean is the session's business; this
// module decides when lines are read, and how the connection ends.

import type {Socket} from 'node:net';
import {TLSSocket} from 'node:tls';
import {KEEPALIVE_MS, LINGER_MS} from '../net/socket-timing.js';
import {plainAddress} from '../protocol/addresses.js';
import {decodeLine, type Frame} from '../protocol/line-framer.js';
import {sanitizeText} from '../protocol/sanitize.js';
import * as wire from '../protocol/wire.js';
import type {EventLog, LeaveReason} from './event-log.js';
import type {FlushScheduler} from './flush-scheduler.js';
import type {Hub} from './hub.js';
import {type Hold, LineReader} from './line-reader.js';
import type {Moderation} from './moderation.js';
import type {ServerLimits} from './options.js';
import {Outbox} from './outbox.js';
import {formatPeer} from './peer.js';
import {Session} from './session.js';
import {TokenBucket} from './token-bucket.js';

/** What a connection needs from the server that owns it. */
export interface ConnectionContext {
	readonly hub: Hub;
	readonly limits: ServerLimits;
	readonly scheduler: FlushScheduler;
	readonly moderation: Moderation;
	readonly log: EventLog;
	/** True once shutdown has begun: leaving is then not announced. */
	readonly closing: boolean;
	/** A new id, unique in the chat, for each connection's session. */
	nextId(): string;
	/** Called once, when the connection has left (its slot is free). */
	release(connection: Connection): void;
}

export class Connection {
	readonly peer: string;
	/** The peer's IP address, IPv4 as IPv4. */
	readonly address: string;
	readonly outbox: Outbox;
	readonly session: Session;
	readonly #socket: Socket;
	readonly #context: ConnectionContext;
	readonly #reader: LineReader;
	readonly #bucket: TokenBucket | undefined;
	#gone = false;
	/** Settles once the line being handled is done with (see #hold). */
	#busy: Promise<void> | undefined;
	/** Closes the connection if no valid name arrives in time; cleared on joining. */
	#nameTimer: NodeJS.Timeout | undefined;

	constructor(socket: Socket, context: ConnectionContext) {
		this.#socket = socket;
		this.#context = context;
		const {limits} = context;
		this.peer = formatPeer(socket);
		this.address = plainAddress(socket.remoteAddress ?? '');
		this.outbox = new Outbox(socket, context.scheduler, limits.maxQueueBytes, (backlog) =>
			this.#leave('slow consumer', `${backlog} bytes unread`),
		);
		if (limits.rateLinesPerSecond > 0) {
			const rate = limits.rateLinesPerSecond;
			this.#bucket = new TokenBucket(rate, rate * 2, Date.now());
		}
		socket.setNoDelay(true);
		socket.setKeepAlive(true, KEEPALIVE_MS);
		this.#reader = new LineReader(socket, {
			maxLineBytes: limits.maxLineBytes,
			onLine: (frame) => this.#onLine(frame),
			onEnd: () => this.#leave('eof'),
			hold: () => this.#hold(),
			onTelnetReply: (bytes) => this.outbox.push(bytes),
		});
		socket.on('error', (error: NodeJS.ErrnoException) => this.#leave('error', error.code));
		socket.on('close', () => this.#leave('eof'));
		this.#nameTimer = setTimeout(() => this.#onNameTimeout(), limits.nameTimeoutSeconds * 1000);
		this.session = new Session({
			id: context.nextId(),
			peer: this.peer,
			address: this.address,
			encrypted: socket instanceof TLSSocket,
			moderation: context.moderation,
			outbox: this.outbox,
			hub: context.hub,
			log: context.log,
			quit: () => this.#quit(),
			disconnect: (line, reason) => this.#disconnect(line, reason),
		});
	}

	get name(): string {
		return this.session.name;
	}

	/** Server shutdown: tell the client, end the connection, announce nothing. */
	shutdown(): void {
		if (this.#gone) return;
		this.outbox.end(wire.encodeLine(wire.notices.shuttingDown));
		this.#leave('shutdown');
	}

	/**
	 * Before each line: wait while the client has not read the answers it was already sent (so
	 * asking faster than reading costs the server nothing), and while flood control has no token.
	 * Every line counts, the name prompt's too.
	 */
	#hold(): Hold | undefined {
		const busy = this.#busy;
		if (busy) {
			// The last line is still being handled (in a cluster, until the chat has ordered it):
			// the next one waits, so `/join dev` then `hi` says hi in #dev, as on one server.
			return (resume) => {
				let live = true;
				void busy.then(() => live && resume());
				return () => {
					live = false;
				};
			};
		}
		if (this.outbox.backedUp) {
			return (resume) => {
				this.outbox.whenWritable(resume);
				return () => {}; // the outbox forgets its waiters when the connection closes
			};
		}
		const bucket = this.#bucket;
		if (bucket === undefined) return undefined;
		const now = Date.now();
		if (bucket.tryTake(now)) return undefined;
		const wait = bucket.waitTime(now);
		return (resume) => {
			const timer = setTimeout(resume, wait);
			return () => clearTimeout(timer);
		};
	}

	#onLine(frame: Frame): void {
		if (frame.kind === 'overlong') {
			this.session.refuseOverlong(this.#context.limits.maxLineBytes);
			return;
		}
		const handled = this.session.handle(sanitizeText(decodeLine(frame.bytes)));
		if (handled instanceof Promise) {
			const busy: Promise<void> = handled.then(
				() => this.#settled(busy),
				() => this.#settled(busy),
			);
			this.#busy = busy;
		} else this.#named();
	}

	#settled(busy: Promise<void>): void {
		if (this.#busy === busy) this.#busy = undefined;
		this.#named();
	}

	/** Once named, the name timer has done its work. */
	#named(): void {
		if (this.#nameTimer !== undefined && this.session.name) {
			clearTimeout(this.#nameTimer);
			this.#nameTimer = undefined;
		}
	}

	#quit(): void {
		this.#disconnect(wire.BYE, 'quit');
	}

	/** Sends what is pending and `line`, then ends the connection. */
	#disconnect(line: string, reason: LeaveReason): void {
		if (this.#gone) return;
		this.outbox.end(wire.encodeLine(line));
		this.#leave(reason);
	}

	#onNameTimeout(): void {
		if (this.session.state !== 'naming') return;
		const seconds = this.#context.limits.nameTimeoutSeconds;
		this.outbox.end(wire.encodeLine(wire.notices.nameTimeout(seconds)));
		this.#leave('timeout');
	}

	/** The one way out: ends the session (freeing the name), frees the slot, ends the socket. */
	#leave(reason: LeaveReason, detail?: string): void {
		if (this.#gone) return;
		this.#gone = true;
		clearTimeout(this.#nameTimer);
		this.#reader.stop();
		const context = this.#context;
		const name = this.session.name;
		if (this.session.end(context.closing)) {
			context.log({type: 'leave', name, peer: this.peer, reason, detail});
		} else if (reason === 'timeout') {
			context.log({type: 'reject', peer: this.peer, reason: 'no name given in time'});
		}
		context.release(this);
		this.#closeSocket(reason);
	}

	/** A slow consumer is cut off; anyone else is ended, read from and ignored until the peer closes. */
	#closeSocket(reason: LeaveReason): void {
		const socket = this.#socket;
		if (socket.destroyed) return;
		if (reason === 'slow consumer') {
			this.outbox.discard();
			socket.destroy();
			return;
		}
		if (!socket.writableEnded) this.outbox.end();
		socket.resume();
		socket.on('end', () => socket.destroy());
		const linger = setTimeout(() => socket.destroy(), LINGER_MS);
		linger.unref();
		socket.once('close', () => clearTimeout(linger));
	}
}
