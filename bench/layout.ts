// Who the benchmark's clients are and where they sit: everyone in the lobby (fanout), rooms of
// equal size (rooms), or pairs (dm-storm's broadcast reference); and how many lines their
// arriving and moving produce, so each phase can wait for an exact count. Pure.

import type {ClientSpec} from './generator/protocol.js';

/** N clients in the lobby: the first `senders` send, the next `auditors` audit. */
export function lobbyClients(count: number, senders: number, auditors: number): ClientSpec[] {
	return Array.from({length: count}, (_, index) => ({
		index,
		name: `c${index}`,
		role: index < senders ? 'sender' : 'receiver',
		audit: index >= senders && index < senders + auditors,
	}));
}

export interface RoomLayout {
	rooms: number;
	perRoom: number;
	sendersPerRoom: number;
	/** Audited receivers per room; one is enough, as a room's clients share a generator worker. */
	auditorsPerRoom: number;
}

/** `rooms × perRoom` clients; room r (`room0`, `room1`, ...) holds clients r·perRoom onwards. */
export function roomClients(layout: RoomLayout): ClientSpec[] {
	const {rooms, perRoom, sendersPerRoom, auditorsPerRoom} = layout;
	return Array.from({length: rooms * perRoom}, (_, index) => {
		const seat = index % perRoom;
		return {
			index,
			name: `c${index}`,
			role: seat < sendersPerRoom ? 'sender' : 'receiver',
			audit: seat >= sendersPerRoom && seat < sendersPerRoom + auditorsPerRoom,
			room: `room${Math.floor(index / perRoom)}`,
		};
	});
}

/** An even number of clients in rooms of two (`pair0`, ...), each sending and auditing. */
export function pairClients(count: number): ClientSpec[] {
	return Array.from({length: count - (count % 2)}, (_, index) => ({
		index,
		name: `c${index}`,
		role: 'sender',
		audit: true,
		room: `pair${Math.floor(index / 2)}`,
	}));
}

/** Lines every client has once all are named: prompt and welcome, plus one join per later arrival. */
export const settledLines = (count: number): number => 2 * count + (count * (count - 1)) / 2;

/**
 * Lines that everyone in the lobby moving to rooms of these sizes produces, history blocks
 * aside: each leave line reaches whoever is still in the lobby (one per pair of clients, whatever
 * the order), each mover gets its room change, and each entry reaches those already in the room.
 */
export function joinLines(roomSizes: readonly number[]): number {
	const clients = roomSizes.reduce((sum, size) => sum + size, 0);
	const entries = roomSizes.reduce((sum, size) => sum + (size * (size - 1)) / 2, 0);
	return (clients * (clients - 1)) / 2 + clients + entries;
}

/** The sizes of the rooms the clients move to, in order of first appearance. */
export function roomSizes(clients: readonly ClientSpec[]): number[] {
	const sizes = new Map<string, number>();
	for (const {room} of clients) if (room !== undefined) sizes.set(room, (sizes.get(room) ?? 0) + 1);
	return [...sizes.values()];
}
