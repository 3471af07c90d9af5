// The server's limits and settings: their defaults, and the validated shape the server runs with.
// Shared by the library (`startServer`) and the CLI flags, so a default is written down once.

import type {EventLog} from './event-log.js';

export interface ServerLimits {
	/** Longest accepted line in bytes, not counting LF and CR. */
	maxLineBytes: number;
	/** Seconds a connection may take to give a valid name. */
	nameTimeoutSeconds: number;
	/** Open connections at once, named or not. */
	maxClients: number;
	/** Bytes a connection's socket may still hold, unsent, before the next batch; past it, dropped. */
	maxQueueBytes: number;
	/** Lines per second per connection (the name prompt's too); 0 turns flood control off. */
	rateLinesPerSecond: number;
	/** Chat lines and actions each room keeps for newcomers; 0 turns history off. */
	historyLines: number;
	/** Rooms that may exist at once, `#lobby` included. */
	maxRooms: number;
	/** Connections at once from one address; 0 turns the limit off. */
	maxPerAddress: number;
}

/** A certificate chain and its private key, PEM. */
export interface TlsCredentials {
	cert: string | Buffer;
	key: string | Buffer;
}

export interface ServerOptions extends Partial<ServerLimits> {
	/** TCP port; 0 picks a free one. Default 4242. */
	port?: number;
	/** Address to listen on; default every interface (`::` dual-stack, else `0.0.0.0`). */
	host?: string;
	/** Where join/leave/drop events go; default nowhere. */
	log?: EventLog;
	/** Milliseconds `close()` waits for clients to take the shutdown notice before cutting them off. */
	shutdownGraceMs?: number;
	/** Also listen with TLS, with these credentials (`startServer`). */
	tls?: TlsCredentials;
	/** The TLS port; default 4243. */
	tlsPort?: number;
	/** Listen on plain TCP too (`startServer`); default true. */
	plain?: boolean;
	/** The operator password; none means there are no operators. */
	operatorPassword?: string;
	/** Where bans are kept across restarts; none keeps them in memory only. */
	stateDir?: string;
	/** Be one of a cluster of servers sharing a Redis (see docs/cluster.md). */
	cluster?: ClusterOptions;
}

export interface ClusterOptions {
	/** `redis://HOST:PORT[/DB]`. */
	redisUrl: string;
	/** Prefix of every key and channel; default `natter`. */
	name?: string;
	/** Seconds after which the users of an instance that went silent are announced gone; default 10. */
	timeoutSeconds?: number;
}

export const DEFAULT_CLUSTER_NAME = 'natter';
export const DEFAULT_CLUSTER_TIMEOUT_SECONDS = 10;

export const DEFAULT_PORT = 4242;
export const DEFAULT_TLS_PORT = 4243;

export const DEFAULT_LIMITS: Readonly<ServerLimits> = {
	maxLineBytes: 4096,
	nameTimeoutSeconds: 60,
	maxClients: 10_000,
	maxQueueBytes: 1024 * 1024,
	rateLinesPerSecond: 10,
	historyLines: 20,
	maxRooms: 1000,
	maxPerAddress: 0,
};

/** Limits that may be 0 (off); every other limit must be positive. */
const MAY_BE_ZERO: ReadonlySet<keyof ServerLimits> = new Set([
	'rateLinesPerSecond',
	'historyLines',
]);

export const DEFAULT_SHUTDOWN_GRACE_MS = 2000;

/** Limits with defaults filled in; throws a RangeError naming the first invalid one. */
export function resolveLimits(options: Partial<ServerLimits>): ServerLimits {
	const limits = {...DEFAULT_LIMITS};
	for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ServerLimits)[]) {
		const value = options[key];
		if (value === undefined) continue;
		const positive = !MAY_BE_ZERO.has(key);
		if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) {
			throw new RangeError(`${key} must be a ${positive ? 'positive' : 'non-negative'} number`);
		}
		limits[key] = value;
	}
	return limits;
}
