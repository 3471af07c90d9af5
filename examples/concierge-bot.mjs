// A natter bot that uses rooms and private messages: it lives in #help, welcomes whoever comes in
// by name, and answers any private message with the rooms and who is in #help.
// Run: node examples/concierge-bot.mjs
import {ChatClient} from 'natter';

const bot = new ChatClient({
	host: process.env.CHAT_HOST ?? 'localhost',
	port: Number(process.env.CHAT_PORT ?? 4242),
	name: 'concierge',
	room: '#help', // joined right after the welcome, and again after a reconnect
});
bot.on('join', (line) => {
	if (!line.history)
		bot.send(`Welcome to #help, ${line.name}! /msg concierge anything for a tour.`);
});
bot.on('private', async (line) => {
	const rooms = await bot.rooms();
	const here = await bot.who();
	const list = rooms.map(({room, count}) => `${room} (${count})`).join(', ');
	bot.msg(
		line.from,
		`Rooms: ${list}. In ${bot.room}: ${here.map((user) => user.name).join(', ')}.`,
	);
});
await bot.connect();
process.on('SIGINT', () => bot.quit().then(() => process.exit(0)));
