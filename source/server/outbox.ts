// A connection's outgoing bytes: everything it is sent in one event-loop turn goes out as one write.
// Before each write it checks what the socket still holds from earlier writes: past the limit, the
// reader is too slow, and the owner is told to drop it instead of buffering without bound.

import type {Socket} from 'node:net';

/** Runs `flush()` of every outbox that was written to, once per event-loop turn. */
export class FlushQueue {
	#dirty: Outbox[] = [];
	#scheduled = false;

	add(outbox: Outbox): void {
		this.#dirty.push(outbox);
		if (!this.#scheduled) {
			this.#scheduled = true;
			setImmediate(this.#flushAll);
		}
	}

	readonly #flushAll = (): void => {
		this.#scheduled = false;
		const dirty = this.#dirty;
		this.#dirty = [];
		for (const outbox of dirty) outbox.flush();
	};
}

export class Outbox {
	readonly #socket: Socket;
	readonly #queue: FlushQueue;
	readonly #maxBacklog: number;
	readonly #onOverflow: (backlog: number) => void;
	/** Buffers for this turn; often shared with every other recipient of the same line. */
	#chunks: Buffer[] = [];
	#bytes = 0;

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

	/** Queues bytes for this turn's write. */
	push(bytes: Buffer): void {
		if (this.#chunks.length === 0) this.#queue.add(this);
		this.#chunks.push(bytes);
		this.#bytes += bytes.length;
	}

	/** Hands this turn's bytes to the socket in one write, unless the reader has fallen too far behind. */
	flush(): void {
		if (this.#chunks.length === 0) return;
		const backlog = this.#socket.writableLength;
		if (backlog > this.#maxBacklog) {
			this.#clear();
			this.#onOverflow(backlog);
			return;
		}
		const data = this.#take();
		if (this.#socket.writable) this.#socket.write(data);
	}

	/** Writes what is queued plus `last`, then half-closes the socket. */
	end(last?: Buffer): void {
		if (last) this.push(last);
		const data = this.#take();
		if (this.#socket.writable) this.#socket.end(data);
	}

	/** Forgets what is queued (the socket is being destroyed). */
	discard(): void {
		this.#clear();
	}

	#take(): Buffer {
		const data =
			this.#chunks.length === 1
				? (this.#chunks[0] as Buffer)
				: Buffer.concat(this.#chunks, this.#bytes);
		this.#clear();
		return data;
	}

	#clear(): void {
		this.#chunks = [];
		this.#bytes = 0;
	}
}
