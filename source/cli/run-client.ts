// Runs a connected client for a person: the Ink UI in a terminal, the plain line mode when stdin
// or stdout is a pipe. Shared by `chat connect` and `chat demo`; resolves with the exit code.

import type {ChatClient} from '../client/chat-client.js';
import {runLineMode} from './line-mode.js';
import {PROGRAM} from './program-name.js';

/**
 * True when a person is at a terminal that can move the cursor: both stdin and stdout are TTYs,
 * and TERM is not `dumb` (Emacs shell-mode and the like get the plain line mode).
 */
export const isTerminal = (): boolean =>
	Boolean(process.stdin.isTTY && process.stdout.isTTY) && process.env.TERM !== 'dumb';

/** How a person wants the client: the demo's intro lines, and whether the bell may ring. */
export interface ClientUiOptions {
	intro?: readonly string[];
	/** Ring the terminal bell for mentions and private messages; default true. */
	bell?: boolean;
}

export async function runClient(
	client: ChatClient,
	options: ClientUiOptions = {},
): Promise<number> {
	// The line mode ends itself after its own quit (end of stdin); a quit from elsewhere, such as a
	// signal (signals.ts), must end it too.
	if (!isTerminal()) {
		if (client.insecure) {
			process.stderr.write(
				`${PROGRAM} connect: warning: the server's certificate is not checked (--insecure)\n`,
			);
		}
		return Promise.race([runLineMode(client, options), quitElsewhere(client)]);
	}
	// Ink and React load only for the terminal UI: serve and the line mode start faster without them.
	const {runInteractive} = await import('./interactive.js');
	return runInteractive(client, options.intro, {
		bell: options.bell ?? true,
		insecure: client.insecure,
	});
}

/** Resolves with exit code 0 once the client has quit, whoever asked it to. */
function quitElsewhere(client: ChatClient): Promise<number> {
	return new Promise((resolve) => {
		client.on('state', (state) => {
			if (state.status === 'closed' && state.reason === 'quit') resolve(0);
		});
	});
}
