// Who is in your room, most recently active first, kept current from the server's lines: a `/who`
// answer or a room change sets it, joins, leaves and nick changes edit it, and whoever speaks
// moves to the front. Pure; the status line counts it and Tab completes from it.

import {nameKey} from '../protocol/names.js';
import type {ServerLine} from '../protocol/server-line.js';

export interface Roster {
	/** Names in the room, you included, most recently active first; undefined until known. */
	readonly names: readonly string[] | undefined;
}

export const emptyRoster: Roster = {names: undefined};

const without = (names: readonly string[], name: string) =>
	names.filter((other) => nameKey(other) !== nameKey(name));

/** The roster after one (live) server line. */
export function nextRoster(roster: Roster, line: ServerLine & {history?: true}): Roster {
	if (line.history) return roster;
	const names = roster.names;
	switch (line.kind) {
		case 'who':
			// Entered order: the latest to arrive is likelier to be talked to.
			return {names: line.users.map((user) => user.name).reverse()};
		case 'room':
			return {names: [...line.names].reverse()};
		case 'join':
			return names ? {names: [line.name, ...without(names, line.name)]} : roster;
		case 'leave':
			return names ? {names: without(names, line.name)} : roster;
		case 'nick':
			return names
				? {names: names.map((name) => (nameKey(name) === nameKey(line.old) ? line.name : name))}
				: roster;
		case 'message':
		case 'action':
			return names ? {names: [line.from, ...without(names, line.from)]} : roster;
		default:
			return roster;
	}
}

/** After your own rename: your old name in the list becomes the new one. */
export function renamedSelf(roster: Roster, old: string | undefined, name: string): Roster {
	if (!roster.names || old === undefined) return roster;
	return {names: roster.names.map((other) => (nameKey(other) === nameKey(old) ? name : other))};
}
