// One flush per event-loop turn for the whole server: every room that had broadcasts this turn
// hands its turn log to its members' outboxes, then every other outbox with lines of its own is
// flushed. A connection thus gets one write per turn, however many lines and rooms touched it.
//
// Under load, flushes are paced: after a flush that cost MIN_PACED_COST_MS or more, the next one
// starts no sooner than that cost after it ended, so flushing takes at most about half the time
// and each write carries more lines (a join storm in a big room would otherwise cost one write
// per delivery). Cheaper flushes, as at ordinary load, are never delayed: a flush then runs in
// the next turn.

import type {TurnLog} from './turn-log.js';

/** Flushes cheaper than this are never paced: at ordinary load, latency comes first. */
const MIN_PACED_COST_MS = 4;
/** A flush never waits longer than this for pacing. */
const MAX_PACING_MS = 20;

/** A room as the scheduler sees it: a log to take each turn, and who reads it. */
export interface Channel {
	/** This turn's broadcasts so far. */
	readonly log: TurnLog;
	/** Returns this turn's log and starts an empty one. */
	takeLog(): TurnLog;
	outboxes(): Iterable<Flushable>;
}

export interface Flushable {
	/** Writes this turn's bytes: `log` is its room's log for the turn, if the room had broadcasts. */
	flush(log: TurnLog | undefined, turn: number): void;
}

export class FlushScheduler {
	#channels: Channel[] = [];
	#outboxes: Flushable[] = [];
	#scheduled = false;
	#turn = 0;
	#lastEnd = 0;
	#lastCost = 0;

	/** A room's first broadcast of the turn. */
	channelDirty(channel: Channel): void {
		this.#channels.push(channel);
		this.#schedule();
	}

	/** An outbox's first line of its own this turn. */
	outboxDirty(outbox: Flushable): void {
		this.#outboxes.push(outbox);
		this.#schedule();
	}

	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		const wait =
			this.#lastCost < MIN_PACED_COST_MS ? 0 : this.#lastEnd + this.#lastCost - performance.now();
		if (wait < 1) setImmediate(this.#flushAll);
		else setTimeout(this.#flushAll, Math.min(wait, MAX_PACING_MS));
	}

	readonly #flushAll = (): void => {
		const started = performance.now();
		this.#flush();
		this.#lastEnd = performance.now();
		this.#lastCost = this.#lastEnd - started;
	};

	#flush(): void {
		this.#scheduled = false;
		const channels = this.#channels;
		const outboxes = this.#outboxes;
		this.#channels = [];
		this.#outboxes = [];
		const turn = ++this.#turn;
		for (const channel of channels) {
			const log = channel.takeLog();
			for (const outbox of channel.outboxes()) outbox.flush(log, turn);
		}
		for (const outbox of outboxes) outbox.flush(undefined, turn);
	}
}
