// Who is online under which name, server-wide: names are claimed, renamed and released here, so a
// rename never leaves the old name behind and `/msg` finds anyone whatever their room. A name is
// kept under both clash keys of the name rules (nameKey and lookalikeKey): a new name is taken if
// either of its keys is held, so neither case nor a look-alike letter can impersonate anyone.

import {lookalikeKey, nameKey} from '../protocol/names.js';

export type Claim = {ok: true} | {ok: false; online: string};

export interface Named {
	readonly name: string;
}

export class Directory<U extends Named> {
	/** By the name exactly as held: the common case of `/msg`, found without folding anything. */
	readonly #byName = new Map<string, U>();
	readonly #byKey = new Map<string, U>();
	readonly #byLookalike = new Map<string, U>();

	get size(): number {
		return this.#byKey.size;
	}

	/** Claims `name` for `user` (who may already hold a name: that one is then released). */
	claim(user: U, name: string): Claim {
		const holder = this.find(name);
		if (holder !== undefined && holder !== user) return {ok: false, online: holder.name};
		this.release(user);
		this.#byName.set(name, user);
		this.#byKey.set(nameKey(name), user);
		this.#byLookalike.set(lookalikeKey(name), user);
		return {ok: true};
	}

	/** The user holding a name that clashes with `name`, if any. */
	find(name: string): U | undefined {
		return (
			this.#byName.get(name) ??
			this.#byKey.get(nameKey(name)) ??
			this.#byLookalike.get(lookalikeKey(name))
		);
	}

	/** True if `user` still holds its name (it has not left). */
	has(user: U): boolean {
		return user.name !== '' && this.#byName.get(user.name) === user;
	}

	release(user: U): void {
		if (!user.name) return;
		if (this.#byName.get(user.name) === user) this.#byName.delete(user.name);
		const key = nameKey(user.name);
		if (this.#byKey.get(key) === user) this.#byKey.delete(key);
		const lookalike = lookalikeKey(user.name);
		if (this.#byLookalike.get(lookalike) === user) this.#byLookalike.delete(lookalike);
	}
}
