// Removes telnet IAC command sequences from a byte stream, so telnet users can chat like nc users,
// and collects the few replies telnet waits for. A small state machine that keeps its state between
// chunks, since a sequence may span packets. Pure: the caller sends the replies.

const IAC = 255;
const SB = 250; // subnegotiation begin
const SE = 240; // subnegotiation end
const WILL = 251;
const DO = 253;
const DONT = 254;
/** RFC 860: telnet sends `IAC DO TIMING-MARK` after Ctrl-C and discards output until answered. */
const TIMING_MARK = 6;

/** The answer to `IAC DO TIMING-MARK`: the mark is reached, telnet may show output again. */
export const WILL_TIMING_MARK: readonly number[] = [IAC, WILL, TIMING_MARK];

enum State {
	Data = 0,
	/** After IAC. */
	Command = 1,
	/** After IAC WILL/WONT/DO/DONT: one option byte follows. */
	Option = 2,
	/** Inside IAC SB ... IAC SE. */
	Subnegotiation = 3,
	/** After IAC inside a subnegotiation. */
	SubnegotiationIac = 4,
}

export class TelnetFilter {
	#state: State = State.Data;
	/** The negotiation verb (WILL, WONT, DO or DONT) whose option byte comes next. */
	#verb = 0;
	/** Bytes to send back, in order, until taken. */
	#replies: number[] = [];

	/** Returns the data bytes of `chunk`; reuses `chunk` itself when it holds no telnet commands. */
	push(chunk: Buffer): Buffer {
		if (this.#state === State.Data && !chunk.includes(IAC)) return chunk;
		const out = Buffer.allocUnsafe(chunk.length);
		let length = 0;
		for (const byte of chunk) {
			switch (this.#state) {
				case State.Data:
					if (byte === IAC) this.#state = State.Command;
					else out[length++] = byte;
					break;
				case State.Command:
					if (byte === IAC) {
						out[length++] = IAC; // IAC IAC is an escaped data byte 255
						this.#state = State.Data;
					} else if (byte === SB) this.#state = State.Subnegotiation;
					else if (byte >= WILL && byte <= DONT) {
						this.#verb = byte;
						this.#state = State.Option;
					} else this.#state = State.Data; // two-byte command (NOP, IP, AYT, GA, ...)
					break;
				case State.Option:
					if (this.#verb === DO && byte === TIMING_MARK) this.#replies.push(...WILL_TIMING_MARK);
					this.#state = State.Data;
					break;
				case State.Subnegotiation:
					if (byte === IAC) this.#state = State.SubnegotiationIac;
					break;
				case State.SubnegotiationIac:
					this.#state = byte === SE ? State.Data : State.Subnegotiation;
					break;
			}
		}
		return out.subarray(0, length);
	}

	/**
	 * The replies owed for everything pushed so far, to be sent after the output for the data
	 * before them (RFC 860); undefined when there are none. Each reply is returned once.
	 */
	takeReplies(): Buffer | undefined {
		if (this.#replies.length === 0) return undefined;
		const replies = Buffer.from(this.#replies);
		this.#replies = [];
		return replies;
	}
}
