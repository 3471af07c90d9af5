// The demo's simulated participants: ordinary TCP clients built on ChatClient (not shortcuts into
// the server), so the demo exercises the real path. The first is a greeter, the second an oracle
// (it also answers private messages), any others make small talk now and then, the first of them
// in #random (see bot-names.ts for who takes which name).

import {ChatClient} from '../client/chat-client.js';
import {castBots} from './bot-names.js';
import {privateReplyTo, replyTo, smallTalk} from './bot-replies.js';

/** With three bots or more, the first chatter lives here, to show that there are rooms. */
export const SECOND_ROOM = '#random';

/** Bots answer after a short pause, as a person would. */
const REPLY_DELAY_MS = 400;
const SMALL_TALK_EVERY_MS = 25_000;

export interface Bots {
	readonly names: readonly string[];
	stop(): Promise<void>;
}

/**
 * Starts `count` bots and resolves once the server has welcomed every one, so the room is ready
 * before anyone else joins. They keep clear of the names in `taken` (such as the demo's user).
 */
export async function startBots(
	count: number,
	port: number,
	{host = '127.0.0.1', taken = []}: {host?: string; taken?: readonly string[]} = {},
): Promise<Bots> {
	const cast = castBots(count, taken);
	const timers = new Set<NodeJS.Timeout>();
	const later = (ms: number, action: () => void) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			action();
		}, ms);
		timer.unref();
		timers.add(timer);
	};
	const firstChatter = cast.find((bot) => bot.role === 'chatter');
	const clients = cast.map((bot) => {
		const room = bot === firstChatter ? SECOND_ROOM : undefined;
		const client = new ChatClient({host, port, name: bot.name, room, reconnect: false});
		client.on('line', (line) => {
			if (line.history) return; // old lines get no answers
			const reply = replyTo(bot, line, cast, new Date(), Math.random() * 1000);
			if (reply) later(REPLY_DELAY_MS, () => client.send(reply));
			const answer = privateReplyTo(bot, line, cast, new Date(), Math.random() * 1000);
			if (answer && line.kind === 'private')
				later(REPLY_DELAY_MS, () => client.msg(line.from, answer));
		});
		if (bot.role === 'chatter') {
			const chatter = () => {
				client.send(smallTalk(Math.random() * 1000));
				later(SMALL_TALK_EVERY_MS * (0.5 + Math.random()), chatter);
			};
			later(SMALL_TALK_EVERY_MS * Math.random(), chatter);
		}
		return client;
	});
	await Promise.all(clients.map((client) => client.connect())); // each resolves once welcomed
	return {
		names: cast.map((bot) => bot.name),
		async stop() {
			for (const timer of timers) clearTimeout(timer);
			await Promise.all(clients.map((client) => client.quit()));
		},
	};
}
