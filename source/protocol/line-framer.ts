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
	/** Bytes of the unfinished line; holds at most maxBytes + 1 (room for a CR before the LF). */
	#pending: Buffer[] = [];
	#pendingLength = 0;
	/** True while skipping the rest of an overlong line. */
	#discarding = false;

	constructor(maxBytes: number) {
		this.#maxBytes = maxBytes;
	}

	/** Frames one chunk; returns every line it completes, in order. */
	push(chunk: Buffer): Frame[] {
		const frames: Frame[] = [];
		let start = 0;
		while (start < chunk.length) {
			const lf = chunk.indexOf(LF, start);
			const end = lf === -1 ? chunk.length : lf;
			if (this.#discarding) {
				if (lf !== -1) this.#discarding = false;
			} else if (this.#pendingLength + (end - start) > this.#maxBytes + 1) {
				this.#reset();
				frames.push({kind: 'overlong'});
				this.#discarding = lf === -1;
			} else if (lf !== -1 && this.#pendingLength === 0) {
				frames.push(finish(chunk.subarray(start, end), this.#maxBytes)); // fast path: no copy
			} else {
				this.#append(chunk.subarray(start, end));
				if (lf !== -1) frames.push(this.#take());
			}
			if (lf === -1) break;
			start = lf + 1;
		}
		return frames;
	}

	/** At end of stream: the last line cut off by EOF counts as a full line, as in the seed. */
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
