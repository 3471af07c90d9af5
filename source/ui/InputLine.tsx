// The input line: a prompt, the text with an inverse-video cursor over a whole grapheme (so wide
// characters and emoji keep it in place), and a hint while the line is empty.

import {Text} from 'ink';
import type {EditorState} from './line-editor.js';
import {paint} from './palette.js';

export function InputLine({editor, placeholder}: {editor: EditorState; placeholder: string}) {
	const {chars, cursor} = editor;
	if (chars.length === 0) {
		return (
			<Text>
				<Text color={paint('cyan')}>› </Text>
				<Text inverse> </Text>
				<Text dimColor>{placeholder}</Text>
			</Text>
		);
	}
	return (
		<Text wrap="wrap">
			<Text color={paint('cyan')}>› </Text>
			{chars.slice(0, cursor).join('')}
			<Text inverse>{chars[cursor] ?? ' '}</Text>
			{chars.slice(cursor + 1).join('')}
		</Text>
	);
}
