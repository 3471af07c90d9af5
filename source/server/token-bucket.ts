// Flood control: a token bucket that refills `rate` tokens a second and holds up to `burst`.
// Pure arithmetic on a clock passed in, so it is tested without waiting.

export class TokenBucket {
	readonly #rate: number;
	readonly #burst: number;
	#tokens: number;
	#updatedAt: number;

	/** `rate` tokens per second, at most `burst` saved up; starts full. Times are in milliseconds. */
	constructor(rate: number, burst: number, now: number) {
		this.#rate = rate;
		this.#burst = burst;
		this.#tokens = burst;
		this.#updatedAt = now;
	}

	/** Takes one token if there is one. */
	tryTake(now: number): boolean {
		this.#refill(now);
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}

	/** Milliseconds until a token will be available (0 if one is). */
	waitTime(now: number): number {
		this.#refill(now);
		return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * 1000) / this.#rate);
	}

	#refill(now: number): void {
		const elapsed = Math.max(0, now - this.#updatedAt);
		this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed * this.#rate) / 1000);
		this.#updatedAt = now;
	}
}
