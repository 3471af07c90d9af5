// Deals the benchmark's clients out to the generator workers. A room's clients all go to one
// worker, so a sender's lines are acknowledged by an audited receiver in its own process; clients
// without a room are dealt round-robin. Pure.

import type {ClientSpec} from './protocol.js';

/** One list of clients per worker, each in the given order. */
export function dealClients(clients: readonly ClientSpec[], workers: number): ClientSpec[][] {
	const shares: ClientSpec[][] = Array.from({length: workers}, () => []);
	const roomWorker = new Map<string, number>();
	clients.forEach((client, position) => {
		let worker = position % workers;
		if (client.room !== undefined) {
			worker = roomWorker.get(client.room) ?? roomWorker.size % workers;
			roomWorker.set(client.room, worker);
		}
		shares[worker]?.push(client);
	});
	return shares;
}
