// The demo's simulated participants: ordinary TCP clients built on ChatClient (not shortcuts into
// the server), so the demo exercises the real path. The first is a greeter, the second an oracle,
// any others make small talk now and then.

import {ChatClient} from '../client/chat-client.js';
import {GREETER, ORACLE, replyTo, smallTalk} from './bot-replies.js';

/** Bots answer after a short pause, as a person would. */
const REPLY_DELAY_MS = 400;
const SMALL_TALK_EVERY_MS = 25_000;

export const botNames = (count: number): string[] =>
	Array.from({length: count}, (_, index) => [GREETER, ORACLE][index] ?? `chatter${index + 1}`);

export interface Bots {
	readonly names: readonly string[];
	stop(): Promise<void>;
}

export async function startBots(count: number, port: number, host = '127.0.0.1'): Promise<Bots> {
	const names = botNames(count);
	const nameSet = new Set(names);
	const timers = new Set<NodeJS.Timeout>();
	const later = (ms: number, action: () => void) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			action();
		}, ms);
		timer.unref();
		timers.add(timer);
	};
	const clients = names.map((name, index) => {
		const client = new ChatClient({host, port, name, reconnect: false});
		client.on('line', (line) => {
			const reply = replyTo(name, line, nameSet, new Date(), Math.random() * 1000);
			if (reply) later(REPLY_DELAY_MS, () => client.send(reply));
		});
		if (index >= 2) {
			const chatter = () => {
				client.send(smallTalk(Math.random() * 1000));
				later(SMALL_TALK_EVERY_MS * (0.5 + Math.random()), chatter);
			};
			later(SMALL_TALK_EVERY_MS * Math.random(), chatter);
		}
		return client;
	});
	await Promise.all(clients.map((client) => client.connect()));
	// Wait until every bot has been welcomed, so the room is ready before anyone else joins.
	await Promise.all(
		clients.map(
			(client) =>
				new Promise<void>((resolve) => {
					if (client.name) return resolve();
					const onState = () => {
						if (!client.name) return;
						client.off('state', onState);
						resolve();
					};
					client.on('state', onState);
				}),
		),
	);
	return {
		names,
		async stop() {
			for (const timer of timers) clearTimeout(timer);
			await Promise.all(clients.map((client) => client.quit()));
		},
	};
}
