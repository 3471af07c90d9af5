// The scenarios that need rooms and private messages, so natter only (the baseline has neither):
// `rooms`, many rooms busy at once; and `dm-storm`, private messages to random others, against
// a broadcast with the same clients, senders and one receiver per line.

import type {LoadGenerator} from './generator/coordinator.js';
import type {ClientSpec} from './generator/protocol.js';
import {
	joinLines,
	pairClients,
	type RoomLayout,
	roomClients,
	roomSizes,
	settledLines,
} from './layout.js';
import {measureSending, type Result, type Sizes, withRig} from './rig.js';
import type {ServerProcess, Target} from './server-process.js';

/** Connects and names everyone in the lobby, then moves them to their rooms; the lines missing. */
async function seat(
	server: ServerProcess,
	generator: LoadGenerator,
	clients: ClientSpec[],
	sizes: Sizes,
): Promise<{missing: number; stage: string}> {
	await generator.connect(server.port, clients, 100);
	const settled = settledLines(clients.length);
	const ready = await generator.waitUntil((t) => t.lines >= settled, 5000, sizes.limitMs);
	if (ready.lines < settled) return {missing: settled - ready.lines, stage: 'joins never settled'};
	const historyLines = await generator.join();
	const moved = settled + joinLines(roomSizes(clients)) + historyLines;
	const done = await generator.waitUntil((t) => t.lines >= moved, 5000, sizes.limitMs);
	return {missing: moved - done.lines, stage: 'room changes never settled'};
}

/** Rooms of equal size, each with its own senders at full speed, closed-loop, all at once. */
export function rooms(target: Target, layout: RoomLayout, sizes: Sizes): Promise<Result> {
	return withRig(target, sizes, async (server, generator) => {
		const {missing, stage} = await seat(server, generator, roomClients(layout), sizes);
		if (missing !== 0) return {values: {loss: missing}, notes: [stage]};
		const {values} = await measureSending(server, generator, sizes, {
			receiversPerLine: layout.perRoom - 1,
		});
		return {values, notes: []};
	});
}

/**
 * N clients in rooms of two, every one of them sending at full speed, closed-loop: one phase of
 * lines to the room (each reaches the one other member), one of `/msg` to a random other client
 * (each reaches one). Same server, clients and rooms; only the routing differs. `dmFirst` swaps
 * the order, so that alternate rounds cancel any advantage of going first or second.
 */
export function dmStorm(
	target: Target,
	clients: number,
	sizes: Sizes,
	dmFirst: boolean,
): Promise<Result> {
	return withRig(target, sizes, async (server, generator) => {
		const {missing, stage} = await seat(server, generator, pairClients(clients), sizes);
		if (missing !== 0) return {values: {loss: missing}, notes: [stage]};
		const values: Record<string, number> = {};
		for (const mode of dmFirst ? (['dm', 'say'] as const) : (['say', 'dm'] as const)) {
			const phase = await measureSending(server, generator, sizes, {receiversPerLine: 1, mode});
			const prefix = mode === 'dm' ? 'dm' : 'broadcast';
			for (const [key, value] of Object.entries(phase.values)) values[`${prefix}.${key}`] = value;
		}
		values.loss = (values['dm.loss'] ?? 0) + (values['broadcast.loss'] ?? 0);
		values.outOfOrder = (values['dm.outOfOrder'] ?? 0) + (values['broadcast.outOfOrder'] ?? 0);
		values.cpuRatio =
			(values['dm.cpuNanosPerDelivery'] ?? Number.NaN) /
			(values['broadcast.cpuNanosPerDelivery'] ?? Number.NaN);
		return {values, notes: []};
	});
}
