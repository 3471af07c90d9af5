// The seam between one server and the rest of the chat. Everything that changes the shared state
// or must reach other users (a line to a room, a private line to a user, arrivals, moves,
// renames, departures, bans) is an event published on the bus, and every instance applies every
// event in the one order the bus gives. With one server, LocalBus applies each event at once; in a
// cluster, RedisBus (redis-bus.ts) orders them through Redis. Nothing else knows which is in use.

import type {LeaveReason} from './event-log.js';
import type {UserInfo} from './presence.js';

export type BusEvent =
	/**
	 * A user arrives in `user.room`: from `from` (a `/join`), or from nowhere (just named, or back
	 * after a lost contact). `history` is the room's history as of this moment, where the bus keeps
	 * it; `announce` false for a return that nobody should notice.
	 */
	| {
			type: 'enter';
			user: UserInfo;
			from?: string;
			announce: boolean;
			history?: string[];
			/** A user established again after a lost contact: it gets no history. */
			resumed?: boolean;
	  }
	/** A user is gone (`announce` false at shutdown). */
	| {type: 'exit'; id: string; announce: boolean}
	/** A line to a room, from user `id` (who does not get it); kept in its history if `history`. */
	| {type: 'say'; id: string; room: string; line: string; history: boolean}
	/** A line to user `to` (named `toName` when sent), from user `from`. */
	| {type: 'private'; from: string; to: string; toName: string; line: string}
	| {type: 'nick'; id: string; name: string}
	| {type: 'update'; id: string; patch: Partial<Pick<UserInfo, 'away' | 'op' | 'muted'>>}
	/** The server ends user `id`'s session, with `line` as its last word. */
	| {type: 'disconnect'; id: string; line: string; reason: LeaveReason}
	/** An operator bans `address` (a range as `/bans` shows it) until `until` (ms), or until lifted. */
	| {type: 'ban'; ban: SharedBan}
	/** An operator lifts the ban on `address`. */
	| {type: 'unban'; address: string};

/** A ban as the bus carries it (and a cluster keeps it): plain JSON. */
export interface SharedBan {
	address: string;
	/** Milliseconds since the epoch, or null for a ban until lifted. */
	until: number | null;
	by: string;
}

export type Claim = {ok: true} | {ok: false; online: string};

/**
 * What publishing an event gave: with one server, `true` (applied at once); in a cluster, `false`
 * when out of contact, else a promise that settles once the event is in the chat's one order and
 * applied here ('applied'), refused by the shared state ('refused': a room past the limit), or
 * could not be sent after all ('failed').
 */
export type Published = boolean | Promise<'applied' | 'refused' | 'failed'>;

/** What a bus tells the hub: every event, in order; a cluster's bus also its state and contact. */
export interface BusHooks {
	/** Applies one event (an arrival carries its room's history where the bus keeps it). */
	apply(event: BusEvent): void;
	/** The whole shared state, after (re)connecting: presence is replaced by it; bans are added. */
	resync(users: UserInfo[], bans: SharedBan[]): void;
	/** Contact with the rest of the chat was lost (`false`) or is back and resynced (`true`). */
	contact(connected: boolean): void;
}

export interface Bus {
	/** Starts delivering events to `hooks`, in order; resolves once ready. */
	start(hooks: BusHooks): Promise<void>;
	/** Whether the rest of the chat is other servers: they keep the rooms' history, and see departures. */
	readonly clustered: boolean;
	/** Claims `name` for user `id` (releasing `previous`, its old name, on success). */
	claim(id: string, name: string, previous?: string): Claim | Promise<Claim>;
	/** Frees a name claimed for a user who left before arriving under it. */
	release(id: string, name: string): void;
	/** Sends an event to every instance, this one included (see Published). */
	publish(event: BusEvent): Published;
	/** Whether events can be published now (a cluster bus can lose contact). */
	readonly connected: boolean;
	close(): Promise<void>;
}

/** One server on its own: every event is applied at once, here. */
export class LocalBus implements Bus {
	#apply: ((event: BusEvent) => void) | undefined;
	readonly #find: (name: string) => UserInfo | undefined;
	readonly connected = true;
	readonly clustered = false;

	/** `find` is the presence's own lookup: with one server, the presence is the truth. */
	constructor(find: (name: string) => UserInfo | undefined) {
		this.#find = find;
	}

	/** Only `apply` is used: one server is never out of contact, and its state is its own. */
	async start(hooks: BusHooks): Promise<void> {
		this.#apply = hooks.apply;
	}

	claim(id: string, name: string): Claim {
		const holder = this.#find(name);
		return holder === undefined || holder.id === id ? {ok: true} : {ok: false, online: holder.name};
	}

	/** Nothing to free: with one server a name is held only by an arrived user (see presence). */
	release(): void {}

	publish(event: BusEvent): boolean {
		this.#apply?.(event);
		return true;
	}

	async close(): Promise<void> {}
}
