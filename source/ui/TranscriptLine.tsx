// One line of the conversation: a dim time stamp, then the entry drawn by its kind (messages with
// the sender's colour, your own marked as yours, joins, leaves, notices). Text is already sanitised.

import {Text} from 'ink';
import {paint} from './palette.js';
import {type Entry, formatTime, nameColor} from './transcript-entries.js';

export function TranscriptLine({entry}: {entry: Entry}) {
	return (
		<Text wrap="wrap">
			<Text dimColor>{formatTime(entry.time)} </Text>
			<Body entry={entry} />
		</Text>
	);
}

function Body({entry}: {entry: Entry}) {
	switch (entry.kind) {
		case 'message':
			return (
				<Text>
					<Text bold color={paint(nameColor(entry.from ?? ''))}>
						{entry.from}
					</Text>
					: {entry.text}
				</Text>
			);
		case 'own':
			return (
				<Text>
					<Text bold>{entry.from ?? 'you'}</Text>
					<Text dimColor> (you)</Text>: {entry.text}
				</Text>
			);
		case 'join':
			return <Text color={paint('green')}>{entry.text}</Text>;
		case 'leave':
			return <Text color={paint('red')}>{entry.text}</Text>;
		case 'notice':
			return <Text color={paint('yellow')}>{entry.text}</Text>;
		case 'info':
			return <Text color={paint('cyan')}>{entry.text}</Text>;
		case 'gap':
			return <Text dimColor>{entry.text}</Text>;
		case 'other':
			return <Text>{entry.text}</Text>;
	}
}
