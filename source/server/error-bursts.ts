// Errors that come in bursts (a listening socket failing every accept while the system is out of
// file descriptors) are reported once per burst: the first at once, the rest as one count when
// the burst is over, so the log stays readable and logging never adds to the load.

/** A burst ends after this long without a further error. */
export const BURST_QUIET_MS = 1000;

export class ErrorBursts {
	#code: string | undefined;
	#more = 0;

	/** Records an error; true when it starts a burst (report it now), false when it is counted. */
	record(code: string): boolean {
		if (this.#code !== undefined) {
			this.#more++;
			return false;
		}
		this.#code = code;
		return true;
	}

	/** Closes the burst; returns how many errors followed the first, if any did. */
	close(): {code: string; more: number} | undefined {
		const code = this.#code;
		const more = this.#more;
		this.#code = undefined;
		this.#more = 0;
		return code !== undefined && more > 0 ? {code, more} : undefined;
	}
}
