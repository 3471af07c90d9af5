// The input line: a prompt, the text with an inverse-video cursor over a whole grapheme (so wide
// characters and emoji keep it in place), and a hint while the line is empty. A long line is laid
// out in rows of the terminal's width and at most MAX_ROWS are shown, those around the cursor
// (input-layout.ts): the live area never outgrows the window, so Ink never clears the terminal.

import {Box, Text, useStdout} from 'ink';
import {layoutInput} from './input-layout.js';
import type {EditorState} from './line-editor.js';
import {paint} from './palette.js';

export const PROMPT = '› ';
const MAX_ROWS = 3;

/** How many input rows fit: at most MAX_ROWS, and room left for the status line and a transcript row. */
const inputRows = (terminalRows: number | undefined): number =>
	Math.max(1, Math.min(MAX_ROWS, (terminalRows || 24) - 3));

/** The rows the input takes in a terminal of `columns` × `terminalRows` (the hint takes one). */
export function inputLayout(
	editor: EditorState,
	columns: number,
	terminalRows: number | undefined,
) {
	// One column spare, so a full row never leaves the terminal waiting to wrap.
	const width = Math.max(4, columns - 1);
	return layoutInput(editor.chars, editor.cursor, width, PROMPT.length, inputRows(terminalRows));
}

export function InputLine({editor, placeholder}: {editor: EditorState; placeholder: string}) {
	const {stdout} = useStdout();
	if (editor.chars.length === 0) {
		return (
			<Text wrap="truncate-end">
				<Text color={paint('cyan')}>{PROMPT}</Text>
				<Text inverse> </Text>
				<Text dimColor>{placeholder}</Text>
			</Text>
		);
	}
	const rows = inputLayout(editor, stdout.columns || 80, stdout.rows);
	return (
		<Box flexDirection="column">
			{rows.map((row, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: rows are positions, not items
				<Text key={index} wrap="truncate-end">
					<Text color={paint('cyan')}>{row.first ? PROMPT : '  '}</Text>
					{row.cursor === undefined ? (
						row.chars.join('')
					) : (
						<>
							{row.chars.slice(0, row.cursor).join('')}
							<Text inverse>{row.chars[row.cursor] ?? ' '}</Text>
							{row.chars.slice(row.cursor + 1).join('')}
						</>
					)}
				</Text>
			))}
		</Box>
	);
}
