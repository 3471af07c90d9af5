// The status line: where the client is connected, as whom, and the connection state, with a
// countdown while reconnecting.

import {Box, Text} from 'ink';
import type {ClientState} from '../client/chat-client.js';
import {paint} from './palette.js';
import {useNow} from './use-now.js';

export function StatusBar({state, address}: {state: ClientState; address: string}) {
	const now = useNow(state.status === 'reconnecting');
	return (
		<Box justifyContent="space-between">
			<Text>{describe(state, address, now)}</Text>
			<Text dimColor>Ctrl-C quits</Text>
		</Box>
	);
}

function describe(state: ClientState, address: string, now: number) {
	switch (state.status) {
		case 'connecting':
			return <Text color={paint('yellow')}>○ connecting to {address}…</Text>;
		case 'connected':
			return state.name ? (
				<Text color={paint('green')}>
					● connected to {address} as <Text bold>{state.name}</Text>
				</Text>
			) : (
				<Text color={paint('green')}>● connected to {address}, choosing a name</Text>
			);
		case 'reconnecting': {
			const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
			return (
				<Text color={paint('yellow')}>
					↻ {state.reason}; reconnecting to {address} in {seconds}s
				</Text>
			);
		}
		case 'closed':
			return <Text color={paint('red')}>■ closed ({state.reason})</Text>;
	}
}
