// The whole client screen: the conversation, the status line and the input line, wired to a
// ChatClient. Keys edit the line; Enter sends (your own lines are shown, as the server does not
// echo them); Tab completes; Ctrl-C clears the line or, on an empty one, leaves.

import {Box, useStdout} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import type {ChatClient} from '../client/chat-client.js';
import {formatHostPort} from '../net/host-port.js';
import {COMMANDS, parseCommand} from '../protocol/commands.js';
import {nameKey} from '../protocol/names.js';
import {isQuitCommand} from '../protocol/wire.js';
import {CLIENT_COMMANDS, clientHelp, parseLocalCommand} from './client-help.js';
import {applyCycle, type CompletionCycle, cycle} from './completion.js';
import {InputLine, inputLayout} from './InputLine.js';
import type {Key} from './keys.js';
import {
	cursorOffset,
	type EditorState,
	editLine,
	editorText,
	emptyEditor,
	replaceLine,
	restoreLine,
} from './line-editor.js';
import {StatusBar} from './StatusBar.js';
import {Transcript} from './Transcript.js';
import {type Entry, entry} from './transcript-entries.js';
import {useChat} from './use-chat.js';
import {useKeys} from './use-keys.js';

/** What the app asks of the terminal beyond drawing; interactive.tsx gives the real one. */
export interface TerminalControl {
	/** Rings the bell (BEL). */
	bell?: () => void;
	/** Clears the screen and draws the live area again. */
	clear?: () => void;
	/** Suspends the process (Ctrl-Z), restoring the terminal, and redraws on resume. */
	suspend?: () => void;
	/** Told how many rows the live area (status and input) takes after each render. */
	liveRows?: (rows: number) => void;
	/**
	 * Registers the app's repaint, called with the screen just cleared (after a resize, or on
	 * resume) and the row the cursor must end on: the app prints again what fills the rows above
	 * its live area, and says whether there is any (then its next frame draws them and the live
	 * area together). Returns the unregistering function.
	 */
	onRepaint?: (repaint: (cursorRow: number) => boolean) => () => void;
}

export interface ChatAppProps {
	client: ChatClient;
	/** Called once the client has closed (quit, or lost for good) and the last lines are drawn. */
	onExit: () => void;
	/** Lines shown at the top of the conversation. */
	intro?: readonly string[];
	/** Ring the bell for mentions and private messages (`--no-bell` turns it off); default true. */
	bell?: boolean;
	/** The connection is TLS without checking the certificate: the status line says so. */
	insecure?: boolean;
	terminal?: TerminalControl;
}

const COMMAND_NAMES = [
	...COMMANDS.flatMap((command) => [command.name, ...command.aliases]),
	...CLIENT_COMMANDS,
];

export function ChatApp({
	client,
	onExit,
	intro = [],
	bell = true,
	insecure = false,
	terminal = {},
}: ChatAppProps) {
	const {stdout} = useStdout();
	const bellOn = useRef(bell);
	useEffect(() => {
		bellOn.current = bell;
	}, [bell]);
	const terminalRef = useRef(terminal);
	terminalRef.current = terminal;
	const ring = useCallback(() => {
		if (!bellOn.current) return;
		if (terminalRef.current.bell) terminalRef.current.bell();
		else stdout.write('\u0007');
	}, [stdout]);

	const {view, state, append, flush, repaint, model} = useChat(client, intro, ring);
	const [leaving, setLeaving] = useState(false);
	const [editor, setEditor] = useState<EditorState>(emptyEditor);
	const editorRef = useRef(editor);
	editorRef.current = editor;
	const completing = useRef<CompletionCycle | undefined>(undefined);
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

	const setLine = useCallback((next: EditorState) => {
		editorRef.current = next;
		setEditor(next);
	}, []);

	/** Sends a line typed in the room and shows it as yours; false if it could not be sent. */
	const sendChat = useCallback(
		(line: string, self: string): void => {
			const limit = model.current.lineLimit;
			if (limit !== undefined && Buffer.byteLength(line) > limit) {
				append(entry('not-sent', line, self));
				append(entry('notice', `*** Line too long (over ${limit} bytes); it was not sent.`));
				return;
			}
			if (!client.send(line)) return;
			const command = parseCommand(line);
			let shown: Entry | undefined;
			if (command.kind === 'say') shown = entry('own', command.text, self);
			else if (command.kind === 'me') shown = entry('own-action', command.text, self);
			else if (command.kind === 'msg')
				shown = entry('own-private', command.text, self, new Date(), {to: command.to});
			else if (command.kind === 'reply' && model.current.lastPrivate)
				shown = entry('own-private', command.text, self, new Date(), {
					to: model.current.lastPrivate,
				});
			else if (command.kind === 'help') {
				// The server's list comes first; a silent /who after it marks its end.
				client
					.who()
					.catch(() => undefined)
					.then(() => {
						for (const text of clientHelp(bellOn.current)) append(entry('info', text));
					});
			}
			if (shown) append(shown);
		},
		[client, append, model],
	);

	/** Handles a submitted line; false when it could not be sent and stays in the input. */
	const submit = useCallback(
		(line: string): boolean => {
			const trimmed = line.trim();
			if (isQuitCommand(trimmed)) {
				quit();
				return true;
			}
			if (!trimmed) return true;
			const local = parseLocalCommand(line);
			if (local) {
				if (local.kind === 'clear') terminalRef.current.clear?.();
				else if (local.kind === 'bell-usage') append(entry('notice', '*** Usage: /bell on|off'));
				else {
					if (local.on !== undefined) bellOn.current = local.on;
					append(entry('notice', `*** The bell is ${bellOn.current ? 'on' : 'off'}.`));
				}
				return true;
			}
			const current = client.state;
			if (current.status === 'naming') {
				// At the prompt a line is a name (shown once the server welcomes it), one at a time.
				if (current.offered !== undefined) {
					append(
						entry('notice', `*** Waiting for the server to answer the name ${current.offered}.`),
					);
					return false;
				}
				return client.chooseName(line);
			}
			if (current.status === 'connected') {
				sendChat(line, current.name);
				return true;
			}
			append(
				entry(
					'notice',
					current.status === 'reconnecting'
						? '*** Not connected: the line stays in the input until it can be sent (Ctrl-R reconnects now).'
						: '*** Not connected: the line stays in the input until it can be sent.',
				),
			);
			return false;
		},
		[client, append, quit, sendChat],
	);

	const tab = useCallback(() => {
		const current = editorRef.current;
		const line = editorText(current);
		const self = client.name;
		const names = (view.roster.names ?? []).filter(
			(name) => self === undefined || nameKey(name) !== nameKey(self),
		);
		const rooms = [...new Set([...view.rooms, ...model.current.rooms, client.room])];
		const sources = {names, commands: COMMAND_NAMES, rooms};
		const next = cycle(completing.current, line, cursorOffset(current), sources);
		if (!next) {
			// Rooms may not be known yet: ask (silently), then complete.
			if (/^\/join\s/iu.test(line) && client.state.status === 'connected') {
				client
					.rooms()
					.then((list) => {
						model.current.rooms = list.map((room) => room.room);
						if (editorText(editorRef.current) !== line) return;
						const fresh = cycle(undefined, line, cursorOffset(editorRef.current), {
							...sources,
							rooms: model.current.rooms,
						});
						if (!fresh) return;
						completing.current = fresh;
						const applied = applyCycle(fresh);
						setLine(replaceLine(editorRef.current, applied.line, applied.cursor));
					})
					.catch(() => {});
			}
			return;
		}
		completing.current = next;
		const applied = applyCycle(next);
		setLine(replaceLine(current, applied.line, applied.cursor));
	}, [client, view.roster, view.rooms, model, setLine]);

	useKeys(
		useCallback(
			(key: Key) => {
				if (quitting.current) return;
				if (key.type === 'tab') return tab();
				completing.current = undefined; // any other key accepts the completion
				const current = editorRef.current;
				switch (key.type) {
					case 'interrupt':
						// As shells do: Ctrl-C drops a half-typed line; on an empty line it leaves.
						if (current.chars.length > 0) return setLine(restoreLine(current, ''));
						return quit();
					case 'endOfInput':
						if (current.chars.length === 0) return quit();
						return setLine(editLine(current, {type: 'delete'}).state);
					case 'suspend':
						terminalRef.current.suspend?.();
						return;
					case 'retry':
						client.retryNow();
						return;
				}
				const result = editLine(current, key);
				setLine(result.state);
				if (result.submit !== undefined && !submit(result.submit)) {
					setLine(restoreLine(result.state, result.submit)); // kept until it can be sent
				}
			},
			[quit, submit, tab, setLine, client],
		),
	);

	const address = formatHostPort(client.host, client.port);
	const names = view.roster.names;
	const status = {
		state,
		address,
		room: client.room,
		count: names?.length,
		away: view.away,
		insecure,
	};

	const placeholder =
		state.status === 'naming' && state.offered === undefined
			? 'type your name and press Enter (Ctrl-C quits)'
			: state.status === 'reconnecting'
				? 'Ctrl-R reconnects now (Ctrl-C quits)'
				: 'type a message (Ctrl-C quits)';
	// The live area's height, for a repaint (the entries fill the rows above it) and for Ctrl-Z.
	const liveRows = leaving ? 0 : liveAreaRows(editor, stdout.columns || 80, stdout.rows || 24);
	useEffect(() => {
		terminalRef.current.liveRows?.(liveRows);
	}, [liveRows]);
	const leavingRef = useRef(leaving);
	leavingRef.current = leaving;
	useEffect(
		() =>
			terminal.onRepaint?.((cursorRow) => {
				const columns = stdout.columns || 80;
				const live = leavingRef.current
					? 0
					: liveAreaRows(editorRef.current, columns, stdout.rows || 24);
				return repaint(columns, Math.max(0, cursorRow - live));
			}),
		[terminal.onRepaint, repaint, stdout],
	);

	return (
		<Box flexDirection="column">
			<Transcript entries={view.entries} generation={view.generation} lead={view.lead} />
			{!leaving && <StatusBar {...status} />}
			{!leaving && <InputLine editor={editor} placeholder={placeholder} />}
		</Box>
	);
}

/** The rows of the status line and the input line (or its hint) at `columns` × `rows`. */
function liveAreaRows(editor: EditorState, columns: number, rows: number): number {
	return 1 + (editor.chars.length === 0 ? 1 : inputLayout(editor, columns, rows).length);
}
