// A connection's outgoing bytes for the current event-loop turn: its private lines plus, for room
// members, its view of the turn's broadcast log, handed to the socket as one write. Before each
// write it checks what the socket still holds from earlier writes: past the limit, the reader is
// too slow, and the owner is told to drop it instead of buffering without bound.

import type {Socket} from 'node:net';
import {type PrivateLine, TurnLog} from './turn-log.js';

/** Flushes cheaper than this are never paced: at ordinary load, latency comes first. */
const MIN_PACED_COST_MS = 4;
/** A flush never waits longer than this for pacing. */
const MAX_PACING_MS = 20;

/**
 * Schedules one flush per event-loop turn: every room member when something was broadcast, and
 * every other outbox that was sent a private line. Broadcasts made during a flush (a slow reader
 * dropped, say) go into the next turn's log.
 *
 * Under load, flushes are paced: after a flush that cost MIN_PACED_COST_MS or more, the next one
 * starts no sooner than that cost after it ended, so flushing takes at most about half the time
 * and each write carries more lines (a join storm in a big room would otherwise cost one write
 * per delivery). Cheaper flushes, as at ordinary load, are never delayed: a flush then runs in
 * the next turn.
 */
export class FlushQueue {
	#log = new TurnLog();
	#dirty: Outbox[] = [];
	#scheduled = false;
	#turn = 0;
	#lastEnd = 0;
	#lastCost = 0;
	readonly #members: () => Iterable<Outbox>;

	/** `members` lists the outboxes of everyone in the room. */
	constructor(members: () => Iterable<Outbox>) {
		this.#members = members;
	}

	get log(): TurnLog {
		return this.#log;
	}

	/** Sends one line to every member but `from`: O(1), whatever the size of the room. */
	broadcast(bytes: Buffer, from?: Outbox): void {
		this.#log.append(bytes, from);
		from?.markSender();
		this.#schedule();
	}

	add(outbox: Outbox): void {
		this.#dirty.push(outbox);
		this.#schedule();
	}

	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		const wait =
			this.#lastCost < MIN_PACED_COST_MS ? 0 : this.#lastEnd + this.#lastCost - performance.now();
		if (wait < 1) setImmediate(this.#flushAll);
		else setTimeout(this.#flushAll, Math.min(wait, MAX_PACING_MS));
	}

	readonly #flushAll = (): void => {
		const started = performance.now();
		this.#flush();
		this.#lastEnd = performance.now();
		this.#lastCost = this.#lastEnd - started;
	};

	#flush(): void {
		this.#scheduled = false;
		const log = this.#log;
		const dirty = this.#dirty;
		this.#log = new TurnLog();
		this.#dirty = [];
		const turn = ++this.#turn;
		if (log.length > 0) for (const outbox of this.#members()) outbox.flush(log, turn);
		for (const outbox of dirty) outbox.flush(log, turn);
	}
}

export class Outbox {
	readonly #socket: Socket;
	readonly #queue: FlushQueue;
	readonly #maxBacklog: number;
	readonly #onOverflow: (backlog: number) => void;
	/** Lines for this connection alone, this turn. */
	#privates: PrivateLine[] = [];
	/** Where in this turn's log this connection's broadcasts start; undefined if not a member. */
	#from: number | undefined;
	/** Whether it broadcast this turn (its own lines are left out of its view). */
	#sender = false;
	/** The last turn it was flushed in, so a flush never runs twice in one turn. */
	#turn = 0;

	constructor(
		socket: Socket,
		queue: FlushQueue,
		maxBacklog: number,
		onOverflow: (backlog: number) => void,
	) {
		this.#socket = socket;
		this.#queue = queue;
		this.#maxBacklog = maxBacklog;
		this.#onOverflow = onOverflow;
	}

	/** From now on, this connection receives broadcasts (it joined the room). */
	subscribe(): void {
		this.#from = this.#queue.log.length;
	}

	markSender(): void {
		this.#sender = true;
	}

	/** Queues a line for this connection alone, after everything broadcast so far. */
	push(bytes: Buffer): void {
		if (this.#privates.length === 0) this.#queue.add(this);
		this.#privates.push({at: this.#queue.log.length, bytes});
	}

	/** Hands this turn's bytes to the socket in one write, unless the reader has fallen too far behind. */
	flush(log: TurnLog, turn: number): void {
		if (this.#turn === turn) return;
		this.#turn = turn;
		const from = this.#from;
		const hasBroadcasts = from !== undefined && log.length > from;
		if (!hasBroadcasts && this.#privates.length === 0) return;
		const backlog = this.#socket.writableLength;
		if (backlog > this.#maxBacklog) {
			this.discard();
			this.#onOverflow(backlog);
			return;
		}
		const data =
			from === 0 && !this.#sender && this.#privates.length === 0
				? log.all() // the common case: shared by everyone with the whole view
				: join(log.view(from ?? log.length, this, this.#privates));
		this.#privates = [];
		this.#sender = false;
		if (from !== undefined) this.#from = 0;
		if (this.#socket.writable && data.length > 0) this.#socket.write(data);
	}

	/** Writes what is pending (and `last`), then half-closes; no more broadcasts after this. */
	end(last?: Buffer): void {
		const log = this.#queue.log;
		const chunks = log.view(this.#from ?? log.length, this, this.#privates);
		if (last) chunks.push(last);
		this.discard();
		if (this.#socket.writable) this.#socket.end(join(chunks));
	}

	/** Forgets everything pending and stops receiving broadcasts (the socket is going away). */
	discard(): void {
		this.#privates = [];
		this.#from = undefined;
		this.#sender = false;
	}
}

function join(chunks: Buffer[]): Buffer {
	return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
