// The client-render baseline: the Ink chat client a tutorial would write. Every line goes into
// one array in state, set once per line, and the whole conversation is drawn on every render.

import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import type {ChatClient} from '../../source/client/chat-client.js';

export function NaiveApp({client}: {client: ChatClient}) {
	const [lines, setLines] = useState<string[]>([]);
	useEffect(() => {
		const onLine = (line: {text: string}) => setLines((previous) => [...previous, line.text]);
		client.on('line', onLine);
		client.release();
		return () => {
			client.off('line', onLine);
		};
	}, [client]);
	return (
		<Box flexDirection="column">
			{lines.map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: the naive baseline, on purpose
				<Text key={index}>{line}</Text>
			))}
			<Text>› </Text>
		</Box>
	);
}
