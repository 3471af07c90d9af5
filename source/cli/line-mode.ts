// `chat connect` when stdin or stdout is not a terminal: no Ink, just lines. Stdin lines go to
// the server, server lines go to stdout, and the end of stdin says quit and exits once Bye! arrives.

import readline from 'node:readline';
import type {ChatClient} from '../client/chat-client.js';
import type {ServerLine} from '../protocol/server-line.js';

/** Resolves with the exit code: 0 after a clean quit, 1 if the connection or the name failed. */
export function runLineMode(
	client: ChatClient,
	options: {name?: string; intro?: readonly string[]},
): Promise<number> {
	return new Promise((resolve) => {
		const waiting: string[] = [];
		let named = options.name === undefined; // without --name, stdin's first line is the name
		let offered = false;
		let lastNotice = '';
		let inputEnded = false;
		let finished = false;

		const finish = (code: number, message?: string) => {
			if (finished) return;
			finished = true;
			if (message) process.stderr.write(`chat connect: ${message}\n`);
			input.close();
			resolve(code);
		};

		const quit = () => {
			void client.quit({timeoutMs: 0}).then(() => finish(0));
		};

		const onLine = (line: ServerLine) => {
			process.stdout.write(`${line.text}\n`);
			if (line.kind === 'notice') lastNotice = line.body;
			if (line.kind === 'prompt' && options.name !== undefined) {
				if (offered) {
					finish(1, `the server did not accept the name "${options.name}": ${lastNotice}`);
					client.close();
				}
				offered = true;
			}
			if (line.kind === 'welcome' && !named) {
				named = true;
				for (const queued of waiting.splice(0)) client.send(queued);
				if (inputEnded) quit();
			}
		};
		client.on('line', onLine);
		client.on('state', (state) => {
			if (state.status === 'closed' && state.reason !== 'quit') {
				finish(1, `connection lost: ${state.reason}`);
			}
		});

		for (const text of options.intro ?? []) process.stdout.write(`${text}\n`);
		client.release();

		const input = readline.createInterface({
			input: process.stdin,
			crlfDelay: Number.POSITIVE_INFINITY,
		});
		input.on('line', (text) => {
			if (named) client.send(text);
			else waiting.push(text);
		});
		input.on('close', () => {
			inputEnded = true;
			if (named && !finished) quit();
		});
	});
}
