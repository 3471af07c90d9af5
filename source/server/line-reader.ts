// A connection's input pipeline: socket bytes → telnet filtering (and the replies telnet waits
// for) → lines, handed over one at a time. Before each line the owner may ask to hold (flood control, or answers the client has not
// read yet); the socket is then paused, so TCP backpressure slows the sender and nothing is lost,
// and at most one chunk of unframed bytes is kept meanwhile.

import type {Socket} from 'node:net';
import {type Frame, LineFramer} from '../protocol/line-framer.js';
import {TelnetFilter} from '../protocol/telnet.js';

/** Arranges for `resume` to be called later; returns a function that cancels that. */
export type Hold = (resume: () => void) => () => void;

export interface LineReaderOptions {
	readonly maxLineBytes: number;
	/** Each line in order (an overlong one as a frame of its own kind). */
	onLine(frame: Frame): void;
	/** The peer finished sending, and every line it sent has been handled. */
	onEnd(): void;
	/** Asked before each line: undefined to go on, or how to wait before handling it. */
	hold(): Hold | undefined;
	/** Bytes owed to a telnet client (the answer to its Ctrl-C's DO TIMING-MARK). */
	onTelnetReply(bytes: Buffer): void;
}

export class LineReader {
	readonly #socket: Socket;
	readonly #options: LineReaderOptions;
	readonly #telnet = new TelnetFilter();
	readonly #framer: LineFramer;
	/** The line held back while waiting. */
	#held: Frame | undefined;
	#cancelHold: (() => void) | undefined;
	#peerEnded = false;
	#stopped = false;

	constructor(socket: Socket, options: LineReaderOptions) {
		this.#socket = socket;
		this.#options = options;
		this.#framer = new LineFramer(options.maxLineBytes);
		socket.on('data', (chunk: Buffer) => this.#onData(chunk));
		socket.on('end', () => this.#onEnd());
	}

	/** No more lines are handed over (the connection is closing); a pending hold is cancelled. */
	stop(): void {
		this.#stopped = true;
		this.#held = undefined;
		this.#cancelHold?.();
		this.#cancelHold = undefined;
	}

	#onData(chunk: Buffer): void {
		if (this.#stopped) return;
		this.#framer.feed(this.#telnet.push(chunk));
		this.#pump();
		const replies = this.#telnet.takeReplies(); // telnet's Ctrl-C waits for one (RFC 860)
		if (replies && !this.#stopped) this.#options.onTelnetReply(replies);
	}

	#onEnd(): void {
		if (this.#stopped) return;
		this.#peerEnded = true;
		this.#pump();
	}

	/** Hands over lines until the input runs dry or the owner asks to hold. */
	#pump(): void {
		while (!this.#stopped && this.#cancelHold === undefined) {
			const frame = this.#held ?? this.#framer.next() ?? this.#last();
			this.#held = undefined;
			if (frame === undefined) break;
			const hold = this.#options.hold();
			if (hold) {
				this.#held = frame;
				this.#socket.pause();
				this.#cancelHold = hold(() => {
					this.#cancelHold = undefined;
					this.#pump();
				});
				return;
			}
			this.#options.onLine(frame);
		}
		if (this.#stopped || this.#cancelHold !== undefined) return;
		if (this.#peerEnded) {
			this.#stopped = true;
			this.#options.onEnd();
		} else if (this.#socket.isPaused()) this.#socket.resume();
	}

	/** After the peer's FIN: the line it cut off, once. */
	#last(): Frame | undefined {
		return this.#peerEnded ? this.#framer.end()[0] : undefined;
	}
}
