// `chat serve`: the headless server as a command: flags to limits, a `Listening on` line,
// event logging to stderr, and a clean exit on SIGINT/SIGTERM.

import {ChatServer} from '../server/chat-server.js';
import {streamLog} from '../server/event-log.js';
import {DEFAULT_LIMITS, DEFAULT_PORT, type ServerLimits} from '../server/options.js';
import {parseListenPort, parseNumberFlag} from './flags.js';
import {exitOnSignals, SIGNAL_EXIT_CODE} from './signals.js';

export const serveFlags = {
	port: {type: 'string'},
	host: {type: 'string'},
	maxLine: {type: 'string'},
	nameTimeout: {type: 'string'},
	maxClients: {type: 'string'},
	maxQueue: {type: 'string'},
	rate: {type: 'string'},
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
	  --quiet                Do not log joins, leaves and drops to stderr

	Examples
	  $ ${program} serve
	  $ ${program} serve --port 5000 --max-clients 100 --rate 5
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
	const port = parseListenPort(flags.port);
	return {port, host: flags.host || undefined, limits};
}

/** Runs the server until SIGINT/SIGTERM; listen failures reject with a one-line message. */
export async function runServe(flags: ServeFlags): Promise<void> {
	const {port, host, limits} = parseServeFlags(flags);
	const server = new ChatServer({
		...limits,
		log: flags.quiet ? undefined : streamLog(process.stderr),
	});
	try {
		await server.listen(port, host);
	} catch (error) {
		throw new Error(describeListenError(error, host, port));
	}
	process.stdout.write(`Listening on ${server.displayAddress}\n`);
	exitOnSignals(() => server.close().then(() => process.exit(SIGNAL_EXIT_CODE)));
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
