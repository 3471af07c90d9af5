// A room: who is in it, in the order they entered, and fan-out of a line to its members. A line
// is encoded once and appended once to the room's turn log; each member's write is a view of that
// log (see FlushScheduler), so a broadcast costs the same in a room of ten or ten thousand.

import type {Channel, FlushScheduler} from './flush-scheduler.js';
import {History} from './history.js';
import type {Outbox} from './outbox.js';
import {TurnLog} from './turn-log.js';

export interface Member {
	readonly name: string;
	readonly outbox: Outbox;
}

export class Room<M extends Member = Member> implements Channel {
	/** As shown, with its `#`. */
	readonly name: string;
	readonly history: History;
	/** Members by identity, not by name, so a rename never leaves a ghost; in order of entry. */
	readonly #members = new Set<M>();
	readonly #scheduler: FlushScheduler;
	#log = new TurnLog();

	constructor(name: string, scheduler: FlushScheduler, historyLines: number) {
		this.name = name;
		this.#scheduler = scheduler;
		this.history = new History(historyLines);
	}

	get size(): number {
		return this.#members.size;
	}

	get log(): TurnLog {
		return this.#log;
	}

	takeLog(): TurnLog {
		const log = this.#log;
		this.#log = new TurnLog();
		return log;
	}

	*outboxes(): IterableIterator<Outbox> {
		for (const member of this.#members) yield member.outbox;
	}

	/** Adds a member, which receives the room's broadcasts from now on. */
	add(member: M): void {
		this.#members.add(member);
		member.outbox.attach(this);
	}

	/** Removes a member; it keeps what it was sent before. */
	remove(member: M): void {
		if (!this.#members.delete(member)) return;
		member.outbox.detach();
	}

	/** Sends one encoded line to every member but `except`; O(1) whatever the room's size. */
	broadcast(bytes: Buffer, except?: M, {history = false} = {}): void {
		if (history) this.history.add(bytes);
		if (this.#members.size === 0 || (this.#members.size === 1 && except !== undefined)) return;
		if (this.#log.length === 0) this.#scheduler.channelDirty(this);
		this.#log.append(bytes, except?.outbox);
		except?.outbox.markSender();
	}
}
