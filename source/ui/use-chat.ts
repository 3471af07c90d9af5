// Binds a ChatClient to React state: incoming lines are coalesced into at most one render per
// frame, and only the entries not yet printed are kept (printed ones live in the scrollback).

import {useCallback, useEffect, useRef, useState} from 'react';
import type {ChatClient, ClientState} from '../client/chat-client.js';
import {type Entry, entry, entryForLine, gapEntry} from './transcript-entries.js';

/** Entries appended since the last render, under a new batch id (see `Transcript`). */
export interface Batch {
	readonly id: number;
	readonly entries: readonly Entry[];
}

/** At most one transcript update per this many milliseconds (about 30 frames a second). */
export const FRAME_MS = 33;

export function useChat(
	client: ChatClient,
	/** Lines shown first, before anything from the server (such as the demo's join hints). */
	intro: readonly string[] = [],
): {
	batch: Batch;
	state: ClientState;
	append: (entry: Entry) => void;
	/** Renders pending entries now instead of at the next frame. */
	flush: () => void;
} {
	const [batch, setBatch] = useState<Batch>({id: 0, entries: []});
	const [state, setState] = useState<ClientState>(client.state);
	const pending = useRef<Entry[]>([]);
	const timer = useRef<NodeJS.Timeout | undefined>(undefined);
	const introRef = useRef(intro); // shown once, on mount

	const flush = useCallback(() => {
		clearTimeout(timer.current);
		timer.current = undefined;
		if (pending.current.length === 0) return;
		const entries = pending.current;
		pending.current = [];
		setBatch((previous) => ({id: previous.id + 1, entries}));
	}, []);

	const append = useCallback(
		(entry: Entry) => {
			pending.current.push(entry);
			timer.current ??= setTimeout(flush, FRAME_MS);
		},
		[flush],
	);

	useEffect(() => {
		const onLine = (line: Parameters<typeof entryForLine>[0]) => append(entryForLine(line));
		const onReconnected = (lostAt: Date) => append(gapEntry(lostAt));
		client.on('line', onLine);
		client.on('state', setState);
		client.on('reconnected', onReconnected);
		setState(client.state);
		for (const text of introRef.current) append(entry('info', text));
		client.release(); // lines that came before this subscription (see ChatClient.hold)
		return () => {
			client.off('line', onLine);
			client.off('state', setState);
			client.off('reconnected', onReconnected);
			clearTimeout(timer.current);
		};
	}, [client, append]);

	return {batch, state, append, flush};
}
