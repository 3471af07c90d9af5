// A tiny natter bot: answers "!roll" with a dice roll. Run: node examples/dice-bot.mjs
import {ChatClient} from 'natter';

const bot = new ChatClient({
	host: process.env.CHAT_HOST ?? 'localhost',
	port: Number(process.env.CHAT_PORT ?? 4242),
	name: 'dice',
});
bot.on('line', (line) => {
	if (line.kind === 'message' && line.body.trim() === '!roll') {
		bot.send(`${line.from} rolled ${1 + Math.floor(Math.random() * 6)}`);
	}
});
await bot.connect();
process.on('SIGINT', () => bot.quit().then(() => process.exit(0)));
