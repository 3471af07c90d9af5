// One user's side of the chat: the name prompt, then chatting, then gone, as an explicit state
// table. A line in each state is handled here; while chatting it is parsed into a command
// (protocol/commands.ts) and applied (commands.ts). Sockets, flood control and closing are the
// connection's business; what everyone sees is the hub's.

import {parseCommand} from '../protocol/commands.js';
import {checkName} from '../protocol/names.js';
import * as wire from '../protocol/wire.js';
import type {Claim} from './bus.js';
import {applyCommand} from './commands.js';
import type {EventLog, LeaveReason} from './event-log.js';
import type {Hub} from './hub.js';
import type {Moderation} from './moderation.js';
import type {Outbox} from './outbox.js';
import type {Room} from './room.js';
import {whenSent} from './when-sent.js';

export type SessionState = 'naming' | 'chatting' | 'gone';

/** What a session needs from its connection. */
export interface SessionHost {
	/** Unique in the chat (a cluster included). */
	readonly id: string;
	readonly peer: string;
	/** The peer's IP address (IPv4 as IPv4, also through an IPv6 socket). */
	readonly address: string;
	/** Whether the connection is over TLS. */
	readonly encrypted: boolean;
	readonly moderation: Moderation;
	readonly outbox: Outbox;
	readonly hub: Hub;
	readonly log: EventLog;
	/** The user asked to leave: say `Bye!` and close. */
	quit(): void;
	/** The server ends the session: `line` is its last word to the user. */
	disconnect(line: string, reason: LeaveReason): void;
}

export class Session {
	#state: SessionState = 'naming';
	#name = '';
	/** Who last wrote to this user privately, for `/reply`. */
	replyTo: {id: string; name: string} | undefined;
	wrongPasswords = 0;
	/** The room of this server that fans lines out to it (the hub's business). */
	localRoom: Room<Session> | undefined;
	readonly #host: SessionHost;

	constructor(host: SessionHost) {
		this.#host = host;
		this.send(wire.PROMPT);
	}

	get id(): string {
		return this.#host.id;
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

	get hub(): Hub {
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

	/** The away reason ('' for none), or undefined when not away. */
	get away(): string | undefined {
		return this.hub.infoOf(this)?.away ?? undefined;
	}

	get operator(): boolean {
		return this.hub.infoOf(this)?.op ?? false;
	}

	get muted(): boolean {
		return this.hub.infoOf(this)?.muted ?? false;
	}

	/** The room it is in, as shown. */
	get room(): string {
		return this.hub.roomOf(this);
	}

	disconnect(line: string, reason: LeaveReason): void {
		this.#host.disconnect(line, reason);
	}

	/** Queues a line for this user alone. */
	send(line: string): void {
		if (this.#state !== 'gone') this.hub.toUser(this, line);
	}

	/**
	 * Handles one sanitised line from the user. A promise means the line is still being handled
	 * (a name claimed across a cluster): the connection reads nothing more until it settles.
	 */
	handle(text: string): void | Promise<void> {
		switch (this.#state) {
			case 'naming':
				return this.#handleName(text);
			case 'chatting':
				return applyCommand(this, parseCommand(text));
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

	/** Its name changed (the hub applied the rename). */
	renamed(name: string): void {
		this.#name = name;
	}

	/** Sends a room's history, framed, if it has any. */
	sendHistory(room: string, lines: readonly Buffer[]): void {
		if (lines.length === 0) return;
		this.send(wire.historyStart(lines.length, room));
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
		if (wasNamed) this.hub.depart(this, !quietly);
		return wasNamed;
	}

	/** At the prompt, only `/quit` (any case) is a command; `quit` there is a name, as in the seed. */
	#handleName(text: string): void | Promise<void> {
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
		if (claim instanceof Promise) {
			return claim.then(
				(result) => this.#named(check.name, result),
				() => this.#named(check.name, undefined),
			);
		}
		return this.#named(check.name, claim);
	}

	/** The answer to a name claim; undefined when the claim could not be made. */
	#named(name: string, claim: Claim | undefined): void | Promise<void> {
		if (this.#state !== 'naming') {
			// It left while the claim was being made: a name it won must not stay taken.
			if (claim?.ok) this.hub.bus.release(this.id, name);
			return;
		}
		if (claim === undefined) {
			this.send(wire.notices.notDelivered);
			this.send(wire.PROMPT);
			return;
		}
		if (!claim.ok) {
			this.send(wire.notices.nameTaken(name, claim.online));
			this.send(wire.PROMPT);
			return;
		}
		this.#name = name;
		this.#state = 'chatting';
		this.send(wire.welcome(name));
		this.log({type: 'join', name, peer: this.peer});
		return whenSent(this, this.hub.arrive(this));
	}
}
