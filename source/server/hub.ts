// The chat's shared state and routing: users (unique names, server-wide), rooms (created on first
// use, gone when empty, `#lobby` always there) and delivery of a line to a room or to one user.
// Sessions decide what to say; the hub decides who hears it. "To room R" and "to user U" are the
// seams where a bus between servers can sit.

import {LOBBY, roomKey} from '../protocol/rooms.js';
import {encodeLine} from '../protocol/wire.js';
import {type Claim, Directory} from './directory.js';
import type {FlushScheduler} from './flush-scheduler.js';
import {type Member, Room} from './room.js';

export interface HubSettings {
	/** Chat lines and actions each room keeps for newcomers; 0 keeps none. */
	readonly historyLines: number;
	/** Rooms that may exist at once, `#lobby` included. */
	readonly maxRooms: number;
}

export class Hub<U extends Member> {
	readonly lobby: Room<U>;
	readonly #directory = new Directory<U>();
	readonly #rooms = new Map<string, Room<U>>();
	readonly #roomOf = new Map<U, Room<U>>();
	readonly #scheduler: FlushScheduler;
	readonly #settings: HubSettings;

	constructor(scheduler: FlushScheduler, settings: HubSettings) {
		this.#scheduler = scheduler;
		this.#settings = settings;
		this.lobby = this.#create(LOBBY);
	}

	/** Named users, server-wide. */
	get userCount(): number {
		return this.#directory.size;
	}

	get roomCount(): number {
		return this.#rooms.size;
	}

	/** Claims a name (a first name, or a new one for a user who has one). */
	claim(user: U, name: string): Claim {
		return this.#directory.claim(user, name);
	}

	/** The online user whose name clashes with `name`. */
	find(name: string): U | undefined {
		return this.#directory.find(name);
	}

	isOnline(user: U): boolean {
		return this.#directory.has(user);
	}

	/** Takes a user out of its room and frees its name. */
	remove(user: U): void {
		this.#leaveRoom(user);
		this.#directory.release(user);
	}

	roomOf(user: U): Room<U> | undefined {
		return this.#roomOf.get(user);
	}

	/** The room called `name` (`#` included), if it exists. */
	findRoom(name: string): Room<U> | undefined {
		return this.#rooms.get(roomKey(name));
	}

	/**
	 * The room called `name`, created if needed; undefined when creating it would pass the limit.
	 * `leaving` is the room the user comes from: if that one is about to go, it makes room.
	 */
	openRoom(name: string, leaving?: Room<U>): Room<U> | undefined {
		const existing = this.findRoom(name);
		if (existing) return existing;
		const freed = leaving !== undefined && leaving !== this.lobby && leaving.size === 1 ? 1 : 0;
		if (this.#rooms.size - freed >= this.#settings.maxRooms) return undefined;
		return this.#create(name);
	}

	get maxRooms(): number {
		return this.#settings.maxRooms;
	}

	/** Moves a user into `room` (out of the one it was in, which goes if it is left empty). */
	enter(user: U, room: Room<U>): void {
		this.#leaveRoom(user);
		room.add(user);
		this.#roomOf.set(user, room);
	}

	/** Every room with how many are in it: biggest first, then by name. */
	rooms(): {room: string; count: number}[] {
		return [...this.#rooms.values()]
			.map((room) => ({room: room.name, count: room.size}))
			.sort((a, b) => b.count - a.count || compareNames(a.room, b.room));
	}

	/** One line to everyone in `room` but `except`; chat lines and actions also go to its history. */
	toRoom(room: Room<U>, line: string, except?: U, options?: {history?: boolean}): void {
		room.broadcast(encodeLine(line), except, options);
	}

	/** One line to one user. */
	toUser(user: U, line: string): void {
		user.outbox.push(encodeLine(line));
	}

	#create(name: string): Room<U> {
		const room = new Room<U>(name, this.#scheduler, this.#settings.historyLines);
		this.#rooms.set(roomKey(name), room);
		return room;
	}

	#leaveRoom(user: U): void {
		const room = this.#roomOf.get(user);
		if (room === undefined) return;
		room.remove(user);
		this.#roomOf.delete(user);
		if (room.size === 0 && room !== this.lobby) this.#rooms.delete(roomKey(room.name));
	}
}

const collator = new Intl.Collator('en', {sensitivity: 'base'});
const compareNames = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : 1);
