// The status line: the connection state, as whom, and where, with a countdown while reconnecting.
// Kept short and unpadded: a line as wide as the terminal would be reflowed by the terminal when
// it narrows, and Ink, which erases by its own line count, would leave a stale copy behind.

import {Text} from 'ink';
import type {ClientState} from '../client/chat-client.js';
import {paint} from './palette.js';
import {useNow} from './use-now.js';

export interface StatusBarProps {
	state: ClientState;
	address: string;
	/** Where the countdown reads the time; for tests. */
	clock?: () => number;
}

export function StatusBar({state, address, clock}: StatusBarProps) {
	const now = useNow(state.status === 'reconnecting', clock);
	switch (state.status) {
		case 'connecting':
			return <Text color={paint('yellow')}>○ connecting · {address}</Text>;
		case 'naming':
			return state.offered === undefined ? (
				<Text color={paint('green')}>● connected · {address} · choose a name</Text>
			) : (
				<Text color={paint('yellow')}>
					○ joining as <Text bold>{state.offered}</Text> · {address}
				</Text>
			);
		case 'connected':
			return (
				<Text color={paint('green')}>
					● connected · <Text bold>{state.name}</Text> @ {address}
				</Text>
			);
		case 'reconnecting': {
			const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
			return (
				<Text color={paint('yellow')}>
					↻ reconnecting in {seconds}s · {address} · {state.reason}
				</Text>
			);
		}
		case 'closed':
			return <Text color={paint('red')}>■ closed · {state.reason}</Text>;
	}
}
