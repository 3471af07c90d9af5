// One line of the conversation: a dim time stamp, then the entry drawn by its kind (see
// line-look.ts). Long lines are wrapped here, at spaces, into rows drawn under the text after the
// name (a hanging indent), so no continuation starts with a stray space. Text is already sanitised.

import {Box, Text, useStdout} from 'ink';
import {type LineLook, lineLook} from './line-look.js';
import {textWidth} from './text-width.js';
import {type Entry, formatTime} from './transcript-entries.js';
import {wrapText} from './wrap-text.js';

const TIME_WIDTH = 6; // "HH:MM "

export function TranscriptLine({entry, columns}: {entry: Entry; columns?: number}) {
	const {stdout} = useStdout();
	const width = columns ?? (stdout.columns || 80);
	const look: LineLook = lineLook(entry);
	const prefixWidth = TIME_WIDTH + textWidth(look.prefix.map((segment) => segment.text).join(''));
	const bodyWidth = Math.max(10, width - prefixWidth);
	const time = <Text dimColor>{entry.history ? '      ' : `${formatTime(entry.time)} `}</Text>;
	const prefix = look.prefix.map((segment, index) => (
		// biome-ignore lint/suspicious/noArrayIndexKey: the segments of one line never move
		<Text key={index} {...segment}>
			{segment.text}
		</Text>
	));
	// Most lines fit one row (no grapheme is wider than 2 columns): one Text, no layout boxes.
	if (look.body.length * 2 <= bodyWidth) {
		return (
			<Text wrap="truncate-end">
				{time}
				{prefix}
				<Text {...look.bodyStyle}>{look.body}</Text>
			</Text>
		);
	}
	const rows = wrapText(look.body, bodyWidth);
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
