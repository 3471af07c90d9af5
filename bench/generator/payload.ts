// The benchmark's message payload: sender, sequence number and send time, so a receiver can detect
// loss and reordering and measure latency. Times are CLOCK_MONOTONIC microseconds, shared by all
// processes on the machine.

export const nowMicros = (): number => Number(process.hrtime.bigint() / 1000n);

export const encodePayload = (sender: number, seq: number, sentAt: number): string =>
	`s${sender} ${seq} ${sentAt}`;

export interface Payload {
	sender: number;
	seq: number;
	sentAt: number;
}

/** Parses a received line, `NAME: s3 17 123456789` (or the bare payload); undefined if not one. */
export function decodePayload(line: string): Payload | undefined {
	const start = line.indexOf(': s');
	const text = start === -1 ? line : line.slice(start + 2);
	const match = /^s(\d+) (\d+) (\d+)$/.exec(text);
	if (!match) return undefined;
	return {sender: Number(match[1]), seq: Number(match[2]), sentAt: Number(match[3])};
}
