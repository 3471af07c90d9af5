// The messages between the benchmark coordinator and its generator workers (over fork IPC).

export type Role = 'sender' | 'receiver' | 'sleeper';

export interface ClientSpec {
	index: number;
	name: string;
	role: Role;
	/** Audited clients parse every line: per-sender order and latency. */
	audit: boolean;
	/** The room it moves to in the join phase; a room's clients all go to one worker. */
	room?: string;
}

/** What senders write: a line to their room, or `/msg NAME` to a random other in their worker. */
export type SendMode = 'say' | 'dm';

export type ToWorker =
	/** Client K connects to `ports[K mod ports.length]` (several: instances of a cluster), over TLS if `tls`. */
	| {type: 'connect'; ports: number[]; tls: boolean; clients: ClientSpec[]; concurrency: number}
	/** Every client with a room sends `/join ROOM` and waits until it is in. */
	| {type: 'join'}
	| {type: 'send'; durationMs: number; linesPerSecond: number; mode: SendMode}
	| {type: 'poll'}
	| {type: 'close'};

export interface WorkerTotals {
	/** Lines received by all this worker's clients, sleepers excluded. */
	lines: number;
	/** Bytes those lines took, as the server wrote them (before TLS), sleepers excluded. */
	bytes: number;
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
	/** Every client is in its room; history blocks held this many lines in all. */
	| {type: 'joined'; historyLines: number}
	| {type: 'sent'; sent: Record<number, number>}
	| {type: 'totals'; totals: WorkerTotals}
	| {type: 'error'; message: string};
