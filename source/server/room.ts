// The room: who is in the chat under which name, and fan-out of a line to everyone but its sender.
// A line is encoded once and appended once to the turn's log (see FlushQueue); each member's write
// is a view of that log, so a broadcast costs the same in a room of ten or ten thousand.

import {lookalikeKey, nameKey} from '../protocol/names.js';
import {encodeLine} from '../protocol/wire.js';
import type {FlushQueue, Outbox} from './outbox.js';

export interface Member {
	readonly name: string;
	readonly outbox: Outbox;
}

export class Room<M extends Member = Member> {
	readonly #members = new Map<string, M>();
	/** The same members under their lookalike keys: a name is taken if either key is. */
	readonly #lookalikes = new Map<string, M>();
	readonly #queue: FlushQueue;

	constructor(queue: FlushQueue) {
		this.#queue = queue;
	}

	/** Names in the order they joined. */
	names(): string[] {
		return [...this.#members.values()].map((member) => member.name);
	}

	/** The members' outboxes, for the flush of a turn with broadcasts. */
	*outboxes(): IterableIterator<Outbox> {
		for (const member of this.#members.values()) yield member.outbox;
	}

	/** The member whose name clashes with `name` (see nameKey and lookalikeKey), if any. */
	holder(name: string): M | undefined {
		return this.#members.get(nameKey(name)) ?? this.#lookalikes.get(lookalikeKey(name));
	}

	/** Adds a member under its name, receiving broadcasts from now on; false if the name is taken. */
	join(member: M): boolean {
		const key = nameKey(member.name);
		const lookalike = lookalikeKey(member.name);
		if (this.#members.has(key) || this.#lookalikes.has(lookalike)) return false;
		this.#members.set(key, member);
		this.#lookalikes.set(lookalike, member);
		member.outbox.subscribe();
		return true;
	}

	/** Removes a member; false if it was not in the room. */
	leave(member: M): boolean {
		const key = nameKey(member.name);
		if (this.#members.get(key) !== member) return false;
		this.#members.delete(key);
		this.#lookalikes.delete(lookalikeKey(member.name));
		return true;
	}

	/** Sends one line to every member except `except`. */
	broadcast(line: string, except?: M): void {
		if (this.#members.size === 0) return;
		this.#queue.broadcast(encodeLine(line), except?.outbox);
	}
}
