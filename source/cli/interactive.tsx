// `chat connect` in a terminal: renders the Ink client and leaves the terminal as it found it,
// whether the person quits or the connection is lost for good. A signal quits the client (see
// signals.ts, installed by the command), which ends the app as typing quit does.

import {render} from 'ink';
import type {ChatClient} from '../client/chat-client.js';
import {ChatApp} from '../ui/ChatApp.js';
import {PROGRAM} from './program-name.js';

/** Resolves with the exit code (0 after quitting, 1 if the connection was lost for good). */
export function runInteractive(
	client: ChatClient,
	intro: readonly string[] = [],
	// The UI's options; ChatApp takes them as props once the social-layer client lands.
	_ui: {bell: boolean; insecure: boolean} = {bell: true, insecure: false},
): Promise<number> {
	const app = render(<ChatApp client={client} intro={intro} onExit={() => app.unmount()} />, {
		exitOnCtrlC: false,
	});
	return app.waitUntilExit().then(() => {
		const state = client.state;
		if (state.status === 'closed' && state.reason !== 'quit') {
			process.stderr.write(`${PROGRAM} connect: connection lost: ${state.reason}\n`);
			return 1;
		}
		return 0;
	});
}
