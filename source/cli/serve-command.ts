// `chat serve`: the headless server as a command: flags to limits, a `Listening on` line per
// listener, event logging to stderr, a TLS certificate reload on SIGHUP, and a clean exit on
// SIGINT/SIGTERM.

import {formatHostPort} from '../net/host-port.js';
import {ChatServer} from '../server/chat-server.js';
import {streamLog} from '../server/event-log.js';
import {
	type ClusterOptions,
	DEFAULT_CLUSTER_NAME,
	DEFAULT_CLUSTER_TIMEOUT_SECONDS,
	DEFAULT_LIMITS,
	DEFAULT_PORT,
	DEFAULT_TLS_PORT,
	type ServerLimits,
} from '../server/options.js';
import {parseListenPort, parseNumberFlag} from './flags.js';
import {readOperatorPassword, readTlsCredentials} from './server-secrets.js';
import {exitOnSignals, SIGNAL_EXIT_CODE} from './signals.js';
import {UsageError} from './usage-error.js';

export const serveFlags = {
	port: {type: 'string'},
	host: {type: 'string'},
	maxLine: {type: 'string'},
	nameTimeout: {type: 'string'},
	maxClients: {type: 'string'},
	maxQueue: {type: 'string'},
	rate: {type: 'string'},
	history: {type: 'string'},
	maxRooms: {type: 'string'},
	maxPerAddress: {type: 'string'},
	tlsCert: {type: 'string'},
	tlsKey: {type: 'string'},
	tlsPort: {type: 'string'},
	plain: {type: 'boolean', default: true},
	opPasswordFile: {type: 'string'},
	stateDir: {type: 'string'},
	redis: {type: 'string'},
	cluster: {type: 'string'},
	clusterTimeout: {type: 'string'},
	quiet: {type: 'boolean', default: false},
} as const;

export const serveHelp = (program: string): string => `
	Usage
	  $ ${program} serve [options]

	Runs the chat server. Anyone can join with nc, telnet or ${program} connect.

	Options
	  --port PORT            TCP port to listen on; 0 picks a free one     (default ${DEFAULT_PORT})
	  --host ADDR            Address to listen on             (default every interface: :: or 0.0.0.0)
	  --max-line BYTES       Longest line accepted, without LF/CR            (default ${DEFAULT_LIMITS.maxLineBytes})
	  --name-timeout SECONDS Time a connection has to give a valid name        (default ${DEFAULT_LIMITS.nameTimeoutSeconds})
	  --max-clients N        Open connections at once, named or not         (default ${DEFAULT_LIMITS.maxClients})
	  --max-queue BYTES      Unread bytes a client may fall behind before it is dropped (default ${DEFAULT_LIMITS.maxQueueBytes})
	  --rate LINES           Lines per second per client, bursts of twice that; 0 = off (default ${DEFAULT_LIMITS.rateLinesPerSecond})
	  --history N            Chat lines each room keeps for newcomers; 0 = off  (default ${DEFAULT_LIMITS.historyLines})
	  --max-rooms N          Rooms that may exist at once, #lobby included     (default ${DEFAULT_LIMITS.maxRooms})
	  --max-per-address N    Connections at once from one address; 0 = off   (default ${DEFAULT_LIMITS.maxPerAddress})

	TLS (the same protocol inside TLS; SIGHUP reloads the certificate)
	  --tls-cert FILE        Certificate chain (PEM); with --tls-key, also listen with TLS
	  --tls-key FILE         Private key (PEM)
	  --tls-port PORT        TLS port                                          (default ${DEFAULT_TLS_PORT})
	  --no-plain             Only TLS: no plain TCP listener

	Operators (kick, ban, mute)
	  --op-password-file FILE  The operator password: the file's first line (or NATTER_OP_PASSWORD)
	  --state-dir DIR        Keep bans in DIR/bans.json across restarts

	Cluster (several servers as one chat, see docs/cluster.md)
	  --redis URL            Join the cluster on redis://HOST:PORT[/DB] (or REDIS_URL)
	  --cluster NAME         Prefix of every Redis key and channel            (default ${DEFAULT_CLUSTER_NAME})
	  --cluster-timeout SECONDS  A silent server's users are announced gone after this (default ${DEFAULT_CLUSTER_TIMEOUT_SECONDS})
	  --quiet                Do not log joins, leaves and drops to stderr

	Examples
	  $ ${program} serve
	  $ ${program} serve --port 5000 --max-clients 100 --rate 5
	  $ ${program} serve --history 50 --max-rooms 20
	  $ nc localhost 4242
`;

export interface ServeFlags {
	port?: string;
	host?: string;
	maxLine?: string;
	nameTimeout?: string;
	maxClients?: string;
	maxQueue?: string;
	rate?: string;
	history?: string;
	maxRooms?: string;
	maxPerAddress?: string;
	tlsCert?: string;
	tlsKey?: string;
	tlsPort?: string;
	plain: boolean;
	opPasswordFile?: string;
	stateDir?: string;
	redis?: string;
	cluster?: string;
	clusterTimeout?: string;
	quiet: boolean;
}

/** Turns the flags into limits; throws a UsageError naming the first bad value. */
export function parseServeFlags(flags: ServeFlags): {
	port: number;
	host: string | undefined;
	limits: Partial<ServerLimits>;
} {
	const limits: Partial<ServerLimits> = {};
	const integer = {integer: true, min: 1};
	if (flags.maxLine !== undefined)
		limits.maxLineBytes = parseNumberFlag('max-line', flags.maxLine, integer);
	if (flags.nameTimeout !== undefined)
		limits.nameTimeoutSeconds = parseNumberFlag('name-timeout', flags.nameTimeout, {
			integer: false,
			min: 0,
			exclusiveMin: true,
		});
	if (flags.maxClients !== undefined)
		limits.maxClients = parseNumberFlag('max-clients', flags.maxClients, integer);
	if (flags.maxQueue !== undefined)
		limits.maxQueueBytes = parseNumberFlag('max-queue', flags.maxQueue, integer);
	if (flags.rate !== undefined)
		limits.rateLinesPerSecond = parseNumberFlag('rate', flags.rate, {integer: false, min: 0});
	if (flags.history !== undefined)
		limits.historyLines = parseNumberFlag('history', flags.history, {integer: true, min: 0});
	if (flags.maxRooms !== undefined)
		limits.maxRooms = parseNumberFlag('max-rooms', flags.maxRooms, integer);
	if (flags.maxPerAddress !== undefined)
		limits.maxPerAddress = parseNumberFlag('max-per-address', flags.maxPerAddress, {
			integer: true,
			min: 0,
		});
	const port = parseListenPort(flags.port);
	return {port, host: flags.host || undefined, limits};
}

/** Runs the server until SIGINT/SIGTERM; listen failures reject with a one-line message. */
export async function runServe(flags: ServeFlags): Promise<void> {
	const {port, host, limits} = parseServeFlags(flags);
	const tls = parseTlsFlags(flags);
	const credentials = tls && readTlsCredentials(tls.certFile, tls.keyFile);
	const log = flags.quiet ? () => {} : streamLog(process.stderr);
	const server = new ChatServer({
		...limits,
		log,
		operatorPassword: readOperatorPassword(flags.opPasswordFile),
		stateDir: flags.stateDir,
		cluster: parseClusterFlags(flags),
	});
	await server.ready; // a cluster's Redis out of reach: one line saying so, and exit 1
	if (flags.plain) await listenOr(() => server.listen(port, host), host, port);
	if (tls && credentials) {
		await listenOr(() => server.listenTls(credentials, tls.port, host), host, tls.port);
	}
	// `natter serve :4242` in ps, not just `chat` (or `node`).
	const shownPort = flags.plain ? server.port : tls ? tls.port : port;
	process.title = `natter serve ${host ? formatHostPort(host, shownPort) : `:${shownPort}`}`;
	// Signals are handled before the first line is printed: whoever reads it may signal at once.
	if (tls) {
		process.on('SIGHUP', () => {
			try {
				server.reloadTls(readTlsCredentials(tls.certFile, tls.keyFile));
				log({type: 'info', message: `TLS certificate reloaded from ${tls.certFile}`});
			} catch (error) {
				log({
					type: 'warning',
					message: `TLS certificate not reloaded: ${(error as Error).message}`,
				});
			}
		});
	}
	exitOnSignals(() => server.close().then(() => process.exit(SIGNAL_EXIT_CODE)), {hangup: !tls});
	if (flags.plain) process.stdout.write(`Listening on ${server.displayAddress}\n`);
	if (server.tlsDisplayAddress)
		process.stdout.write(`Listening on ${server.tlsDisplayAddress} (TLS)\n`);
}

/** The cluster flags: `--redis` (or REDIS_URL) joins one; the others need it. */
export function parseClusterFlags(
	flags: ServeFlags,
	env: NodeJS.ProcessEnv = process.env,
): ClusterOptions | undefined {
	const url = flags.redis ?? (env.REDIS_URL || undefined);
	if (url === undefined) {
		if (flags.cluster !== undefined) throw new UsageError('--cluster needs --redis (or REDIS_URL)');
		if (flags.clusterTimeout !== undefined) {
			throw new UsageError('--cluster-timeout needs --redis (or REDIS_URL)');
		}
		return undefined;
	}
	if (!/^rediss?:\/\/[^/\s]+(\/\d+)?\/?$/.test(url)) {
		throw new UsageError(`--redis must be redis://HOST:PORT[/DB] (got "${url}")`);
	}
	if (flags.cluster !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(flags.cluster)) {
		throw new UsageError('--cluster must be 1 to 64 letters, digits, "_", "-" or "."');
	}
	const timeoutSeconds =
		flags.clusterTimeout === undefined
			? undefined
			: parseNumberFlag('cluster-timeout', flags.clusterTimeout, {
					integer: false,
					min: 0,
					exclusiveMin: true,
				});
	return {redisUrl: url, name: flags.cluster, timeoutSeconds};
}

/** The TLS flags, checked together: a port or --no-plain without a certificate is a usage error. */
function parseTlsFlags(
	flags: ServeFlags,
): {certFile: string; keyFile: string; port: number} | undefined {
	const {tlsCert, tlsKey} = flags;
	if (tlsCert === undefined && tlsKey === undefined) {
		if (flags.tlsPort !== undefined)
			throw new UsageError('--tls-port needs --tls-cert and --tls-key');
		if (!flags.plain) throw new UsageError('--no-plain needs --tls-cert and --tls-key');
		return undefined;
	}
	if (tlsCert === undefined) throw new UsageError('--tls-key needs --tls-cert');
	if (tlsKey === undefined) throw new UsageError('--tls-cert needs --tls-key');
	const port =
		flags.tlsPort === undefined
			? DEFAULT_TLS_PORT
			: parseNumberFlag('tls-port', flags.tlsPort, {integer: true, min: 0, max: 65_535});
	return {certFile: tlsCert, keyFile: tlsKey, port};
}

async function listenOr(
	listen: () => Promise<unknown>,
	host: string | undefined,
	port: number,
): Promise<void> {
	try {
		await listen();
	} catch (error) {
		throw new Error(describeListenError(error, host, port));
	}
}

function describeListenError(error: unknown, host: string | undefined, port: number): string {
	const code = (error as NodeJS.ErrnoException).code;
	const where = host ? `${host} port ${port}` : `port ${port}`;
	switch (code) {
		case 'EADDRINUSE':
			return `cannot listen on ${where}: the address is already in use`;
		case 'EACCES':
			return `cannot listen on ${where}: permission denied`;
		case 'EADDRNOTAVAIL':
			return `cannot listen on ${where}: no such address on this machine`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `cannot listen on ${where}: unknown host`;
		default:
			return `cannot listen on ${where}: ${(error as Error).message}`;
	}
}
