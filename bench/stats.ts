// Small statistics for the benchmark: medians, and a log-bucketed latency histogram that keeps
// millions of samples in a few hundred counters (about 3% precision). Pure.

export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2
		? (sorted[middle] as number)
		: ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Buckets per doubling: 24 gives about 3% between bucket edges. */
const STEPS = 24;

export class Histogram {
	counts: number[] = [];
	total = 0;
	max = 0;

	record(micros: number): void {
		const value = Math.max(1, micros);
		const bucket = Math.floor(Math.log2(value) * STEPS);
		this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
		this.total++;
		if (value > this.max) this.max = value;
	}

	merge(other: {counts: (number | null)[]; total: number; max: number}): void {
		other.counts.forEach((count, bucket) => {
			if (count) this.counts[bucket] = (this.counts[bucket] ?? 0) + count;
		});
		this.total += other.total;
		this.max = Math.max(this.max, other.max);
	}

	/** The value at quantile q (0..1), in microseconds: the upper edge of its bucket. */
	quantile(q: number): number {
		if (this.total === 0) return Number.NaN;
		const rank = Math.ceil(q * this.total);
		let seen = 0;
		for (let bucket = 0; bucket < this.counts.length; bucket++) {
			seen += this.counts[bucket] ?? 0;
			if (seen >= rank) return Math.min(this.max, 2 ** ((bucket + 1) / STEPS));
		}
		return this.max;
	}

	toJSON(): {counts: number[]; total: number; max: number} {
		return {
			counts: Array.from(this.counts, (count) => count ?? 0),
			total: this.total,
			max: this.max,
		};
	}
}
