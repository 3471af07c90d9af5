// Everything broadcast during one event-loop turn, in order, stored once. A member's output for
// the turn is a view of this log (from when it joined, minus its own lines), so a broadcast costs
// the same however many are in the room, and members with the whole view share one joined Buffer.

export interface LogEntry {
	readonly bytes: Buffer;
	/** The sender's outbox (it does not get its own lines), if any. */
	readonly from: object | undefined;
}

/** A line for one recipient only, queued after the first `at` entries of the log. */
export interface PrivateLine {
	readonly at: number;
	readonly bytes: Buffer;
}

export class TurnLog {
	#entries: LogEntry[] = [];
	#bytes = 0;
	#all: Buffer | undefined;

	get length(): number {
		return this.#entries.length;
	}

	append(bytes: Buffer, from?: object): void {
		this.#entries.push({bytes, from});
		this.#bytes += bytes.length;
		this.#all = undefined;
	}

	/** The whole log as one Buffer, joined at most once per turn and shared by every full view. */
	all(): Buffer {
		this.#all ??= Buffer.concat(
			this.#entries.map((entry) => entry.bytes),
			this.#bytes,
		);
		return this.#all;
	}

	/** The chunks one recipient gets: entries from `start` not sent by `self`, privates in place. */
	view(start: number, self: object, privates: readonly PrivateLine[]): Buffer[] {
		const chunks: Buffer[] = [];
		const entries = this.#entries;
		let next = 0;
		for (let index = start; index < entries.length; index++) {
			while (next < privates.length && (privates[next] as PrivateLine).at <= index) {
				chunks.push((privates[next++] as PrivateLine).bytes);
			}
			const entry = entries[index] as LogEntry;
			if (entry.from !== self) chunks.push(entry.bytes);
		}
		while (next < privates.length) chunks.push((privates[next++] as PrivateLine).bytes);
		return chunks;
	}
}
