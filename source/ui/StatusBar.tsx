// The status line (text from status-text.ts), cut to one row with an ellipsis rather than wrapped:
// it must fit a 40-column terminal, and a wrapped live line is what leaves stale copies behind
// when the terminal is resized.

import {Text} from 'ink';
import {paint} from './palette.js';
import {type StatusInfo, statusText} from './status-text.js';
import {useNow} from './use-now.js';

/** What the status line says (without the time, which it reads itself). */
export interface StatusBarProps extends Omit<StatusInfo, 'now'> {
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
