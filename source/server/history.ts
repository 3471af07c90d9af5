// A room's last N chat lines and actions, as the exact bytes that were relayed, for newcomers.
// A ring of at most N entries, so a room's history never holds more than N lines whatever their
// size (each line is itself bounded by the line limit).

export class History {
	readonly #capacity: number;
	readonly #lines: Buffer[] = [];
	#next = 0;

	constructor(capacity: number) {
		this.#capacity = capacity;
	}

	get length(): number {
		return this.#lines.length;
	}

	add(line: Buffer): void {
		if (this.#capacity === 0) return;
		if (this.#lines.length < this.#capacity) this.#lines.push(line);
		else this.#lines[this.#next] = line;
		this.#next = (this.#next + 1) % this.#capacity;
	}

	/** Oldest first. */
	lines(): Buffer[] {
		if (this.#lines.length < this.#capacity) return [...this.#lines];
		return [...this.#lines.slice(this.#next), ...this.#lines.slice(0, this.#next)];
	}
}
