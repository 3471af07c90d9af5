// The server's bans: address ranges that may not connect, each with when it ends (or never) and
// the operator who set it. Expired bans are forgotten as they are met. Pure apart from the clock
// passed in; saving them is state-file.ts's business.

import {type AddressRange, inRange, parseRange} from '../protocol/addresses.js';

export interface Ban {
	readonly range: AddressRange;
	/** Milliseconds since the epoch, or undefined for a ban until lifted. */
	readonly until: number | undefined;
	/** The operator who set it. */
	readonly by: string;
}

/** A ban as it is saved: plain JSON. */
export interface SavedBan {
	address: string;
	until: string | null;
	by: string;
}

export class BanList {
	#bans: Ban[] = [];

	/** Adds (or replaces) the ban on `range`. */
	add(range: AddressRange, until: number | undefined, by: string): Ban {
		this.#bans = this.#bans.filter((ban) => ban.range.text !== range.text);
		const ban = {range, until, by};
		this.#bans.push(ban);
		return ban;
	}

	/** Lifts the ban on exactly `text` (as `/bans` shows it); false if there was none. */
	remove(text: string): boolean {
		const before = this.#bans.length;
		this.#bans = this.#bans.filter((ban) => ban.range.text !== canonical(text));
		return this.#bans.length < before;
	}

	/** Whether there is a ban on exactly `text` (as `/bans` shows it) in force. */
	has(text: string, now: number): boolean {
		return this.list(now).some((ban) => ban.range.text === canonical(text));
	}

	/** The ban that covers `address` now, if any. */
	match(address: string, now: number): Ban | undefined {
		this.#prune(now);
		return this.#bans.find((ban) => inRange(ban.range, address));
	}

	/** The bans in force, oldest first. */
	list(now: number): readonly Ban[] {
		this.#prune(now);
		return this.#bans;
	}

	toJSON(now: number): SavedBan[] {
		return this.list(now).map((ban) => ({
			address: ban.range.text,
			until: ban.until === undefined ? null : new Date(ban.until).toISOString(),
			by: ban.by,
		}));
	}

	/** Bans from their saved form; throws an Error saying what is wrong with it. */
	static fromJSON(value: unknown): BanList {
		if (!Array.isArray(value)) throw new Error('expected a list of bans');
		const list = new BanList();
		value.forEach((entry: unknown, index) => {
			const saved = entry as Partial<SavedBan> | null;
			const range = typeof saved?.address === 'string' ? parseRange(saved.address) : undefined;
			const until =
				saved?.until === null
					? undefined
					: typeof saved?.until === 'string'
						? Date.parse(saved.until)
						: Number.NaN;
			if (!range || Number.isNaN(until) || typeof saved?.by !== 'string') {
				throw new Error(`ban ${index + 1} is not an address, an end time and an operator`);
			}
			list.add(range, until, saved.by);
		});
		return list;
	}

	#prune(now: number): void {
		if (this.#bans.some((ban) => ban.until !== undefined && ban.until <= now)) {
			this.#bans = this.#bans.filter((ban) => ban.until === undefined || ban.until > now);
		}
	}
}

/** A range as /bans shows it (`127.0.0.5/8` is `127.0.0.0/8`); text that is none, as it is. */
export const canonical = (text: string): string => parseRange(text)?.text ?? text;
