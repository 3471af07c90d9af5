// `chat connect [HOST]`: connects first (so a failure is one line and exit 1), then runs the Ink
// client in a terminal, or the plain line mode when stdin or stdout is a pipe.

import {ChatClient} from '../client/chat-client.js';
import {NameRefusedError} from '../client/naming.js';
import {formatHostPort} from '../net/host-port.js';
import {DEFAULT_PORT} from '../server/options.js';
import {parseNameFlag} from './flags.js';
import {runClient} from './run-client.js';
import {exitOnSignals, SIGNAL_EXIT_CODE} from './signals.js';
import {parseTarget} from './target.js';

export const connectFlags = {
	port: {type: 'string'},
	name: {type: 'string'},
	reconnect: {type: 'boolean', default: true},
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
	  $ printf 'hello\\n' | ${program} connect localhost --name bot
`;

export interface ConnectFlags {
	port?: string;
	name?: string;
	reconnect: boolean;
}

export async function runConnect(flags: ConnectFlags, input: string[]): Promise<void> {
	const target = parseTarget(input[0], flags.port);
	const name = parseNameFlag(flags.name);
	process.title = `natter connect ${formatHostPort(target.host, target.port)}`;
	const client = new ChatClient({...target, name, reconnect: flags.reconnect});
	client.hold(); // until the UI or the line mode has subscribed
	exitOnSignals(() => client.quit()); // ends the client as typing quit does, even while joining
	try {
		await client.connect(); // with --name, until welcomed: a refusal or a silent server ends here
	} catch (error) {
		const {state} = client;
		if (state.status === 'closed' && state.reason === 'quit') process.exit(SIGNAL_EXIT_CODE);
		if (error instanceof NameRefusedError) throw error;
		throw new Error(
			`cannot connect to ${formatHostPort(target.host, target.port)}: ${(error as Error).message}`,
		);
	}
	const code = await runClient(client);
	process.exit(code);
}
