// A connection's outgoing bytes for the current event-loop turn: its private lines plus its view
// of its room's turn log, handed to the socket as one write (see FlushScheduler). It can move
// between rooms mid-turn: what it had of the old room is kept, in order, and it reads the new
// room's log from the moment it entered.
//
// Two bounds keep a connection's memory in check. Before each write, what the socket still holds
// from earlier writes is checked: past the limit, the reader is too slow, and the owner is told to
// drop it. And `backlog` (unsent bytes, including this turn's) lets the owner stop reading a
// client's input while its answers pile up, until `whenWritable` says the socket took them.

import type {Socket} from 'node:net';
import type {Channel, Flushable, FlushScheduler} from './flush-scheduler.js';
import {type PrivateLine, TurnLog} from './turn-log.js';

const EMPTY_LOG = new TurnLog();

/**
 * Answers one connection may pile up in a turn before its input waits for the flush: small, so a
 * client that asks much at once costs little memory at a time and cannot starve the others.
 */
const TURN_BUDGET_BYTES = 64 * 1024;

export class Outbox implements Flushable {
	readonly #socket: Socket;
	readonly #scheduler: FlushScheduler;
	readonly #maxBacklog: number;
	readonly #onOverflow: (backlog: number) => void;
	/** The room whose broadcasts it receives, and from which entry of that room's turn log. */
	#channel: Channel | undefined;
	#from = 0;
	/** Lines for this connection alone, this turn, placed among the room's entries. */
	#privates: PrivateLine[] = [];
	/** Bytes already settled this turn: from a room it has left, or privates from before a move. */
	#carried: Buffer[] = [];
	/** Bytes of `#privates` and `#carried`. */
	#pendingBytes = 0;
	/** Whether it broadcast this turn (its own lines are left out of its view). */
	#sender = false;
	/** Whether it is on the scheduler's list for this turn. */
	#dirty = false;
	/** The last turn it was flushed in, so a flush never runs twice in one turn. */
	#turn = 0;
	/** Resumptions waiting for the socket to take the backlog. */
	#waiters: (() => void)[] = [];
	#closed = false;

	constructor(
		socket: Socket,
		scheduler: FlushScheduler,
		maxBacklog: number,
		onOverflow: (backlog: number) => void,
	) {
		this.#socket = socket;
		this.#scheduler = scheduler;
		this.#maxBacklog = maxBacklog;
		this.#onOverflow = onOverflow;
		socket.on('drain', () => this.#wake());
	}

	/** Bytes this connection has been sent and not yet written to the network. */
	get backlog(): number {
		return this.#socket.writableLength + this.#pendingBytes;
	}

	/** From now on, it receives `channel`'s broadcasts (it entered that room). */
	attach(channel: Channel): void {
		this.detach();
		this.#channel = channel;
		this.#from = channel.log.length;
	}

	/** It stops receiving its room's broadcasts; what it had of them so far is kept. */
	detach(): void {
		const channel = this.#channel;
		if (channel === undefined) return;
		const log = channel.log;
		const chunks = log.view(this.#from, this, this.#privates);
		this.#privates = [];
		this.#channel = undefined;
		this.#from = 0;
		if (chunks.length === 0) return;
		for (const chunk of chunks) this.#carried.push(chunk);
		this.#pendingBytes = chunks.reduce((sum, chunk) => sum + chunk.length, this.#pendingBytes);
		this.#markDirty();
	}

	markSender(): void {
		this.#sender = true;
	}

	/** Queues a line for this connection alone, after everything its room was sent so far. */
	push(bytes: Buffer): void {
		if (this.#closed) return;
		this.#privates.push({at: this.#channel?.log.length ?? 0, bytes});
		this.#pendingBytes += bytes.length;
		this.#markDirty();
	}

	/**
	 * True when this turn's answers are past the turn budget, or the backlog is past the limit and
	 * the socket has yet to take it: the owner should stop reading the client's input until
	 * `whenWritable`.
	 */
	get backedUp(): boolean {
		if (this.#pendingBytes > TURN_BUDGET_BYTES) return true;
		return (
			this.backlog > this.#maxBacklog && (this.#pendingBytes > 0 || this.#socket.writableNeedDrain)
		);
	}

	/**
	 * Calls `resume` once, when the socket has taken what it was given (a write it accepted, or its
	 * 'drain'). Only while `backedUp`; nothing is called after the connection closed.
	 */
	whenWritable(resume: () => void): void {
		this.#waiters.push(resume);
	}

	flush(log: TurnLog | undefined, turn: number): void {
		if (this.#turn === turn) return;
		this.#dirty = false;
		if (log === undefined && (this.#channel?.log.length ?? 0) > 0) {
			return; // its room had broadcasts after its own flush began: it is flushed with them next turn
		}
		this.#turn = turn;
		const view = log ?? EMPTY_LOG;
		const from = this.#from;
		if (view.length <= from && this.#privates.length === 0 && this.#carried.length === 0) {
			this.#from = 0;
			return;
		}
		const backlog = this.#socket.writableLength;
		if (backlog > this.#maxBacklog) {
			this.discard();
			this.#onOverflow(backlog);
			return;
		}
		const data =
			from === 0 && !this.#sender && this.#privates.length === 0 && this.#carried.length === 0
				? view.all() // the common case: shared by everyone with the whole view
				: join([...this.#carried, ...view.view(from, this, this.#privates)]);
		this.#reset();
		if (!this.#socket.writable || data.length === 0 || this.#socket.write(data)) this.#wake();
	}

	/** Writes what is pending (and `last`), then half-closes; nothing more is sent after this. */
	end(last?: Buffer): void {
		const log = this.#channel?.log ?? EMPTY_LOG;
		const chunks = [...this.#carried, ...log.view(this.#from, this, this.#privates)];
		if (last) chunks.push(last);
		this.discard();
		if (this.#socket.writable) this.#socket.end(join(chunks));
	}

	/** Forgets everything pending and stops receiving broadcasts (the socket is going away). */
	discard(): void {
		this.#reset();
		this.#channel = undefined;
		this.#closed = true;
		this.#waiters = [];
	}

	#reset(): void {
		this.#privates = [];
		this.#carried = [];
		this.#pendingBytes = 0;
		this.#sender = false;
		this.#from = 0;
	}

	#markDirty(): void {
		if (this.#dirty) return;
		this.#dirty = true;
		this.#scheduler.outboxDirty(this);
	}

	#wake(): void {
		if (this.#waiters.length === 0) return;
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const resume of waiters) resume();
	}
}

function join(chunks: Buffer[]): Buffer {
	return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
