// Server lines in context: the lines between `*** Last N messages in #ROOM:` and
// `*** End of history.` are history, not live. One parser per connection keeps that state, so a
// client or bot can tell an old message from a new one without parsing anything itself.

import {parseServerLine, type ServerLine} from './server-line.js';

/** A parsed line, marked when it is part of a history block (the markers themselves are not). */
export type StreamLine = ServerLine & {history?: true};

export class ServerLineStream {
	#inHistory = false;

	parse(raw: string): StreamLine {
		const line = parseServerLine(raw);
		if (line.kind === 'history-start') this.#inHistory = true;
		else if (line.kind === 'history-end') this.#inHistory = false;
		else if (this.#inHistory) return {...line, history: true};
		return line;
	}

	/** Forgets the state, for a new connection. */
	reset(): void {
		this.#inHistory = false;
	}
}
