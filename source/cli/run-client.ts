// Runs a connected client for a person: the Ink UI in a terminal, the plain line mode when stdin
// or stdout is a pipe. Shared by `chat connect` and `chat demo`; resolves with the exit code.

import type {ChatClient} from '../client/chat-client.js';
import {runLineMode} from './line-mode.js';

/** True when a person is at a terminal (both stdin and stdout are TTYs). */
export const isTerminal = (): boolean => Boolean(process.stdin.isTTY && process.stdout.isTTY);

export async function runClient(
	client: ChatClient,
	options: {intro?: readonly string[]} = {},
): Promise<number> {
	if (!isTerminal()) return runLineMode(client, options);
	// Ink and React load only for the terminal UI: serve and the line mode start faster without them.
	const {runInteractive} = await import('./interactive.js');
	return runInteractive(client, options.intro);
}
