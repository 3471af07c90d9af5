// The operator password, held only as its SHA-256 digest and compared in constant time, so
// neither memory dumps of the process's strings nor response timing give it away.

import {createHash, timingSafeEqual} from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export class OperatorPassword {
	readonly #digest: Buffer | undefined;

	/** No password (undefined or empty): there are no operators. */
	constructor(password: string | undefined) {
		this.#digest = password ? digest(password) : undefined;
	}

	get configured(): boolean {
		return this.#digest !== undefined;
	}

	/** True if `attempt` is the password; the time taken does not depend on how much matched. */
	check(attempt: string): boolean {
		if (this.#digest === undefined) return false;
		return timingSafeEqual(digest(attempt), this.#digest);
	}
}
