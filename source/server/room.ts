// The room: who is in the chat under which name, and fan-out of a line to everyone but its sender.
// A line is encoded once, and that one Buffer is shared by every recipient's outbox.

import {nameKey} from '../protocol/names.js';
import {encodeLine} from '../protocol/wire.js';

export interface Member {
	readonly name: string;
	send(bytes: Buffer): void;
}

export class Room<M extends Member = Member> {
	readonly #members = new Map<string, M>();

	get size(): number {
		return this.#members.size;
	}

	/** Names in the order they joined. */
	names(): string[] {
		return [...this.#members.values()].map((member) => member.name);
	}

	isTaken(name: string): boolean {
		return this.#members.has(nameKey(name));
	}

	/** Adds a member under its name; false if the name is taken. */
	join(member: M): boolean {
		const key = nameKey(member.name);
		if (this.#members.has(key)) return false;
		this.#members.set(key, member);
		return true;
	}

	/** Removes a member; false if it was not in the room. */
	leave(member: M): boolean {
		const key = nameKey(member.name);
		if (this.#members.get(key) !== member) return false;
		this.#members.delete(key);
		return true;
	}

	/** Sends one line to every member except `except`. */
	broadcast(line: string, except?: M): void {
		if (this.#members.size === 0) return;
		const bytes = encodeLine(line);
		for (const member of this.#members.values()) {
			if (member !== except) member.send(bytes);
		}
	}
}
