// Splits text received from a server into lines. Unlike the server's framer it never drops
// anything: a line longer than the cap (a broken or hostile server) is cut into pieces instead.

export class IncomingLines {
	readonly #maxChars: number;
	#partial = '';

	constructor(maxChars = 64 * 1024) {
		this.#maxChars = maxChars;
	}

	/** Returns the complete lines in `text` (without LF), keeping the unfinished rest. */
	push(text: string): string[] {
		const parts = (this.#partial + text).split('\n');
		this.#partial = parts.pop() ?? '';
		while (this.#partial.length > this.#maxChars) {
			parts.push(this.#partial.slice(0, this.#maxChars));
			this.#partial = this.#partial.slice(this.#maxChars);
		}
		return parts;
	}

	/** The unfinished last line, if any, when the connection ends. */
	end(): string[] {
		const rest = this.#partial;
		this.#partial = '';
		return rest ? [rest] : [];
	}
}
