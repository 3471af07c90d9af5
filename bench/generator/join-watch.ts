// Watches one client's incoming text after it sends `/join ROOM`: done at `*** You are now in`,
// or, when a history block follows it, at `*** End of history.`. The server writes the block in
// the same turn as the room change, so when a read ends right after the room change with nothing
// after it, there is no block. Pure.

const ROOM_CHANGE = '*** You are now in ';
const HISTORY_START = /^\*\*\* Last \d+ messages in /;
const HISTORY_END = '*** End of history.';
const LAST = '*** Last ';

export class JoinWatch {
	#state: 'waiting' | 'moved' | 'history' | 'done' = 'waiting';
	#partial = '';
	/** Lines of the history block, its first and last included. */
	historyLines = 0;

	get done(): boolean {
		return this.#state === 'done';
	}

	/** Feeds the text of one read; returns whether the join is complete. */
	feed(text: string): boolean {
		const lines = (this.#partial + text).split('\n');
		this.#partial = lines.pop() ?? '';
		for (const line of lines) {
			if (this.#state === 'done') break;
			this.#line(line);
		}
		if (this.#state === 'moved') {
			// The read ended after the room change: a history block follows only if one has begun.
			const rest = this.#partial;
			const mayBeHistory = rest !== '' && (rest.startsWith(LAST) || LAST.startsWith(rest));
			if (!mayBeHistory) this.#state = 'done';
		}
		return this.done;
	}

	#line(line: string): void {
		switch (this.#state) {
			case 'waiting':
				if (line.startsWith(ROOM_CHANGE)) this.#state = 'moved';
				return;
			case 'moved':
				if (HISTORY_START.test(line)) {
					this.#state = 'history';
					this.historyLines = 1;
				} else this.#state = 'done';
				return;
			case 'history':
				this.historyLines++;
				if (line === HISTORY_END) this.#state = 'done';
				return;
		}
	}
}
