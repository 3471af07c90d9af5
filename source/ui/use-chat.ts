// Binds a ChatClient to React state: incoming lines become entries, coalesced into at most one
// render per frame, together with what they tell about the room (who is in it, most recently
// active first), whether you are away, and the rooms seen. The bell rings for each live line that
// names you and each private message (ringsBell); a refused line is marked as not sent. After a
// resize, `repaint` starts the transcript again from the entries that fill the cleared screen.

import {useCallback, useEffect, useRef, useState} from 'react';
import type {ChatClient, ClientState} from '../client/chat-client.js';
import type {ServerLine} from '../protocol/server-line.js';
import {emptyRoster, nextRoster, type Roster, renamedSelf} from './roster.js';
import type {Lead} from './Transcript.js';
import {type Entry, entry, entryForLine, gapEntry, ringsBell} from './transcript-entries.js';
import {screenTail} from './transcript-layout.js';

/** At most one transcript update per this many milliseconds (about 30 frames a second). */
export const FRAME_MS = 33;

/** `*** Line too long (over N bytes); it was not sent.` */
const TOO_LONG = /^\*\*\* Line too long \(over (\d+) bytes\); it was not sent\.$/u;
const OWN_KINDS = new Set<Entry['kind']>(['own', 'own-action', 'own-private']);

/** Entries kept for one generation of the transcript before a new one starts (see Transcript.tsx). */
export const GENERATION_ENTRIES = 500;
/** The latest entries kept for repainting the screen after a resize: more than any screen holds. */
const RECENT_ENTRIES = 1000;

export interface ChatView {
	/** Entries of this generation of the transcript, oldest first (see Transcript.tsx). */
	readonly entries: readonly Entry[];
	readonly generation: number;
	/** How this generation begins, when it is a repaint. */
	readonly lead?: Lead;
	readonly roster: Roster;
	readonly away: boolean;
	/** Rooms seen in `/rooms` answers and room changes, for completing `/join`. */
	readonly rooms: readonly string[];
}

interface Model {
	roster: Roster;
	away: boolean;
	rooms: string[];
	/** Whoever last wrote to you privately, for showing your `/reply`. */
	lastPrivate: string | undefined;
	/** The server's line limit in bytes, once a refused line has told it. */
	lineLimit: number | undefined;
	self: string | undefined;
}

export function useChat(
	client: ChatClient,
	/** Lines shown first, before anything from the server (such as the demo's join hints). */
	intro: readonly string[],
	/** Rings the bell when it is on. */
	ring: () => void,
) {
	const [view, setView] = useState<ChatView>({
		entries: [],
		generation: 0,
		roster: emptyRoster,
		away: false,
		rooms: [],
	});
	const [state, setState] = useState<ClientState>(client.state);
	const pending = useRef<Entry[]>([]);
	/** The latest entries drawn, oldest first: up to twice RECENT_ENTRIES, trimmed in one go. */
	const recent = useRef<Entry[]>([]);
	const timer = useRef<NodeJS.Timeout | undefined>(undefined);
	const introRef = useRef(intro); // shown once, on mount
	const ringRef = useRef(ring);
	ringRef.current = ring;
	const model = useRef<Model>({
		roster: emptyRoster,
		away: false,
		rooms: [],
		lastPrivate: undefined,
		lineLimit: undefined,
		self: client.name,
	});

	/** The entries waiting for the next frame, taken now (and kept among the recent ones). */
	const takePending = useCallback((): Entry[] => {
		clearTimeout(timer.current);
		timer.current = undefined;
		const entries = pending.current;
		pending.current = [];
		remember(recent.current, entries);
		return entries;
	}, []);

	const flush = useCallback(() => {
		const entries = takePending();
		const {roster, away, rooms} = model.current;
		setView((previous) => {
			const fresh = previous.entries.length + entries.length > GENERATION_ENTRIES;
			return {
				entries: fresh
					? entries
					: entries.length > 0
						? [...previous.entries, ...entries]
						: previous.entries,
				generation: previous.generation + (fresh ? 1 : 0),
				lead: fresh ? undefined : previous.lead,
				roster,
				away,
				rooms,
			};
		});
	}, [takePending]);

	/**
	 * Starts the transcript again with what fills exactly `rows` rows at `columns`, for a screen
	 * that has just been cleared (after a resize): printed again, then whatever is new. True when
	 * there is something to print (the next frame draws it, with the live area under it).
	 */
	const repaint = useCallback(
		(columns: number, rows: number): boolean => {
			takePending();
			const {entries, blank, skip} = screenTail(recent.current, columns, rows);
			const {roster, away, rooms} = model.current;
			setView((previous) => ({
				entries,
				generation: previous.generation + 1,
				lead: {blank, skip},
				roster,
				away,
				rooms,
			}));
			return entries.length > 0;
		},
		[takePending],
	);

	const schedule = useCallback(() => {
		timer.current ??= setTimeout(flush, FRAME_MS);
	}, [flush]);

	const append = useCallback(
		(entry: Entry) => {
			pending.current.push(entry);
			schedule();
		},
		[schedule],
	);

	/** The server refused your last line: it is marked not sent instead of shown as sent. */
	const refuseLast = useCallback((): boolean => {
		const index = pending.current.findLastIndex((entry) => OWN_KINDS.has(entry.kind));
		const own = pending.current[index];
		if (!own) return false;
		pending.current[index] = entry('not-sent', own.text, own.from, own.time);
		return true;
	}, []);

	useEffect(() => {
		const onLine = (line: ServerLine & {history?: true}) => {
			const now = model.current;
			const self = client.name ?? now.self;
			const tooLong = line.kind === 'notice' ? TOO_LONG.exec(line.text) : null;
			if (tooLong) {
				now.lineLimit = Number(tooLong[1]);
				refuseLast();
			}
			append(entryForLine(line, new Date(), self));
			now.roster = nextRoster(now.roster, line);
			if (!line.history) {
				if (line.kind === 'renamed') now.roster = renamedSelf(now.roster, now.self, line.name);
				if (line.kind === 'away') now.away = true;
				if (line.kind === 'back') now.away = false;
				if (line.kind === 'private') now.lastPrivate = line.from;
				if (line.kind === 'rooms') now.rooms = line.rooms.map((room) => room.room);
				if (line.kind === 'room' && !now.rooms.includes(line.room)) now.rooms.push(line.room);
			}
			now.self = client.name ?? now.self;
			if (ringsBell(line, self)) ringRef.current();
		};
		const askWho = () => {
			// The count in the status line: asked silently (who() keeps the answer out of the lines).
			client
				.who()
				.then((users) => {
					model.current.roster = nextRoster(model.current.roster, {
						kind: 'who',
						room: client.room,
						users,
						text: '',
					});
					schedule();
				})
				.catch(() => {});
		};
		let wasConnected = client.state.status === 'connected';
		const onState = (next: ClientState) => {
			setState(next);
			const connected = next.status === 'connected';
			if (connected) model.current.self = next.name;
			if (connected && !wasConnected) {
				model.current.away = false; // a new connection is not away
				askWho();
			}
			wasConnected = connected;
		};
		const onReconnected = (lostAt: Date) => append(gapEntry(lostAt));
		client.on('line', onLine);
		client.on('state', onState);
		client.on('reconnected', onReconnected);
		setState(client.state);
		for (const text of introRef.current) append(entry('info', text));
		client.release(); // lines that came before this subscription (see ChatClient.hold)
		if (wasConnected) askWho();
		return () => {
			client.off('line', onLine);
			client.off('state', onState);
			client.off('reconnected', onReconnected);
			clearTimeout(timer.current);
		};
	}, [client, append, schedule, refuseLast]);

	return {view, state, append, flush, repaint, model};
}

/** Adds `entries` to `recent`, dropping the oldest in one go once it holds twice RECENT_ENTRIES. */
function remember(recent: Entry[], entries: readonly Entry[]): void {
	for (const entry of entries) recent.push(entry);
	if (recent.length > 2 * RECENT_ENTRIES) recent.splice(0, recent.length - RECENT_ENTRIES);
}
