// Who is online, under which name, in which room, away or an operator: the chat's shared state,
// as one instance sees it. With one server it is simply the truth; in a cluster every instance
// keeps a replica, changed only by the events all instances receive in one order (see bus.ts),
// so `/who`, `/rooms` and `/msg` are answered locally and alike everywhere.

import {lookalikeKey, nameKey} from '../protocol/names.js';
import {LOBBY, roomKey} from '../protocol/rooms.js';

export interface UserInfo {
	/** Unique in the cluster: the instance's id and a sequence number. */
	readonly id: string;
	name: string;
	/** The room it is in, as shown (`#dev`). */
	room: string;
	/** The away reason ('' for none), or null when not away. */
	away: string | null;
	op: boolean;
	muted: boolean;
	/** Its IP address, for bans by name. */
	address: string;
}

interface RoomState {
	name: string;
	/** Member ids in the order they entered. */
	members: Set<string>;
}

export class Presence {
	readonly #users = new Map<string, UserInfo>();
	readonly #rooms = new Map<string, RoomState>();
	readonly #byName = new Map<string, string>();
	readonly #byKey = new Map<string, string>();
	readonly #byLookalike = new Map<string, string>();

	constructor() {
		this.#rooms.set(roomKey(LOBBY), {name: LOBBY, members: new Set()});
	}

	get size(): number {
		return this.#users.size;
	}

	/** Replaces everything with `users`, given in the order they entered their rooms. */
	reset(users: readonly UserInfo[]): void {
		for (const map of [this.#users, this.#byName, this.#byKey, this.#byLookalike]) map.clear();
		this.#rooms.clear();
		this.#rooms.set(roomKey(LOBBY), {name: LOBBY, members: new Set()});
		for (const user of users) this.enter(user);
	}

	get roomCount(): number {
		return this.#rooms.size;
	}

	get(id: string): UserInfo | undefined {
		return this.#users.get(id);
	}

	users(): IterableIterator<UserInfo> {
		return this.#users.values();
	}

	/** The user whose name clashes with `name` (exactly, by case, or by look). */
	find(name: string): UserInfo | undefined {
		const id =
			this.#byName.get(name) ??
			this.#byKey.get(nameKey(name)) ??
			this.#byLookalike.get(lookalikeKey(name));
		return id === undefined ? undefined : this.#users.get(id);
	}

	/** Adds a user (or moves it, if present) into its `room`, at the end of the room's order. */
	enter(user: UserInfo): void {
		const existing = this.#users.get(user.id);
		if (existing) {
			this.#leaveRoom(existing);
			this.#unname(existing);
		}
		const record = {...user};
		this.#users.set(record.id, record);
		this.#name(record);
		this.#roomFor(record.room).members.add(record.id);
	}

	remove(id: string): UserInfo | undefined {
		const user = this.#users.get(id);
		if (!user) return undefined;
		this.#leaveRoom(user);
		this.#unname(user);
		this.#users.delete(id);
		return user;
	}

	rename(id: string, name: string): void {
		const user = this.#users.get(id);
		if (!user) return;
		this.#unname(user);
		user.name = name;
		this.#name(user);
	}

	update(id: string, patch: Partial<Pick<UserInfo, 'away' | 'op' | 'muted'>>): void {
		const user = this.#users.get(id);
		if (user) Object.assign(user, patch);
	}

	/** The room's members in the order they entered (empty if no such room). */
	members(room: string): UserInfo[] {
		const state = this.#rooms.get(roomKey(room));
		if (!state) return [];
		return [...state.members].map((id) => this.#users.get(id) as UserInfo);
	}

	/** The room's name as it exists (its first spelling), if it exists. */
	roomName(room: string): string | undefined {
		return this.#rooms.get(roomKey(room))?.name;
	}

	/** Every room with how many are in it: biggest first, then by name. */
	rooms(): {room: string; count: number}[] {
		return [...this.#rooms.values()]
			.map((room) => ({room: room.name, count: room.members.size}))
			.sort((a, b) => b.count - a.count || compareNames(a.room, b.room));
	}

	#roomFor(name: string): RoomState {
		const key = roomKey(name);
		let room = this.#rooms.get(key);
		if (!room) {
			room = {name, members: new Set()};
			this.#rooms.set(key, room);
		}
		return room;
	}

	#leaveRoom(user: UserInfo): void {
		const key = roomKey(user.room);
		const room = this.#rooms.get(key);
		if (!room) return;
		room.members.delete(user.id);
		if (room.members.size === 0 && room.name !== LOBBY) this.#rooms.delete(key);
	}

	#name(user: UserInfo): void {
		this.#byName.set(user.name, user.id);
		this.#byKey.set(nameKey(user.name), user.id);
		this.#byLookalike.set(lookalikeKey(user.name), user.id);
	}

	#unname(user: UserInfo): void {
		for (const [map, key] of [
			[this.#byName, user.name],
			[this.#byKey, nameKey(user.name)],
			[this.#byLookalike, lookalikeKey(user.name)],
		] as const) {
			if (map.get(key) === user.id) map.delete(key);
		}
	}
}

const collator = new Intl.Collator('en', {sensitivity: 'base'});
const compareNames = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : 1);
