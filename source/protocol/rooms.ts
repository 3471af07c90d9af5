// The rules for room names: `#` and 1 to 24 of the characters allowed in names, unique after the
// same folding as names. Pure functions; the hub decides which rooms exist.

import {NAME_MAX_LENGTH, NAME_PATTERN, nameKey} from './names.js';

/** Where everyone starts; it always exists. */
export const LOBBY = '#lobby';

const ROOM_BODY = new RegExp(`^${NAME_PATTERN}$`, 'u');

export type RoomCheck = {ok: true; room: string} | {ok: false; reason: string};

/** `dev` and `#dev` are both `#dev`; the reason never echoes the input back. */
export function checkRoom(input: string): RoomCheck {
	const trimmed = input.trim().normalize('NFC');
	const body = trimmed.startsWith('#') ? trimmed.slice(1) : trimmed;
	if (!ROOM_BODY.test(body)) {
		return {
			ok: false,
			reason: `A room name is # and 1 to ${NAME_MAX_LENGTH} letters, digits, "_", "-" or ".".`,
		};
	}
	return {ok: true, room: `#${body}`};
}

/** The key under which room names clash, as names do: `#Dev` and `#dev` are one room. */
export const roomKey = (room: string): string => nameKey(room);
