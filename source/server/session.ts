// One user's side of the chat: the name prompt, then chatting, then gone, as an explicit state
// table. A line in each state is handled here; while chatting it is parsed into a command
// (protocol/commands.ts) and applied (commands.ts). Sockets, flood control and closing are the
// connection's business, not this module's.

import {parseCommand} from '../protocol/commands.js';
import {checkName} from '../protocol/names.js';
import * as wire from '../protocol/wire.js';
import {applyCommand} from './commands.js';
import type {EventLog, LeaveReason} from './event-log.js';
import type {Hub} from './hub.js';
import type {Moderation} from './moderation.js';
import type {Outbox} from './outbox.js';
import type {Room} from './room.js';

export type SessionState = 'naming' | 'chatting' | 'gone';

/** What a session needs from its connection. */
export interface SessionHost {
	readonly peer: string;
	/** The peer's IP address (IPv4 as IPv4, also through an IPv6 socket). */
	readonly address: string;
	/** Whether the connection is over TLS. */
	readonly encrypted: boolean;
	readonly moderation: Moderation;
	readonly outbox: Outbox;
	readonly hub: Hub<Session>;
	readonly log: EventLog;
	/** The user asked to leave: say `Bye!` and close. */
	quit(): void;
	/** The server ends the session: `line` is its last word to the user. */
	disconnect(line: string, reason: LeaveReason): void;
}

export class Session {
	#state: SessionState = 'naming';
	#name = '';
	/** The away reason ('' for none); undefined when not away. */
	away: string | undefined;
	/** Who last sent this user a private message, for `/reply`. */
	replyTo: Session | undefined;
	/** Gave the operator password. */
	operator = false;
	/** An operator muted this user: its lines go nowhere. */
	muted = false;
	wrongPasswords = 0;
	readonly #host: SessionHost;

	constructor(host: SessionHost) {
		this.#host = host;
		this.send(wire.PROMPT);
	}

	get name(): string {
		return this.#name;
	}

	get state(): SessionState {
		return this.#state;
	}

	get outbox(): Outbox {
		return this.#host.outbox;
	}

	get hub(): Hub<Session> {
		return this.#host.hub;
	}

	get peer(): string {
		return this.#host.peer;
	}

	get log(): EventLog {
		return this.#host.log;
	}

	get address(): string {
		return this.#host.address;
	}

	get encrypted(): boolean {
		return this.#host.encrypted;
	}

	get moderation(): Moderation {
		return this.#host.moderation;
	}

	disconnect(line: string, reason: LeaveReason): void {
		this.#host.disconnect(line, reason);
	}

	/** The room it is in (while chatting). */
	get room(): Room<Session> {
		return this.hub.roomOf(this) ?? this.hub.lobby;
	}

	/** Queues a line for this user alone. */
	send(line: string): void {
		if (this.#state !== 'gone') this.hub.toUser(this, line);
	}

	/** Handles one sanitised line from the user. */
	handle(text: string): void {
		switch (this.#state) {
			case 'naming':
				this.#handleName(text);
				return;
			case 'chatting':
				applyCommand(this, parseCommand(text));
				return;
			case 'gone':
				return;
		}
	}

	/** An overlong line: not handled, the user is told (and prompted again while naming). */
	refuseOverlong(maxBytes: number): void {
		this.send(wire.notices.lineTooLong(maxBytes));
		if (this.#state === 'naming') this.send(wire.PROMPT);
	}

	quit(): void {
		this.#host.quit();
	}

	/** Takes a new name (already checked and claimed by the caller). */
	rename(name: string): void {
		this.#name = name;
	}

	/** Sends the room's history, framed, if it has any. */
	sendHistory(room: Room<Session>): void {
		const lines = room.history.lines();
		if (lines.length === 0) return;
		this.send(wire.historyStart(lines.length, room.name));
		for (const line of lines) this.outbox.push(line);
		this.send(wire.HISTORY_END);
	}

	/**
	 * The session ends: a named user leaves its room (announced unless `quietly`) and frees its
	 * name. Returns whether it had a name.
	 */
	end(quietly: boolean): boolean {
		if (this.#state === 'gone') return false;
		const wasNamed = this.#state === 'chatting';
		this.#state = 'gone';
		if (wasNamed) {
			const room = this.room;
			this.hub.remove(this);
			if (!quietly) this.hub.toRoom(room, wire.left(this.#name));
		}
		return wasNamed;
	}

	/** At the prompt, only `/quit` (any case) is a command; `quit` there is a name, as in the seed. */
	#handleName(text: string): void {
		if (text.startsWith('/') && parseCommand(text).kind === 'quit') {
			this.quit();
			return;
		}
		const check = checkName(text);
		if (!check.ok) {
			this.send(wire.notice(check.reason));
			this.send(wire.PROMPT);
			return;
		}
		const claim = this.hub.claim(this, check.name);
		if (!claim.ok) {
			this.send(wire.notices.nameTaken(check.name, claim.online));
			this.send(wire.PROMPT);
			return;
		}
		this.#name = check.name;
		this.#state = 'chatting';
		const lobby = this.hub.lobby;
		this.send(wire.welcome(this.#name));
		this.sendHistory(lobby);
		this.hub.enter(this, lobby);
		this.hub.toRoom(lobby, wire.entered(this.#name), this);
		this.log({type: 'join', name: this.#name, peer: this.peer});
	}
}
