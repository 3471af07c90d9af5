// The messages between the benchmark coordinator and its generator workers (over fork IPC).

export type Role = 'sender' | 'receiver' | 'sleeper';

export interface ClientSpec {
	index: number;
	name: string;
	role: Role;
	/** Audited clients parse every line: per-sender order and latency. */
	audit: boolean;
}

export type ToWorker =
	| {type: 'connect'; port: number; clients: ClientSpec[]; concurrency: number}
	| {type: 'send'; durationMs: number; linesPerSecond: number}
	| {type: 'poll'}
	| {type: 'close'};

export interface WorkerTotals {
	/** Lines received by all this worker's clients, sleepers excluded. */
	lines: number;
	welcomed: number;
	/** Clients the server closed (dropped) before we closed them. */
	dropped: number;
	droppedSleepers: number;
	/** Audited per-sender sequence numbers that went backwards or skipped. */
	outOfOrder: number;
	latency: {counts: number[]; total: number; max: number};
}

export type FromWorker =
	| {type: 'connected'}
	| {type: 'sent'; sent: Record<number, number>}
	| {type: 'totals'; totals: WorkerTotals}
	| {type: 'error'; message: string};
