// Who is online under which name, server-wide: names are claimed, renamed and released here, by
// the clash key of the name rules (case and look-alikes fold together), so a rename never leaves
// the old name behind and `/msg` finds anyone whatever their room.

import {nameKey} from '../protocol/names.js';

export type Claim = {ok: true} | {ok: false; online: string};

export interface Named {
	readonly name: string;
}

export class Directory<U extends Named> {
	readonly #byKey = new Map<string, U>();

	get size(): number {
		return this.#byKey.size;
	}

	/** Claims `name` for `user` (who may already hold a name: that one is then released). */
	claim(user: U, name: string): Claim {
		const key = nameKey(name);
		const holder = this.#byKey.get(key);
		if (holder !== undefined && holder !== user) return {ok: false, online: holder.name};
		if (user.name && this.#byKey.get(nameKey(user.name)) === user) {
			this.#byKey.delete(nameKey(user.name));
		}
		this.#byKey.set(key, user);
		return {ok: true};
	}

	/** The user holding a name that clashes with `name`, if any. */
	find(name: string): U | undefined {
		return this.#byKey.get(nameKey(name));
	}

	/** True if `user` still holds its name (it has not left). */
	has(user: U): boolean {
		return this.#byKey.get(nameKey(user.name)) === user;
	}

	release(user: U): void {
		const key = nameKey(user.name);
		if (this.#byKey.get(key) === user) this.#byKey.delete(key);
	}
}
