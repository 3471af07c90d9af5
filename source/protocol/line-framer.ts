// Splits an incoming byte stream into protocol lines, never holding more than one line's limit.
// Lines end with LF, a CR before the LF is dropped, and an overlong line is discarded up to its LF.

export type Frame =
	/** A complete line's bytes, without LF or trailing CR; decode with `decodeLine`. */
	| {kind: 'line'; bytes: Buffer}
	/** A line grew past the limit; its bytes up to the next LF are being dropped. */
	| {kind: 'overlong'};

const LF = 0x0a;
const CR = 0x0d;

export class LineFramer {
	readonly #maxBytes: number;
	/** Chunks fed and not yet framed, and how far into the first one framing has got. */
	#queue: Buffer[] = [];
	#offset = 0;
	/** Bytes of the unfinished line; holds at most maxBytes + 1 (room for a CR before the LF). */
	#pending: Buffer[] = [];
	#pendingLength = 0;
	/** True while skipping the rest of an overlong line. */
	#discarding = false;

	constructor(maxBytes: number) {
		this.#maxBytes = maxBytes;
	}

	/** Frames one chunk at once; returns every line it completes, in order. */
	push(chunk: Buffer): Frame[] {
		this.feed(chunk);
		const frames: Frame[] = [];
		for (let frame = this.next(); frame; frame = this.next()) frames.push(frame);
		return frames;
	}

	/** Adds a chunk to be framed lazily by `next()`, so a reader that pauses holds raw bytes only. */
	feed(chunk: Buffer): void {
		if (chunk.length > 0) this.#queue.push(chunk);
	}

	/** The next complete line of what was fed, or undefined until more bytes come. */
	next(): Frame | undefined {
		while (this.#queue.length > 0) {
			const chunk = this.#queue[0] as Buffer;
			const start = this.#offset;
			const lf = chunk.indexOf(LF, start);
			const end = lf === -1 ? chunk.length : lf;
			if (lf === -1 || lf + 1 === chunk.length) {
				this.#queue.shift();
				this.#offset = 0;
			} else this.#offset = lf + 1;
			let frame: Frame | undefined;
			if (this.#discarding) {
				if (lf !== -1) this.#discarding = false;
			} else if (this.#pendingLength + (end - start) > this.#maxBytes + 1) {
				this.#reset();
				frame = {kind: 'overlong'};
				this.#discarding = lf === -1;
			} else if (lf !== -1 && this.#pendingLength === 0) {
				frame = finish(chunk.subarray(start, end), this.#maxBytes); // fast path: no copy
			} else {
				this.#append(chunk.subarray(start, end));
				if (lf !== -1) frame = this.#take();
			}
			if (frame) return frame;
		}
		return undefined;
	}

	/** At end of stream, once `next()` has nothing more: the last line cut off by EOF counts, as in the seed. */
	end(): Frame[] {
		const hadLine = this.#pendingLength > 0;
		this.#discarding = false;
		return hadLine ? [this.#take()] : [];
	}

	#append(part: Buffer): void {
		if (part.length === 0) return;
		// Copy: the socket's chunk must not be pinned in memory by a partial line.
		this.#pending.push(Buffer.from(part));
		this.#pendingLength += part.length;
	}

	#take(): Frame {
		const bytes =
			this.#pending.length === 1
				? (this.#pending[0] as Buffer)
				: Buffer.concat(this.#pending, this.#pendingLength);
		this.#reset();
		return finish(bytes, this.#maxBytes);
	}

	#reset(): void {
		this.#pending = [];
		this.#pendingLength = 0;
	}
}

/** Drops the CR before the LF and applies the limit, which counts neither. */
function finish(raw: Buffer, maxBytes: number): Frame {
	const bytes = raw.length > 0 && raw[raw.length - 1] === CR ? raw.subarray(0, -1) : raw;
	return bytes.length > maxBytes ? {kind: 'overlong'} : {kind: 'line', bytes};
}

/** UTF-8 decoding of one framed line; invalid bytes become U+FFFD. */
export const decodeLine = (bytes: Buffer): string => bytes.toString('utf8');
