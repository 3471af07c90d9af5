// One line of the conversation: a dim time stamp, then the entry drawn by its kind (see
// line-look.ts). Long lines are wrapped here, at spaces, into rows drawn under the text after the
// name (a hanging indent; see transcript-layout.ts), so no continuation starts with a stray space.
// Text is already sanitised.

import {Box, Text, useStdout} from 'ink';
import {type Entry, formatTime} from './transcript-entries.js';
import {layoutEntry} from './transcript-layout.js';

export interface TranscriptLineProps {
	entry: Entry;
	/** The width to lay out for; the terminal's by default. */
	columns?: number;
	/** Rows to leave out at the top (a repainted screen begins inside this entry). */
	skip?: number;
}

export function TranscriptLine({entry, columns, skip = 0}: TranscriptLineProps) {
	const {stdout} = useStdout();
	const {look, prefixWidth, rows} = layoutEntry(entry, columns ?? (stdout.columns || 80));
	if (rows && skip > 0) {
		// Only the last rows, under where the body would begin.
		return (
			<Box>
				<Text>{' '.repeat(prefixWidth)}</Text>
				<Box flexDirection="column">
					{rows.slice(skip).map((row, index) => (
						// biome-ignore lint/suspicious/noArrayIndexKey: rows of one line never move
						<Text key={index} {...look.bodyStyle}>
							{row}
						</Text>
					))}
				</Box>
			</Box>
		);
	}
	const time = <Text dimColor>{entry.history ? '      ' : `${formatTime(entry.time)} `}</Text>;
	const prefix = look.prefix.map((segment, index) => (
		// biome-ignore lint/suspicious/noArrayIndexKey: the segments of one line never move
		<Text key={index} {...segment}>
			{segment.text}
		</Text>
	));
	if (!rows) {
		return (
			<Text wrap="truncate-end">
				{time}
				{prefix}
				<Text {...look.bodyStyle}>{look.body}</Text>
			</Text>
		);
	}
	return (
		<Box>
			{time}
			{prefix}
			<Box flexDirection="column">
				{rows.map((row, index) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: rows of one line never move
					<Text key={index} {...look.bodyStyle}>
						{row}
					</Text>
				))}
			</Box>
		</Box>
	);
}
