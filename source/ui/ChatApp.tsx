// The whole client screen: the conversation, the status line and the input line, wired to a
// ChatClient. Keys edit the line; Enter sends; quit, /quit, Ctrl-C and Ctrl-D on an empty line leave.

import {Box} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import type {ChatClient} from '../client/chat-client.js';
import {formatHostPort} from '../net/host-port.js';
import {isQuitCommand} from '../protocol/wire.js';
import {InputLine} from './InputLine.js';
import type {Key} from './keys.js';
import {type EditorState, editLine, emptyEditor} from './line-editor.js';
import {StatusBar} from './StatusBar.js';
import {Transcript} from './Transcript.js';
import {entry} from './transcript-entries.js';
import {useChat} from './use-chat.js';
import {useKeys} from './use-keys.js';

export interface ChatAppProps {
	client: ChatClient;
	/** Called once the client has closed (quit, or lost for good) and the last lines are drawn. */
	onExit: () => void;
	/** Lines shown at the top of the conversation. */
	intro?: readonly string[];
}

export function ChatApp({client, onExit, intro}: ChatAppProps) {
	const {batch, state, append, flush} = useChat(client, intro);
	const [leaving, setLeaving] = useState(false);
	const [editor, setEditor] = useState<EditorState>(emptyEditor);
	const editorRef = useRef(editor);
	editorRef.current = editor;
	const quitting = useRef(false);

	const quit = useCallback(() => {
		if (quitting.current) return;
		quitting.current = true;
		void client.quit();
	}, [client]);

	// Once closed, draw what is pending (such as Bye!) without the status and input lines, then exit.
	useEffect(() => {
		if (state.status !== 'closed') return;
		quitting.current = true;
		flush();
		setLeaving(true);
	}, [state.status, flush]);
	useEffect(() => {
		if (leaving) onExit();
	}, [leaving, onExit]);

	const submit = useCallback(
		(line: string) => {
			if (isQuitCommand(line.trim())) {
				quit();
				return;
			}
			if (!line.trim()) return;
			const state = client.state;
			const notSent = () => append(entry('notice', `*** Not connected; not sent: ${line}`));
			if (state.status === 'naming') {
				// At the prompt a line is a name (shown once the server welcomes it), one at a time.
				if (state.offered !== undefined) {
					append(
						entry('notice', `*** Waiting for the server to answer the name ${state.offered}.`),
					);
				} else if (!client.chooseName(line)) notSent();
			} else if (state.status === 'connected' && client.send(line)) {
				append(entry('own', line, state.name)); // the server does not echo our lines
			} else notSent();
		},
		[client, append, quit],
	);

	useKeys(
		useCallback(
			(key: Key) => {
				if (quitting.current) return;
				if (key.type === 'interrupt') return quit();
				if (key.type === 'endOfInput') {
					if (editorRef.current.chars.length === 0) quit();
					else setEditor((current) => editLine(current, {type: 'delete'}).state);
					return;
				}
				const result = editLine(editorRef.current, key);
				editorRef.current = result.state;
				setEditor(result.state);
				if (result.submit !== undefined) submit(result.submit);
			},
			[quit, submit],
		),
	);

	const address = formatHostPort(client.host, client.port);
	const placeholder =
		state.status === 'naming' && state.offered === undefined
			? 'type your name and press Enter (Ctrl-C quits)'
			: 'type a message (Ctrl-C quits)';
	if (leaving) return <Transcript batch={batch} />;
	return (
		<Box flexDirection="column">
			<Transcript batch={batch} />
			<StatusBar state={state} address={address} />
			<InputLine editor={editor} placeholder={placeholder} />
		</Box>
	);
}
