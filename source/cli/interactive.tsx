// `chat connect` in a terminal: renders the Ink client and leaves the terminal as it found it,
// whether the person quits or the connection is lost for good. A signal quits the client (see
// signals.ts, installed by the command), which ends the app as typing quit does. Ink draws on a
// TerminalOutput, which handles resizes, /clear and Ctrl-Z around it.

import {render} from 'ink';
import type {ChatClient} from '../client/chat-client.js';
import {ChatApp} from '../ui/ChatApp.js';
import {PROGRAM} from './program-name.js';
import {TerminalOutput} from './terminal-output.js';

export interface InteractiveOptions {
	/** Ring the bell for mentions and private messages (`--no-bell`); default true. */
	bell?: boolean;
	/** TLS without checking the certificate (`--insecure`): shown in the status line. */
	insecure?: boolean;
}

/** Resolves with the exit code (0 after quitting, 1 if the connection was lost for good). */
export function runInteractive(
	client: ChatClient,
	intro: readonly string[] = [],
	{bell = true, insecure = false}: InteractiveOptions = {},
): Promise<number> {
	const output = new TerminalOutput(process.stdout);
	output.start();
	const terminal = {
		bell: output.bell,
		clear: output.clear,
		suspend: () => output.suspend(),
		liveRows: output.setLiveRows,
		onRepaint: output.onRepaint,
	};
	const app = render(
		<ChatApp
			client={client}
			intro={intro}
			bell={bell}
			insecure={insecure}
			terminal={terminal}
			onExit={() => app.unmount()}
		/>,
		{exitOnCtrlC: false, stdout: output as unknown as NodeJS.WriteStream},
	);
	return app.waitUntilExit().then(() => {
		output.close();
		const state = client.state;
		if (state.status === 'closed' && state.reason !== 'quit') {
			process.stderr.write(`${PROGRAM} connect: connection lost: ${state.reason}\n`);
			return 1;
		}
		return 0;
	});
}
