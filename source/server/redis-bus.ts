// The bus of a cluster: several `chat serve --redis URL` instances as one chat. Every event goes
// through one Lua script that numbers it, applies it to the shared state in Redis (users, names,
// history) and publishes it on the cluster's channel, atomically; every instance, the sender's
// included, applies events only as they come back from that channel, so all see one order. Names
// are claimed atomically; each instance holds a lease that it renews, and the users of an instance
// whose lease ran out are reaped by exactly one survivor. When Redis is out of reach, the instance
// keeps its connections, refuses to pretend (nothing is published, the sender is told), reconnects
// with backoff, and then re-establishes its users from a fresh snapshot.

import {Redis} from 'ioredis';
import {lookalikeKey, nameKey} from '../protocol/names.js';
import {LOBBY, roomKey} from '../protocol/rooms.js';
import type {Bus, BusEvent, BusHooks, Claim, Published, SharedBan} from './bus.js';
import type {UserInfo} from './presence.js';
import {CLAIM, EVENT, REAP, RELEASE, SNAPSHOT} from './redis-scripts.js';

export interface RedisBusOptions {
	/** `redis://HOST:PORT[/DB]`. */
	url: string;
	/** Prefix of every key and channel, so several chats can share one Redis. */
	cluster: string;
	/** This instance's id: the prefix of its users' ids. */
	instance: string;
	/** Seconds after which a silent instance's users are announced gone. */
	timeoutSeconds: number;
	/** Chat lines each room keeps. */
	historyLines: number;
	/** Rooms that may exist at once in the cluster, `#lobby` included. */
	maxRooms: number;
}

/** How long a publisher waits for its event to come back before reporting it not delivered. */
const WAIT_FOR_ORDER_MS = 10_000;

/** History lists of rooms nobody writes to any more expire after this long. */
const HISTORY_TTL_SECONDS = 30 * 24 * 3600;

type StoredUser = UserInfo & {entered: number; keys: string[]; roomKey?: string};

interface Scripted {
	natterClaim(...args: string[]): Promise<string>;
	natterRelease(...args: string[]): Promise<number>;
	natterEvent(...args: (string | number)[]): Promise<number>;
	natterSnapshot(...args: string[]): Promise<[string, string[], string[]]>;
	natterReap(...args: string[]): Promise<number>;
}

export class RedisBus implements Bus {
	readonly #options: RedisBusOptions;
	readonly #command: Redis & Scripted;
	readonly #subscriber: Redis;
	#hooks: BusHooks | undefined;
	#connected = false;
	/** Sequence number of the last event applied; events at or below it are old. */
	#lastSeq = 0;
	/** Events that arrived while a snapshot was being taken. */
	#buffer: {seq: number; event: BusEvent; history?: string[]}[] | undefined = [];
	#heartbeat: NodeJS.Timeout | undefined;
	#closed = false;
	#everConnected = false;

	constructor(options: RedisBusOptions) {
		this.#options = options;
		const common = {
			lazyConnect: true,
			enableOfflineQueue: false,
			maxRetriesPerRequest: 1,
			retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 6), 5000),
		};
		this.#command = new Redis(options.url, common) as Redis & Scripted;
		this.#subscriber = new Redis(options.url, {...common, enableOfflineQueue: true});
		this.#command.defineCommand('natterClaim', {numberOfKeys: 4, lua: CLAIM});
		this.#command.defineCommand('natterRelease', {numberOfKeys: 2, lua: RELEASE});
		this.#command.defineCommand('natterEvent', {numberOfKeys: 5, lua: EVENT});
		this.#command.defineCommand('natterSnapshot', {numberOfKeys: 3, lua: SNAPSHOT});
		this.#command.defineCommand('natterReap', {numberOfKeys: 5, lua: REAP});
		for (const client of [this.#command, this.#subscriber]) {
			client.on('error', (error: Error) => {
				this.#lastError = error;
			});
		}
		// Pub/sub ignores the database number: the channel names it, so two chats on two databases
		// of one Redis never hear each other.
		this.#database = /\/(\d+)\/?$/.exec(options.url)?.[1] ?? '0';
	}

	#lastError: Error | undefined;
	readonly #database: string;

	get connected(): boolean {
		return this.#connected;
	}

	#key(...parts: string[]): string {
		return [this.#options.cluster, ...parts].join(':');
	}

	get #channel(): string {
		return this.#key('events', `db${this.#database}`);
	}

	readonly clustered = true;

	/** Connects, subscribes, loads the shared state; rejects with a one-line reason. */
	async start(hooks: BusHooks): Promise<void> {
		this.#hooks = hooks;
		this.#subscriber.on('message', (_channel: string, message: string) => this.#onMessage(message));
		try {
			await Promise.all([this.#command.connect(), this.#subscriber.connect()]);
			await this.#subscriber.subscribe(this.#channel);
		} catch (error) {
			this.#command.disconnect();
			this.#subscriber.disconnect();
			const cause = (this.#lastError ?? (error as Error)).message;
			throw new Error(`cannot reach Redis at ${this.#options.url}: ${cause}`);
		}
		await this.#synchronise();
		this.#connected = true;
		this.#everConnected = true;
		this.#command.on('close', () => this.#onLost());
		this.#subscriber.on('close', () => this.#onLost());
		this.#command.on('ready', () => void this.#onBack());
		this.#subscriber.on('ready', () => void this.#onBack());
		this.#beat();
	}

	claim(id: string, name: string, previous?: string): Promise<Claim> {
		if (!this.#connected) return Promise.reject(new Error('no contact'));
		const keys = this.#nameKeys(name);
		const old = previous === undefined ? keys : this.#nameKeys(previous);
		return this.#command.natterClaim(keys[0], keys[1], old[0], old[1], id, name).then((holder) => {
			if (holder === '') return {ok: true};
			const tab = holder.indexOf('\t');
			return {ok: false, online: tab === -1 ? name : holder.slice(tab + 1)};
		});
	}

	/** Frees a name claimed for a user who left before arriving. */
	release(id: string, name: string): void {
		if (!this.#connected) return; // the claim outlives the outage only until someone reaps it
		const [key, look] = this.#nameKeys(name);
		this.#command.natterRelease(key, look, id).catch(() => {});
	}

	/** Users known from the last snapshot and events (by id), to know which instances to watch. */
	#names = new Map<string, string>();

	publish(event: BusEvent): Published {
		if (!this.#connected) return false;
		const {historyLines, maxRooms} = this.#options;
		let room = '';
		let data = '';
		let id = '';
		switch (event.type) {
			case 'enter': {
				id = event.user.id;
				room = roomKey(event.user.room);
				const stored: StoredUser = {
					...event.user,
					entered: 0,
					keys: this.#nameKeys(event.user.name),
				};
				data = JSON.stringify(stored);
				break;
			}
			case 'exit':
				id = event.id;
				break;
			case 'say':
				id = event.id;
				room = roomKey(event.room);
				if (event.history) data = event.line;
				break;
			case 'nick':
				id = event.id;
				data = JSON.stringify({name: event.name, keys: this.#nameKeys(event.name)});
				break;
			case 'update':
				id = event.id;
				data = JSON.stringify(event.patch);
				break;
			case 'ban':
				id = event.ban.address;
				data = JSON.stringify(event.ban);
				break;
			case 'unban':
				id = event.address;
				break;
			default:
				break;
		}
		return this.#command
			.natterEvent(
				this.#key('seq'),
				this.#key('users'),
				this.#channel,
				this.#key('rooms'),
				this.#key('bans'),
				event.type,
				JSON.stringify(event),
				id,
				data,
				historyLines,
				HISTORY_TTL_SECONDS,
				this.#key('history', ''),
				roomKey(LOBBY),
				room,
				maxRooms,
			)
			.then(
				(seq): 'refused' | Promise<'applied' | 'failed'> =>
					seq === -1 ? 'refused' : this.#applied(seq),
				() => 'failed' as const,
			);
	}

	/** Events published here and not yet back: their publishers wait for them (see Published). */
	readonly #waiting = new Map<
		number,
		{resolve: (status: 'applied' | 'failed') => void; timer: NodeJS.Timeout}
	>();

	/** Settles once event `seq` has been applied here, or fails after a while without it. */
	#applied(seq: number): Promise<'applied' | 'failed'> {
		if (seq <= this.#lastSeq) return Promise.resolve('applied');
		return new Promise((resolve) => {
			const timer = setTimeout(() => this.#settle(seq, 'failed'), WAIT_FOR_ORDER_MS);
			timer.unref();
			this.#waiting.set(seq, {resolve, timer});
		});
	}

	#settle(seq: number, status: 'applied' | 'failed'): void {
		const waiter = this.#waiting.get(seq);
		if (!waiter) return;
		clearTimeout(waiter.timer);
		this.#waiting.delete(seq);
		waiter.resolve(status);
	}

	/** Everything published up to the last applied event is in the order. */
	#settleApplied(): void {
		for (const seq of [...this.#waiting.keys()])
			if (seq <= this.#lastSeq) this.#settle(seq, 'applied');
	}

	/** Contact lost: what is still waiting is reported as not delivered. */
	#settleAllFailed(): void {
		for (const seq of [...this.#waiting.keys()]) this.#settle(seq, 'failed');
	}

	async close(): Promise<void> {
		this.#closed = true;
		this.#settleAllFailed();
		clearInterval(this.#heartbeat);
		try {
			if (this.#connected) await this.#command.del(this.#key('lease', this.#options.instance));
		} catch {
			// the lease expires by itself
		}
		await Promise.allSettled([this.#command.quit(), this.#subscriber.quit()]);
		this.#command.disconnect();
		this.#subscriber.disconnect();
	}

	#nameKeys(name: string): [string, string] {
		return [this.#key('name', nameKey(name)), this.#key('look', lookalikeKey(name))];
	}

	#onMessage(message: string): void {
		let parsed: {seq: number; event: BusEvent; history?: unknown};
		try {
			parsed = JSON.parse(message);
		} catch {
			return; // not ours
		}
		const history = Array.isArray(parsed.history) ? (parsed.history as string[]) : undefined;
		const entry = {seq: parsed.seq, event: parsed.event, history};
		if (this.#buffer) {
			this.#buffer.push(entry);
			return;
		}
		this.#deliver(entry);
	}

	#deliver(entry: {seq: number; event: BusEvent; history?: string[]}): void {
		if (entry.seq <= this.#lastSeq) return;
		if (entry.seq > this.#lastSeq + 1) {
			// Events were missed (the subscription dropped): the state must be loaded again.
			this.#lastSeq = entry.seq;
			void this.#synchronise();
			return;
		}
		this.#lastSeq = entry.seq;
		this.#remember(entry.event);
		const {event, history} = entry;
		this.#hooks?.apply(event.type === 'enter' && history ? {...event, history} : event);
		this.#settle(entry.seq, 'applied');
	}

	#remember(event: BusEvent): void {
		if (event.type === 'enter') this.#names.set(event.user.id, event.user.name);
		else if (event.type === 'nick') this.#names.set(event.id, event.name);
		else if (event.type === 'exit') this.#names.delete(event.id);
	}

	/** Loads the shared state at one sequence number, then applies what came after it. */
	async #synchronise(): Promise<void> {
		this.#buffer ??= [];
		const [seqText = '0', userPairs = [], banPairs = []] = await this.#command.natterSnapshot(
			this.#key('seq'),
			this.#key('users'),
			this.#key('bans'),
		);
		const users = hashValues<StoredUser>(userPairs);
		const bans = hashValues<SharedBan>(banPairs);
		users.sort((a, b) => a.entered - b.entered);
		this.#names = new Map(users.map((user) => [user.id, user.name]));
		this.#lastSeq = Number(seqText);
		this.#hooks?.resync(
			users.map(({entered: _, keys: __, roomKey: ___, ...user}) => user),
			bans,
		);
		const buffered = this.#buffer;
		this.#buffer = undefined;
		for (const entry of buffered.sort((a, b) => a.seq - b.seq)) this.#deliver(entry);
		this.#settleApplied();
	}

	#onLost(): void {
		if (!this.#connected || this.#closed) return;
		this.#connected = false;
		// Whatever arrives before the state is loaded again waits for it (and is then filtered by
		// sequence number), so nothing published by others meanwhile is taken for old.
		this.#buffer ??= [];
		this.#settleAllFailed();
		this.#hooks?.contact(false);
	}

	async #onBack(): Promise<void> {
		if (this.#connected || this.#closed || !this.#everConnected || this.#resyncing) return;
		if (this.#command.status !== 'ready' || this.#subscriber.status !== 'ready') return;
		this.#resyncing = true;
		try {
			await this.#synchronise();
			this.#connected = true;
			await this.#renewLease();
			this.#hooks?.contact(true); // the hub establishes its users again, then says so
		} catch {
			// still unreachable: the next 'ready' tries again
		} finally {
			this.#resyncing = false;
		}
	}

	#resyncing = false;

	/** The lease lasts two thirds of the timeout and is renewed every quarter, so a dead instance's
	 * users are announced gone within the timeout, and one late renewal is forgiven. */
	#renewLease(): Promise<unknown> {
		return this.#command.set(
			this.#key('lease', this.#options.instance),
			'1',
			'PX',
			Math.round((this.#options.timeoutSeconds * 1000 * 2) / 3),
		);
	}

	/** Renews this instance's lease, and reaps instances whose lease has run out. */
	#beat(): void {
		const period = Math.max(100, (this.#options.timeoutSeconds * 1000) / 4);
		const beat = async () => {
			if (!this.#connected) return;
			try {
				await this.#renewLease();
				await this.#reap();
			} catch {
				// contact is lost: the close handler says so
			}
		};
		void beat();
		this.#heartbeat = setInterval(() => void beat(), period);
		this.#heartbeat.unref();
	}

	async #reap(): Promise<void> {
		const instances = new Set<string>();
		for (const id of this.#names.keys()) {
			const instance = id.slice(0, id.lastIndexOf(':'));
			if (instance !== this.#options.instance) instances.add(instance);
		}
		for (const instance of instances) {
			await this.#command.natterReap(
				this.#key('seq'),
				this.#key('users'),
				this.#channel,
				this.#key('lease', instance),
				this.#key('rooms'),
				`${instance}:`,
				roomKey(LOBBY),
				this.#key('history', ''),
			);
		}
	}
}

/** The values of a hash as HGETALL gives it (field, value, ...), parsed; one that is not JSON is skipped. */
function hashValues<T>(pairs: readonly string[]): T[] {
	const values: T[] = [];
	for (let index = 0; index + 1 < pairs.length; index += 2) {
		try {
			values.push(JSON.parse(pairs[index + 1] as string) as T);
		} catch {
			// a record that is not ours is skipped
		}
	}
	return values;
}
