// One client's life on the server: awaiting a name, chatting, gone. Owns the socket's input
// pipeline (telnet → lines → text), its flood control, its outbox, and exactly one way out.

import type {Socket} from 'node:net';
import {decodeLine, type Frame, LineFramer} from '../protocol/line-framer.js';
import {checkName} from '../protocol/names.js';
import {isBlank, sanitizeText} from '../protocol/sanitize.js';
import {TelnetFilter} from '../protocol/telnet.js';
import * as wire from '../protocol/wire.js';
import type {EventLog, LeaveReason} from './event-log.js';
import type {ServerLimits} from './options.js';
import {type FlushQueue, Outbox} from './outbox.js';
import {formatPeer} from './peer.js';
import type {Room} from './room.js';
import {TokenBucket} from './token-bucket.js';

/** What a connection needs from the server that owns it. */
export interface ConnectionContext {
	readonly room: Room<Connection>;
	readonly limits: ServerLimits;
	readonly flushQueue: FlushQueue;
	readonly log: EventLog;
	/** True once shutdown has begun: leaving is then not announced. */
	readonly closing: boolean;
	/** Called once, when the connection has left (its slot is free). */
	release(connection: Connection): void;
}

type State = 'naming' | 'chatting' | 'gone';

/** How long a socket that has been ended may linger for the peer to close its side. */
const LINGER_MS = 5000;
/** TCP keepalive probes start after this much silence, to find peers that vanished. */
const KEEPALIVE_MS = 30_000;

export class Connection {
	readonly peer: string;
	#name = '';
	#state: State = 'naming';
	readonly #socket: Socket;
	readonly #context: ConnectionContext;
	readonly outbox: Outbox;
	readonly #telnet = new TelnetFilter();
	readonly #framer: LineFramer;
	readonly #bucket: TokenBucket | undefined;
	/** Framed lines not yet handled; only grows past one chunk's lines while reads are paused. */
	#inbox: Frame[] = [];
	#inboxHead = 0;
	#peerEnded = false;
	/** Closes the connection if no valid name arrives in time; cleared on joining. */
	#nameTimer: NodeJS.Timeout | undefined;
	/** Resumes reading when flood control has a token again. */
	#resumeTimer: NodeJS.Timeout | undefined;

	constructor(socket: Socket, context: ConnectionContext) {
		this.#socket = socket;
		this.#context = context;
		const {limits} = context;
		this.peer = formatPeer(socket);
		this.#framer = new LineFramer(limits.maxLineBytes);
		this.outbox = new Outbox(socket, context.flushQueue, limits.maxQueueBytes, (backlog) =>
			this.#leave('slow consumer', `${backlog} bytes unread`),
		);
		if (limits.rateLinesPerSecond > 0) {
			const rate = limits.rateLinesPerSecond;
			this.#bucket = new TokenBucket(rate, rate * 2, Date.now());
		}
		socket.setNoDelay(true);
		socket.setKeepAlive(true, KEEPALIVE_MS);
		socket.on('data', (chunk: Buffer) => this.#onData(chunk));
		socket.on('end', () => this.#onEnd());
		socket.on('error', (error: NodeJS.ErrnoException) => this.#leave('error', error.code));
		socket.on('close', () => this.#leave('eof'));
		this.#nameTimer = setTimeout(() => this.#onNameTimeout(), limits.nameTimeoutSeconds * 1000);
		this.#send(wire.PROMPT);
	}

	get name(): string {
		return this.#name;
	}

	/** Server shutdown: tell the client, end the connection, announce nothing. */
	shutdown(): void {
		if (this.#state === 'gone') return;
		this.outbox.end(wire.encodeLine(wire.notices.shuttingDown));
		this.#leave('shutdown');
	}

	/** Queues a line for this connection alone. */
	#send(line: string): void {
		if (this.#state !== 'gone') this.outbox.push(wire.encodeLine(line));
	}

	#onData(chunk: Buffer): void {
		if (this.#state === 'gone') return; // after quit, input is ignored
		this.#enqueue(this.#framer.push(this.#telnet.push(chunk)));
		const replies = this.#telnet.takeReplies(); // telnet's Ctrl-C waits for one (RFC 860)
		if (replies && (this.#state as State) !== 'gone') this.outbox.push(replies); // not after quit
	}

	#onEnd(): void {
		if (this.#state === 'gone') {
			this.#socket.destroy();
			return;
		}
		this.#peerEnded = true;
		this.#enqueue(this.#framer.end());
	}

	#enqueue(frames: Frame[]): void {
		for (const frame of frames) this.#inbox.push(frame);
		this.#drain();
	}

	/** Handles queued lines in order, pausing the socket while the flood-control bucket is empty. */
	#drain(): void {
		while (this.#inboxHead < this.#inbox.length && this.#state !== 'gone') {
			if (this.#state === 'chatting' && this.#bucket) {
				const now = Date.now();
				if (!this.#bucket.tryTake(now)) {
					this.#socket.pause();
					this.#resumeTimer = setTimeout(() => this.#drain(), this.#bucket.waitTime(now));
					return;
				}
			}
			const frame = this.#inbox[this.#inboxHead++] as Frame;
			this.#handle(frame);
		}
		this.#inbox = [];
		this.#inboxHead = 0;
		if (this.#state === 'gone') return;
		if (this.#peerEnded) this.#leave('eof');
		else if (this.#socket.isPaused()) this.#socket.resume();
	}

	#handle(frame: Frame): void {
		if (frame.kind === 'overlong') {
			this.#send(wire.notices.lineTooLong(this.#context.limits.maxLineBytes));
			if (this.#state === 'naming') this.#send(wire.PROMPT);
			return;
		}
		const text = sanitizeText(decodeLine(frame.bytes));
		if (this.#state === 'naming') this.#handleName(text);
		else this.#handleChat(text);
	}

	#handleName(text: string): void {
		if (text === '/quit') {
			this.#quit();
			return;
		}
		const check = checkName(text);
		const {room} = this.#context;
		if (!check.ok) {
			this.#send(wire.notice(check.reason));
			this.#send(wire.PROMPT);
			return;
		}
		this.#name = check.name;
		if (!room.join(this)) {
			this.#name = '';
			const online = room.holder(check.name)?.name ?? check.name;
			this.#send(wire.notice(wire.nameTaken(check.name, online)));
			this.#send(wire.PROMPT);
			return;
		}
		this.#state = 'chatting';
		clearTimeout(this.#nameTimer);
		this.#send(wire.welcome(this.#name));
		room.broadcast(wire.entered(this.#name), this);
		this.#context.log({type: 'join', name: this.#name, peer: this.peer});
	}

	#handleChat(text: string): void {
		if (wire.isQuitCommand(text)) this.#quit();
		else if (!isBlank(text)) this.#context.room.broadcast(wire.chat(this.#name, text), this);
	}

	#quit(): void {
		this.outbox.end(wire.encodeLine(wire.BYE));
		this.#leave('quit');
	}

	#onNameTimeout(): void {
		if (this.#state !== 'naming') return;
		const seconds = this.#context.limits.nameTimeoutSeconds;
		this.outbox.end(wire.encodeLine(wire.notices.nameTimeout(seconds)));
		this.#leave('timeout');
	}

	/** The one way out: frees the name and the slot, announces a named user's leaving, ends the socket. */
	#leave(reason: LeaveReason, detail?: string): void {
		if (this.#state === 'gone') return;
		const wasNamed = this.#state === 'chatting';
		this.#state = 'gone';
		clearTimeout(this.#nameTimer);
		clearTimeout(this.#resumeTimer);
		this.#inbox = [];
		const context = this.#context;
		if (wasNamed) {
			context.room.leave(this);
			if (!context.closing) context.room.broadcast(wire.left(this.#name), this);
			context.log({type: 'leave', name: this.#name, peer: this.peer, reason, detail});
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
		const linger = setTimeout(() => socket.destroy(), LINGER_MS);
		linger.unref();
		socket.once('close', () => clearTimeout(linger));
	}
}
