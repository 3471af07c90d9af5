// The chat's routing: sessions say what should happen (a user arrives, says a line, writes to
// someone privately, moves, renames, leaves), the hub publishes it on the bus, and applies what
// the bus delivers: the shared presence is updated and the lines reach this server's own users,
// each room's through its turn log. "To room R" and "to user U" cross the bus, so one server and
// a cluster behave alike.

import {parseRange} from '../protocol/addresses.js';
import {LOBBY, roomKey} from '../protocol/rooms.js';
import * as wire from '../protocol/wire.js';
import {encodeLine} from '../protocol/wire.js';
import type {Bus, BusEvent, Claim, Published, SharedBan} from './bus.js';
import type {FlushScheduler} from './flush-scheduler.js';
import type {Moderation} from './moderation.js';
import {Presence, type UserInfo} from './presence.js';
import {Room} from './room.js';
import type {Session} from './session.js';

export interface HubSettings {
	/** Chat lines and actions each room keeps for newcomers; 0 keeps none. */
	readonly historyLines: number;
	/** Rooms that may exist at once, `#lobby` included. */
	readonly maxRooms: number;
}

export type JoinResult = 'same room' | 'too many rooms' | Published;

export class Hub {
	readonly presence = new Presence();
	/** This server's named users. */
	readonly #local = new Map<string, Session>();
	/** Fan-out to this server's users, per room; with a local bus also the room's history. */
	readonly #rooms = new Map<string, Room<Session>>();
	readonly #scheduler: FlushScheduler;
	readonly #settings: HubSettings;
	/** The ban list that ban events change (each server keeps, and saves, its own copy). */
	readonly #moderation: Moderation | undefined;
	#bus: Bus | undefined;

	constructor(scheduler: FlushScheduler, settings: HubSettings, moderation?: Moderation) {
		this.#scheduler = scheduler;
		this.#settings = settings;
		this.#moderation = moderation;
	}

	/** Connects the hub to its bus (one server's, or a cluster's); rejects if it cannot start. */
	async attach(bus: Bus): Promise<void> {
		this.#bus = bus;
		await bus.start({
			apply: (event) => this.apply(event),
			resync: (users, bans) => {
				for (const ban of bans) this.#applyBan(ban);
				this.#resync(users);
			},
			contact: (connected) => void this.#contact(connected),
		});
	}

	/** Whether this server is one of a cluster (the bus keeps history, others see departures). */
	get #clustered(): boolean {
		return this.#bus?.clustered ?? false;
	}

	get bus(): Bus {
		if (!this.#bus) throw new Error('the hub has no bus yet');
		return this.#bus;
	}

	get maxRooms(): number {
		return this.#settings.maxRooms;
	}

	// What sessions ask for.

	claim(user: Session, name: string): Claim | Promise<Claim> {
		return this.bus.claim(user.id, name, user.name || undefined);
	}

	/** A user who was just named arrives in `#lobby`. */
	arrive(user: Session): Published {
		this.#local.set(user.id, user);
		const sent = this.bus.publish({
			type: 'enter',
			user: presenceRecord(user, LOBBY),
			announce: true,
		});
		if (sent === false) this.#local.delete(user.id);
		return sent;
	}

	/** Moves a user to `room` (as typed, `#` included). */
	join(user: Session, room: string): JoinResult {
		const from = this.roomOf(user);
		const existing = this.presence.roomName(room);
		if (existing !== undefined && roomKey(existing) === roomKey(from)) return 'same room';
		if (existing === undefined) {
			const leavingEmpty = from !== LOBBY && this.presence.members(from).length === 1 ? 1 : 0;
			if (this.presence.roomCount - leavingEmpty >= this.#settings.maxRooms)
				return 'too many rooms';
		}
		return this.bus.publish({
			type: 'enter',
			user: presenceRecord(user, existing ?? room),
			from,
			announce: true,
		});
	}

	/** A chat line or an action to the user's room (kept in its history when `history`). */
	say(user: Session, line: string, history: boolean): Published {
		return this.bus.publish({type: 'say', id: user.id, room: this.roomOf(user), line, history});
	}

	/** A private line to `to`, anywhere in the chat. */
	privateTo(from: Session, to: UserInfo, line: string): Published {
		return this.bus.publish({type: 'private', from: from.id, to: to.id, toName: to.name, line});
	}

	/** A new name, already claimed. */
	rename(user: Session, name: string): Published {
		return this.bus.publish({type: 'nick', id: user.id, name});
	}

	/** Changes a user's away, op or muted state; applied here at once, so its own next command sees it. */
	update(id: string, patch: Partial<Pick<UserInfo, 'away' | 'op' | 'muted'>>): Published {
		const sent = this.bus.publish({type: 'update', id, patch});
		if (sent !== false) this.presence.update(id, patch);
		return sent;
	}

	/** Ends someone's session, wherever it is. */
	disconnect(
		target: UserInfo,
		line: string,
		reason: Parameters<Session['disconnect']>[1],
	): Published {
		const local = this.#local.get(target.id);
		if (local) {
			local.disconnect(line, reason);
			return true;
		}
		return this.bus.publish({type: 'disconnect', id: target.id, line, reason});
	}

	/**
	 * A named user's session ended; `announce` false at shutdown (in a cluster, the users of the
	 * other servers are still there to be told).
	 */
	depart(user: Session, announce: boolean): void {
		if (!this.#local.delete(user.id)) return;
		this.#removeLocal(user);
		this.bus.publish({type: 'exit', id: user.id, announce: announce || this.#clustered});
	}

	/** One line to one of this server's users, at once (answers to its own commands). */
	toUser(user: Session, line: string): void {
		user.outbox.push(encodeLine(line));
	}

	/** Bans an address range on every server of the chat. */
	ban(ban: SharedBan): Published {
		return this.bus.publish({type: 'ban', ban});
	}

	/** Lifts a ban on every server of the chat. */
	unban(address: string): Published {
		return this.bus.publish({type: 'unban', address});
	}

	// What sessions read.

	find(name: string): UserInfo | undefined {
		return this.presence.find(name);
	}

	infoOf(user: Session): UserInfo | undefined {
		return this.presence.get(user.id);
	}

	roomOf(user: Session): string {
		return this.presence.get(user.id)?.room ?? LOBBY;
	}

	/** The members of the user's room, in the order they entered. */
	who(user: Session): UserInfo[] {
		return this.presence.members(this.roomOf(user));
	}

	rooms(): {room: string; count: number}[] {
		return this.presence.rooms();
	}

	// What the bus delivers, on every server in one order.

	apply(event: BusEvent): void {
		switch (event.type) {
			case 'enter':
				this.#enter(event);
				return;
			case 'exit': {
				const user = this.presence.remove(event.id);
				if (user && event.announce) this.#toLocalRoom(user.room, wire.left(user.name), event.id);
				return;
			}
			case 'say': {
				const room = this.#rooms.get(roomKey(event.room));
				const bytes = encodeLine(event.line);
				if (event.history && !this.#clustered) room?.history.add(bytes);
				room?.broadcast(bytes, this.#local.get(event.id));
				return;
			}
			case 'private': {
				if (!this.presence.get(event.to)) {
					// Gone before the message was ordered: its sender is told, not left guessing.
					this.#local.get(event.from)?.send(wire.notices.goneSince(event.toName));
					return;
				}
				const to = this.#local.get(event.to);
				if (!to) return;
				to.outbox.push(encodeLine(event.line));
				const from = this.presence.get(event.from);
				if (from) to.replyTo = {id: from.id, name: from.name};
				return;
			}
			case 'nick': {
				const user = this.presence.get(event.id);
				if (!user) return;
				const old = user.name;
				this.presence.rename(event.id, event.name);
				this.#local.get(event.id)?.renamed(event.name);
				this.#toLocalRoom(user.room, wire.nickChange(old, event.name), event.id);
				return;
			}
			case 'update':
				this.presence.update(event.id, event.patch);
				return;
			case 'disconnect':
				this.#local.get(event.id)?.disconnect(event.line, event.reason);
				return;
			case 'ban':
				this.#applyBan(event.ban);
				return;
			case 'unban':
				if (this.#moderation?.bans.remove(event.address)) this.#moderation.saveBans();
				return;
		}
	}

	/** Adds a ban to this server's list (and its saved file, with --state-dir). */
	#applyBan({address, until, by}: SharedBan): void {
		const range = parseRange(address);
		if (!range || !this.#moderation) return;
		this.#moderation.bans.add(range, until ?? undefined, by);
		this.#moderation.saveBans();
	}

	#enter(event: Extract<BusEvent, {type: 'enter'}>): void {
		const {user} = event;
		const before = this.presence.get(user.id);
		const session = this.#local.get(user.id);
		if (before && event.announce && roomKey(before.room) !== roomKey(user.room)) {
			this.#toLocalRoom(before.room, wire.left(user.name), user.id);
		}
		if (session) this.#removeLocal(session);
		this.presence.enter(user);
		const room = session ? this.#addLocal(session, user.room) : this.#rooms.get(roomKey(user.room));
		if (session && !event.resumed) {
			if (event.from !== undefined) {
				const names = this.presence.members(user.room).map((member) => member.name);
				session.send(wire.roomChange(user.room, names));
			}
			const history = event.history?.map((line) => encodeLine(line)) ?? room?.history.lines() ?? [];
			session.sendHistory(user.room, history);
		}
		// A user established again was never gone for this server's users; only the others are told.
		if (event.announce && !(event.resumed && session)) {
			room?.broadcast(encodeLine(wire.entered(user.name)), session);
		}
	}

	/**
	 * The cluster's whole state, after (re)connecting: presence is replaced, this server's rooms
	 * follow it, and a local user the others no longer know (reaped while this server was out of
	 * contact) is established again under its name, or a free variant of it.
	 */
	#resync(users: UserInfo[]): void {
		this.presence.reset(users);
		for (const session of this.#local.values()) {
			const info = this.presence.get(session.id);
			if (info && roomKey(session.localRoom?.name ?? '') !== roomKey(info.room)) {
				this.#removeLocal(session);
				this.#addLocal(session, info.room);
			}
		}
	}

	/**
	 * Contact with the rest of the chat was lost, or is back (the state already loaded again): then
	 * every local user the others no longer know is established again before all are told.
	 */
	async #contact(connected: boolean): Promise<void> {
		if (!connected) {
			for (const user of this.#local.values()) user.send(wire.notices.lostContact);
			return;
		}
		const missing = [...this.#local.values()].filter((session) => !this.presence.get(session.id));
		await Promise.all(missing.map((session) => this.#reestablish(session)));
		for (const user of this.#local.values()) user.send(wire.notices.backInContact);
	}

	async #reestablish(session: Session, attempt = 1): Promise<void> {
		const name = attempt === 1 ? session.name : `${session.name.slice(0, 21)}-${attempt}`;
		let claim: Claim;
		try {
			claim = await this.bus.claim(session.id, name, session.name);
		} catch {
			return; // contact lost again: the next resync tries again
		}
		if (!this.#local.has(session.id)) return;
		if (!claim.ok) {
			if (attempt < 9) await this.#reestablish(session, attempt + 1);
			return;
		}
		if (name !== session.name) {
			session.renamed(name);
			session.send(wire.notices.renamed(name));
		}
		const room = session.localRoom?.name ?? LOBBY;
		this.bus.publish({
			type: 'enter',
			user: presenceRecord(session, room),
			announce: true,
			resumed: true,
		});
	}

	/** A line to this server's members of `room`, except user `except`. */
	#toLocalRoom(room: string, line: string, except?: string): void {
		const local = this.#rooms.get(roomKey(room));
		local?.broadcast(encodeLine(line), except === undefined ? undefined : this.#local.get(except));
	}

	#addLocal(session: Session, name: string): Room<Session> {
		const key = roomKey(name);
		let room = this.#rooms.get(key);
		if (!room) {
			const history = this.#clustered ? 0 : this.#settings.historyLines;
			room = new Room<Session>(name, this.#scheduler, history);
			this.#rooms.set(key, room);
		}
		room.add(session);
		session.localRoom = room;
		return room;
	}

	#removeLocal(session: Session): void {
		const room = session.localRoom;
		if (!room) return;
		room.remove(session);
		session.localRoom = undefined;
		if (room.size === 0 && roomKey(room.name) !== roomKey(LOBBY))
			this.#rooms.delete(roomKey(room.name));
	}
}

/** The presence record for a local user in `room`. */
function presenceRecord(user: Session, room: string): UserInfo {
	return {
		id: user.id,
		name: user.name,
		room,
		away: user.away ?? null,
		op: user.operator,
		muted: user.muted,
		address: user.address,
	};
}
