// The status line (text from status-text.ts), cut to one row with an ellipsis rather than wrapped:
// it must fit a 40-column terminal, and a wrapped live line is what leaves stale copies behind
// when the terminal is resized.

import {Text} from 'ink';
import type {ClientState} from '../client/chat-client.js';
import {paint} from './palette.js';
import {statusText} from './status-text.js';
import {useNow} from './use-now.js';

export interface StatusBarProps {
	state: ClientState;
	address: string;
	room?: string;
	count?: number;
	away?: boolean;
	insecure?: boolean;
	/** Where the countdown reads the time; for tests. */
	clock?: () => number;
}

export function StatusBar({clock, ...info}: StatusBarProps) {
	const now = useNow(info.state.status === 'reconnecting', clock);
	const {text, tone} = statusText({...info, now});
	return (
		<Text wrap="truncate-end" color={paint(tone)}>
			{text}
		</Text>
	);
}
