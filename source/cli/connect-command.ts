// `chat connect [HOST]`: connects first (so a failure is one line and exit 1), then runs the Ink
// client in a terminal, or the plain line mode when stdin or stdout is a pipe.

import {readFileSync} from 'node:fs';
import tls from 'node:tls';
import {ChatClient, type ClientTls} from '../client/chat-client.js';
import {NameRefusedError} from '../client/naming.js';
import {formatHostPort} from '../net/host-port.js';
import {DEFAULT_PORT, DEFAULT_TLS_PORT} from '../server/options.js';
import {parseNameFlag, parseRoomFlag} from './flags.js';
import {runClient} from './run-client.js';
import {exitOnSignals, SIGNAL_EXIT_CODE} from './signals.js';
import {parseTargets} from './target.js';
import {UsageError} from './usage-error.js';

export const connectFlags = {
	port: {type: 'string'},
	name: {type: 'string'},
	room: {type: 'string'},
	reconnect: {type: 'boolean', default: true},
	bell: {type: 'boolean', default: true},
	tls: {type: 'boolean', default: false},
	ca: {type: 'string'},
	insecure: {type: 'boolean', default: false},
} as const;

export const connectHelp = (program: string): string => `
	Usage
	  $ ${program} connect [HOST[:PORT]] [options]

	Joins a chat server (natter's, or any that speaks its protocol).

	Options
	  --port PORT     Server port, when not given as HOST:PORT  (default ${DEFAULT_PORT})
	  --name NAME     Answer the name prompt with NAME          (default: type it when asked)
	  --no-reconnect  Exit with code 1 when the connection is lost, instead of reconnecting

	HOST defaults to localhost. In a terminal you get the full-screen client; when stdin or
	stdout is a pipe, plain lines: stdin lines are sent, server lines are printed, and the
	end of stdin says quit.

	Keys
	  Enter               send the line           Up / Down         previous / next sent line
	  Left / Right        move the cursor         Ctrl-Left/Right   move by word (also Alt-B / Alt-F)
	  Home / End          start / end of line     Ctrl-A / Ctrl-E   start / end of line
	  Backspace / Delete  delete before / under   Ctrl-U / Ctrl-K   delete to start / to end
	  Ctrl-W              delete the word before  Ctrl-C, Ctrl-D    leave (Ctrl-D on an empty line)
	  quit or /quit       leave

	Examples
	  $ ${program} connect
	  $ ${program} connect chat.example.org:4242 --name Zoë
	  $ ${program} connect --tls chat.example.org --room dev
	  $ ${program} connect a.example:4242,b.example:4242
	  $ printf 'hello\\n' | ${program} connect localhost --name bot
`;

export interface ConnectFlags {
	port?: string;
	name?: string;
	room?: string;
	reconnect: boolean;
	bell: boolean;
	tls: boolean;
	ca?: string;
	insecure: boolean;
}

export async function runConnect(flags: ConnectFlags, input: string[]): Promise<void> {
	const tls = parseTlsOptions(flags);
	const servers = parseTargets(input[0], flags.port, tls ? DEFAULT_TLS_PORT : DEFAULT_PORT);
	const name = parseNameFlag(flags.name);
	const room = parseRoomFlag(flags.room);
	process.title = `natter connect ${servers.map((server) => formatHostPort(server.host, server.port)).join(',')}`;
	const client = new ChatClient({servers, name, room, tls, reconnect: flags.reconnect});
	client.hold(); // until the UI or the line mode has subscribed
	exitOnSignals(() => client.quit()); // ends the client as typing quit does, even while joining
	try {
		await client.connect(); // with --name, until welcomed: a refusal or a silent server ends here
	} catch (error) {
		const {state} = client;
		if (state.status === 'closed' && state.reason === 'quit') process.exit(SIGNAL_EXIT_CODE);
		if (error instanceof NameRefusedError) throw error;
		throw new Error(
			`cannot connect to ${formatHostPort(client.host, client.port)}: ${(error as Error).message}`,
		);
	}
	const code = await runClient(client, {bell: flags.bell});
	process.exit(code);
}

/** `--tls`, `--ca FILE` and `--insecure` as the client's TLS option (either of the last two implies TLS). */
function parseTlsOptions(flags: ConnectFlags): ClientTls | undefined {
	if (!flags.tls && flags.ca === undefined && !flags.insecure) return undefined;
	if (flags.insecure && flags.ca !== undefined) {
		throw new UsageError('--ca and --insecure contradict each other: trust a CA, or check nothing');
	}
	if (flags.insecure) return {rejectUnauthorized: false};
	if (flags.ca === undefined) return true;
	let ca: string;
	try {
		ca = readFileSync(flags.ca, 'utf8');
	} catch (error) {
		throw new Error(`cannot read the CA file ${flags.ca}: ${(error as Error).message}`);
	}
	if (!/-----BEGIN CERTIFICATE-----/.test(ca)) {
		throw new Error(`the CA file ${flags.ca} holds no PEM certificate`);
	}
	// The system's CAs and the given ones: `ca` alone would replace the system's.
	return {ca: [...tls.rootCertificates, ca].join('\n')};
}
