// `chat connect` when stdin or stdout is not a terminal: no Ink, just lines. Stdin lines go to
// the server (without --name the first is the name), server lines go to stdout, and the end of
// stdin says quit and exits once Bye! arrives. Lines wait in order while the client is not in the
// room, so none is lost or taken for a name.

import readline from 'node:readline';
import type {ChatClient} from '../client/chat-client.js';
import type {ServerLine} from '../protocol/server-line.js';

/**
 * Runs a client whose `connect()` has resolved. Resolves with the exit code: 0 after a clean
 * quit, 1 if the connection was lost for good or stdin ended before any name was accepted.
 */
export function runLineMode(
	client: ChatClient,
	options: {intro?: readonly string[]} = {},
): Promise<number> {
	return new Promise((resolve) => {
		const waiting: string[] = [];
		let inputEnded = false;
		let quitting = false;
		let finished = false;

		const finish = (code: number, message?: string) => {
			if (finished) return;
			finished = true;
			if (message) process.stderr.write(`chat connect: ${message}\n`);
			input.close();
			resolve(code);
		};

		const quit = (code: number, message?: string) => {
			quitting = true;
			void client.quit({timeoutMs: 0}).then(() => finish(code, message));
		};

		/** Sends what is waiting, as far as the client's state allows; quits once stdin is done. */
		const pump = () => {
			if (quitting || finished) return;
			for (;;) {
				const state = client.state;
				const next = waiting[0];
				if (next === undefined) break;
				const sent =
					state.status === 'connected'
						? client.send(next)
						: state.status === 'naming' && state.offered === undefined && client.chooseName(next);
				if (!sent) break;
				waiting.shift();
			}
			if (!inputEnded || waiting.length > 0) return;
			const state = client.state;
			if (state.status === 'connected') quit(0);
			else if (state.status === 'naming' && state.offered === undefined) {
				quit(
					1,
					`no name accepted before the end of input${state.refusal ? `: ${state.refusal}` : ''}`,
				);
			}
		};

		client.on('line', (line: ServerLine) => process.stdout.write(`${line.text}\n`));
		client.on('state', (state) => {
			if (state.status === 'closed' && state.reason !== 'quit') {
				finish(1, `connection lost: ${state.reason}`);
			} else pump();
		});

		for (const text of options.intro ?? []) process.stdout.write(`${text}\n`);
		client.release();

		const input = readline.createInterface({
			input: process.stdin,
			crlfDelay: Number.POSITIVE_INFINITY,
		});
		input.on('line', (text) => {
			waiting.push(text);
			pump();
		});
		input.on('close', () => {
			inputEnded = true;
			pump();
		});
	});
}
