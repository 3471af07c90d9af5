// The soak's checker: pure, no sockets or timers. Each well-behaved client's received lines are
// fed, in order, to a ReceiverCheck, which proves them against what the senders logged in the
// shared Ledger as they sent. The model is timing-free: it uses only what the receiver itself saw
// (`--> X entered.`, `<-- X left.`, `*** You are now in`, `/who` answers) to know when it must get
// a sender's lines. See soak/README.md for the whole argument.
//
// Conventions the actors follow, and this file relies on:
// - Names are `KIND ID` or `KIND ID x N` (`w17`, `m230x2`): `w` well-behaved, `m` misbehaving; the
//   ID is unique for the whole run, so a name is never reused and always tells who it is.
// - Every chat line and action starts with the marker `ID#SEQ@ROOM` (room without `#`); SEQ counts
//   each sender's chat lines from 1. A private message is `pID#K>TARGET`, K counting per pair.
// - A well-behaved sender's stay in a room (a tenure) always has a first line, sent right after it
//   enters, and a last line, sent right before it leaves; both are logged in the Ledger first.

export type Kind = 'w' | 'm';

export interface ActorName {
	kind: Kind;
	id: number;
}

const NAME = /^([wm])(\d+)(?:x\d+)?$/;

export function parseName(name: string): ActorName | undefined {
	const match = NAME.exec(name);
	if (!match) return undefined;
	return {kind: match[1] as Kind, id: Number(match[2])};
}

export const actorName = (kind: Kind, id: number, nick = 0): string =>
	nick === 0 ? `${kind}${id}` : `${kind}${id}x${nick}`;

export const chatMarker = (id: number, seq: number, room: string): string =>
	`${id}#${seq}@${room.replace(/^#/, '')}`;

export const privateMarker = (from: number, k: number, to: number): string => `p${from}#${k}>${to}`;

const CHAT_MARKER = /^(\d+)#(\d+)@([a-z0-9]+)(?= |$)/;
const PRIVATE_MARKER = /^p(\d+)#(\d+)>(\d+)$/;

export function parseChatMarker(body: string): {id: number; seq: number; room: string} | undefined {
	const match = CHAT_MARKER.exec(body);
	if (!match) return undefined;
	return {id: Number(match[1]), seq: Number(match[2]), room: `#${match[3]}`};
}

/** What must never reach a terminal: C0 (but TAB), DEL, C1, bidi overrides. */
const UNSAFE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export interface Tenure {
	room: string;
	first: number;
	last: number | undefined;
}

interface PrivatePair {
	sent: number;
	failed: number;
	received: number;
}

/** What the senders logged, shared by every check. Written before the bytes go out. */
export class Ledger {
	readonly #tenures = new Map<number, Tenure[]>();
	readonly #pairs = new Map<string, PrivatePair>();

	/** A well-behaved sender entered `room`; `first` is the first line it sends there. */
	openTenure(id: number, room: string, first: number): void {
		let list = this.#tenures.get(id);
		if (!list) {
			list = [];
			this.#tenures.set(id, list);
		}
		list.push({room, first, last: undefined});
	}

	/** It is leaving its room; `last` was its last line there. */
	closeTenure(id: number, last: number): void {
		const tenure = this.#tenures.get(id)?.at(-1);
		if (tenure) tenure.last = last;
	}

	tenureOf(id: number, seq: number): Tenure | undefined {
		const list = this.#tenures.get(id);
		if (!list) return undefined;
		for (let index = list.length - 1; index >= 0; index--) {
			const tenure = list[index] as Tenure;
			if (tenure.first <= seq && (tenure.last === undefined || seq <= tenure.last)) return tenure;
		}
		return undefined;
	}

	/** Forgets a sender whose lines can no longer arrive anywhere (every receiver has ended). */
	forget(id: number): void {
		this.#tenures.delete(id);
	}

	#pair(from: number, to: number): PrivatePair {
		const key = `${from}>${to}`;
		let pair = this.#pairs.get(key);
		if (!pair) {
			pair = {sent: 0, failed: 0, received: 0};
			this.#pairs.set(key, pair);
		}
		return pair;
	}

	/** Returns K, the number of this private message between the pair. */
	privateSent(from: number, to: number): number {
		return ++this.#pair(from, to).sent;
	}

	privateFailed(from: number, to: number): void {
		this.#pair(from, to).failed++;
	}

	privateReceived(from: number, to: number): number {
		return ++this.#pair(from, to).received;
	}

	/**
	 * Once everyone has gone: between two well-behaved users, the recipient got exactly the private
	 * messages the server did not refuse (`*** There is nobody called ...`, or `*** NAME has left;
	 * your message was not sent.` when the recipient left before it was ordered). As names are never
	 * reused, the refused ones are the last ones sent, so "a prefix, exactly once" is this count.
	 */
	*privateViolations(): Generator<Violation> {
		for (const [key, pair] of this.#pairs) {
			if (pair.received + pair.failed !== pair.sent) {
				yield {
					kind: 'private message lost or duplicated',
					detail: `pair ${key}: sent ${pair.sent}, refused ${pair.failed}, received ${pair.received}`,
				};
			}
		}
	}

	get privatePairs(): number {
		return this.#pairs.size;
	}
}

export interface Violation {
	kind: string;
	detail: string;
}

/** One other user in the receiver's room, as the receiver knows them. */
interface Member {
	name: string;
	/** The receiver saw them enter in this epoch (else they were there when it arrived). */
	entered: boolean;
	/** Well-behaved senders' chat lines in this stay: the first and last SEQ received. */
	first: number | undefined;
	last: number | undefined;
}

/** The receiver's stay in one room. */
interface Epoch {
	room: string;
	members: Map<number, Member>;
	/** Whether `members` is complete: after a room change, or once `/who` answered. */
	known: boolean;
	/** Everyone seen in any way in this epoch (only they may have been there unannounced). */
	seen: Set<number>;
	/** Well-behaved senders' last SEQ in the history block. */
	history: Map<number, number>;
}

export interface ReceiverStats {
	lines: number;
	checked: number;
}

/**
 * One well-behaved client's view, checked line by line. `report` gets each violation as it is
 * found; the caller adds who and which seed.
 */
export class ReceiverCheck {
	readonly self: number;
	readonly #ledger: Ledger;
	readonly #report: (violation: Violation) => void;
	#name = '';
	#phase: 'prompt' | 'chatting' | 'bye' = 'prompt';
	#epoch: Epoch | undefined;
	#inHistory: {count: number; seen: number} | undefined;
	/** Private messages received, per sender: the last K. */
	readonly #privates = new Map<number, number>();
	readonly stats: ReceiverStats = {lines: 0, checked: 0};

	constructor(self: number, ledger: Ledger, report: (violation: Violation) => void) {
		this.self = self;
		this.#ledger = ledger;
		this.#report = report;
	}

	get name(): string {
		return this.#name;
	}

	get room(): string | undefined {
		return this.#epoch?.room;
	}

	get saidBye(): boolean {
		return this.#phase === 'bye';
	}

	/** The others the receiver believes are in its room, by name. */
	get members(): string[] {
		return [...(this.#epoch?.members.values() ?? [])].map((member) => member.name);
	}

	#fail(kind: string, detail: string): undefined {
		this.#report({kind, detail: `${this.#name || `#${this.self}`} in ${this.room}: ${detail}`});
	}

	line(text: string): undefined {
		this.stats.lines++;
		if (UNSAFE.test(text)) this.#fail('unsafe character reached a client', JSON.stringify(text));
		if (this.#phase === 'bye') return this.#fail('line after Bye!', text);
		if (this.#inHistory) return this.#historyLine(text);
		if (text === "Hi, what's your name?") {
			if (this.#phase !== 'prompt') this.#fail('unexpected prompt', text);
			return;
		}
		let match = /^Welcome, (\S+)!$/.exec(text);
		if (match) {
			if (this.#phase !== 'prompt') return this.#fail('unexpected welcome', text);
			this.#phase = 'chatting';
			this.#name = match[1] as string;
			this.#epoch = newEpoch('#lobby', false);
			return;
		}
		if (this.#phase === 'prompt') return this.#fail('line before the welcome', text);
		const epoch = this.#epoch as Epoch;
		if (text === 'Bye!') {
			this.#phase = 'bye';
			return;
		}
		match = /^--> (\S+) entered\.$/.exec(text);
		if (match) return this.#entered(epoch, match[1] as string);
		match = /^<-- (\S+) left\.$/.exec(text);
		if (match) return this.#left(epoch, match[1] as string);
		match = /^--- (\S+) is now (\S+)\.$/.exec(text);
		if (match) {
			return this.#nick(epoch, match[1] as string, match[2] as string);
		}
		if (text.startsWith('*** ')) return this.#notice(epoch, text);
		match = /^\* (\S+) (.*)$/s.exec(text);
		if (match) {
			return this.#chat(epoch, match[1] as string, match[2] as string);
		}
		match = /^(\S+) \(private\): (.*)$/s.exec(text);
		if (match) {
			return this.#private(match[1] as string, match[2] as string);
		}
		match = /^(\S+): (.*)$/s.exec(text);
		if (match) {
			return this.#chat(epoch, match[1] as string, match[2] as string);
		}
		this.#fail('unexpected line', text);
	}

	/** The connection ended. `expected` is false when a well-behaved client was cut off. */
	end(expected: boolean): undefined {
		if (!expected && this.#phase !== 'bye') {
			this.#fail('well-behaved client disconnected', `phase ${this.#phase}`);
		}
		if (this.#inHistory) this.#fail('history block never ended', '');
	}

	#member(epoch: Epoch, name: string, what: string): [number, Member] | undefined {
		const actor = parseName(name);
		if (!actor) {
			this.#fail('unknown name', `${what} from ${JSON.stringify(name)}`);
			return undefined;
		}
		let member = epoch.members.get(actor.id);
		if (!member) {
			if (epoch.known || epoch.seen.has(actor.id)) {
				this.#fail('user not in the room', `${what} from ${name}`);
				return undefined;
			}
			// The lobby after a welcome: someone who was already there when we arrived.
			member = {name, entered: false, first: undefined, last: undefined};
			epoch.members.set(actor.id, member);
			epoch.seen.add(actor.id);
		}
		if (member.name !== name) {
			this.#fail('wrong name', `${what} from ${name}, known as ${member.name}`);
		}
		return [actor.id, member];
	}

	#entered(epoch: Epoch, name: string): undefined {
		const actor = parseName(name);
		if (!actor) return this.#fail('unknown name', `entered: ${name}`);
		if (actor.id === this.self) return this.#fail('own entry announced', name);
		if (epoch.members.has(actor.id)) return this.#fail('entered twice', name);
		epoch.members.set(actor.id, {name, entered: true, first: undefined, last: undefined});
		epoch.seen.add(actor.id);
	}

	#left(epoch: Epoch, name: string): undefined {
		const found = this.#member(epoch, name, 'leave line');
		if (!found) return;
		const [id, member] = found;
		epoch.members.delete(id);
		if (parseName(name)?.kind !== 'w') return;
		// Every line of the sender's stay came before its leave line.
		if (member.last === undefined) {
			if (member.entered) this.#fail('lines lost', `saw ${name} come and go without its lines`);
			return;
		}
		const tenure = this.#ledger.tenureOf(id, member.last);
		if (tenure?.last !== member.last) {
			this.#fail(
				'lines lost',
				`${name}'s last line here was ${id}#${tenure?.last}, the last received #${member.last}`,
			);
		}
	}

	#nick(epoch: Epoch, old: string, name: string): undefined {
		const found = this.#member(epoch, old, 'nick line');
		if (!found) return;
		const [id, member] = found;
		if (parseName(name)?.id !== id) return this.#fail('nick to another user', `${old} -> ${name}`);
		member.name = name;
	}

	#chat(epoch: Epoch, name: string, body: string): undefined {
		const actor = parseName(name);
		if (actor?.id === this.self) return this.#fail('own line echoed', body);
		const found = this.#member(epoch, name, 'line');
		if (!found) return;
		const [id, member] = found;
		const marker = parseChatMarker(body);
		if (!marker) {
			if (actor?.kind === 'w') this.#fail('unmarked line', `${name}: ${body}`);
			return;
		}
		if (marker.id !== id) return this.#fail('line under another name', `${name}: ${body}`);
		if (marker.room !== epoch.room) {
			return this.#fail('line from another room', `${name}: ${body.slice(0, 60)}`);
		}
		if (actor?.kind !== 'w') return;
		this.stats.checked++;
		const {seq} = marker;
		if (member.last !== undefined) {
			if (seq <= member.last)
				this.#fail('duplicate or reordered', `${name} #${seq} after #${member.last}`);
			else if (seq !== member.last + 1) {
				this.#fail('lines lost', `${name} #${seq} after #${member.last}`);
			}
			member.last = seq;
			return;
		}
		// The first of this sender's lines in this stay.
		member.first = seq;
		member.last = seq;
		const tenure = this.#ledger.tenureOf(id, seq);
		if (!tenure || tenure.room !== epoch.room) {
			return this.#fail('line outside its sender stay', `${name} #${seq} in ${epoch.room}`);
		}
		if (member.entered && seq !== tenure.first) {
			this.#fail(
				'lines lost',
				`${name} entered, first line was #${tenure.first}, got #${seq} first`,
			);
		}
		const inHistory = epoch.history.get(id);
		if (inHistory !== undefined) {
			if (seq <= inHistory)
				this.#fail('history and live overlap', `${name} #${seq} ≤ #${inHistory}`);
			else if (this.#ledger.tenureOf(id, inHistory) === tenure && seq !== inHistory + 1) {
				this.#fail('history and live do not meet', `${name} history #${inHistory}, live #${seq}`);
			}
		}
	}

	#historyLine(text: string): undefined {
		const history = this.#inHistory as {count: number; seen: number};
		const epoch = this.#epoch as Epoch;
		if (text === '*** End of history.') {
			if (history.seen !== history.count) {
				this.#fail('history length', `announced ${history.count}, got ${history.seen}`);
			}
			this.#inHistory = undefined;
			return;
		}
		history.seen++;
		const match = /^(?:\* (\S+) |(\S+): )(.*)$/s.exec(text);
		if (!match) return this.#fail('not a chat line in history', text);
		const name = (match[1] ?? match[2]) as string;
		const body = match[3] as string;
		const actor = parseName(name);
		const marker = parseChatMarker(body);
		if (!actor || !marker) {
			if (actor?.kind !== 'm') this.#fail('unmarked line in history', text);
			return;
		}
		if (marker.id !== actor.id) return this.#fail('line under another name', text);
		if (marker.room !== epoch.room) return this.#fail('history from another room', text);
		if (actor.kind === 'w') {
			const previous = epoch.history.get(actor.id);
			if (previous !== undefined && marker.seq <= previous)
				this.#fail('history out of order', text);
			epoch.history.set(actor.id, marker.seq);
		}
	}

	#notice(epoch: Epoch, text: string): undefined {
		let match = /^\*\*\* You are now in (#\S+) \((\d+) here: (.*)\)\.$/.exec(text);
		if (match) {
			const names = (match[3] as string).split(', ');
			if (names.length !== Number(match[2])) this.#fail('room count', text);
			if (!names.includes(this.#name)) this.#fail('room list without me', text);
			this.#epoch = newEpoch(match[1] as string, true);
			for (const name of names) {
				const actor = parseName(name);
				if (!actor) this.#fail('unknown name', text);
				else if (actor.id !== this.self) {
					this.#epoch.members.set(actor.id, {
						name,
						entered: false,
						first: undefined,
						last: undefined,
					});
					this.#epoch.seen.add(actor.id);
				}
			}
			return;
		}
		match = /^\*\*\* In (#\S+) \((\d+)\): (.*)$/.exec(text);
		if (match) {
			return this.#who(epoch, match[1] as string, Number(match[2]), match[3] as string);
		}
		match = /^\*\*\* Last (\d+) messages in (#\S+):$/.exec(text);
		if (match) {
			if (match[2] !== epoch.room) this.#fail('history of another room', text);
			this.#inHistory = {count: Number(match[1]), seen: 0};
			return;
		}
		match = /^\*\*\* You are now (\S+)\.$/.exec(text);
		if (match) {
			this.#name = match[1] as string;
			return;
		}
		// Refused at once (nobody by that name), or once ordered (the recipient left meanwhile).
		match =
			/^\*\*\* There is nobody called (\S+) on this server\.$/.exec(text) ??
			/^\*\*\* (\S+) has left; your message was not sent\.$/.exec(text);
		if (match) {
			const actor = parseName(match[1] as string);
			if (!actor) return this.#fail('unknown name', text);
			this.#ledger.privateFailed(this.self, actor.id);
			return;
		}
		if (
			text === '*** You are away.' ||
			text === '*** You are back.' ||
			/^\*\*\* Rooms: #\S+ \(\d+\)(, #\S+ \(\d+\))*$/.test(text) ||
			/^\*\*\* [wm]\d+(x\d+)? is away(: .*|\.)$/.test(text)
		) {
			return;
		}
		this.#fail('unexpected notice', text);
	}

	/** `/who`: exactly the members the receiver's own lines say are here. */
	#who(epoch: Epoch, room: string, count: number, list: string): undefined {
		if (room !== epoch.room) return this.#fail('who of another room', `${room}`);
		const names = list.split(', ').map((entry) => entry.replace(/( \((op|away)\))+$/, ''));
		if (names.length !== count) this.#fail('who count', `${count} but ${names.length} names`);
		const others = new Map<number, string>();
		for (const name of names) {
			const actor = parseName(name);
			if (!actor) this.#fail('unknown name in who', name);
			else if (actor.id !== this.self) others.set(actor.id, name);
		}
		if (!names.includes(this.#name)) this.#fail('who without me', list);
		for (const [id, name] of others) {
			const member = epoch.members.get(id);
			if (member) {
				if (member.name !== name) this.#fail('who name', `${name}, known as ${member.name}`);
			} else if (!epoch.known && !epoch.seen.has(id)) {
				epoch.members.set(id, {name, entered: false, first: undefined, last: undefined});
				epoch.seen.add(id);
			} else {
				this.#fail('ghost in who', `${name} is listed but left (or never entered)`);
			}
		}
		for (const [id, member] of epoch.members) {
			if (!others.has(id)) this.#fail('missing from who', `${member.name} entered and never left`);
		}
		epoch.known = true;
	}

	#private(name: string, body: string): undefined {
		const actor = parseName(name);
		const match = PRIVATE_MARKER.exec(body);
		if (!actor || !match) {
			if (actor?.kind !== 'm') this.#fail('unmarked private message', `${name}: ${body}`);
			return;
		}
		const from = Number(match[1]);
		const k = Number(match[2]);
		const to = Number(match[3]);
		if (to !== this.self) return this.#fail('private message to someone else', `${name}: ${body}`);
		if (from !== actor.id) return this.#fail('private message under another name', body);
		this.stats.checked++;
		const last = this.#privates.get(from) ?? 0;
		if (k <= last) this.#fail('private message duplicated or reordered', `${body} after #${last}`);
		else if (k !== last + 1 && actor.kind === 'w') {
			this.#fail('private message lost', `${body} after #${last}`);
		}
		this.#privates.set(from, Math.max(k, last));
		if (k > last && actor.kind === 'w') this.#ledger.privateReceived(from, this.self);
	}
}

function newEpoch(room: string, known: boolean): Epoch {
	return {room, members: new Map(), known, seen: new Set(), history: new Map()};
}

/** Counts of violations by kind, and the first few in full, for the report. */
export class Violations {
	readonly byKind = new Map<string, number>();
	readonly first: Violation[] = [];
	total = 0;

	constructor(readonly keep = 40) {}

	/** Keeps the first three of each kind, up to `keep` in all. */
	add = (violation: Violation): void => {
		this.total++;
		const seen = this.byKind.get(violation.kind) ?? 0;
		this.byKind.set(violation.kind, seen + 1);
		if (seen < 3 && this.first.length < this.keep) this.first.push(violation);
	};
}

/** A seeded PRNG (mulberry32): the same seed gives the same choices. */
export function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The leave reasons the server logged on stderr (`... leave NAME from PEER (REASON...)`). */
export function parseServerLog(line: string): {type: string; reason?: string} | 'stack' | 'other' {
	const match = /^\d{4}-\d\d-\d\dT[\d:.]+Z (\S+)(?: .*?)?(?: \(([^):]+)(?::[^)]*)?\))?$/.exec(line);
	if (match) return {type: match[1] as string, reason: match[2]};
	if (/^\s+at /.test(line) || /^\w*Error\b/.test(line)) return 'stack';
	return 'other';
}
