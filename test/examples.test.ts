// The README's bot examples are real files (examples/): this checks the README quotes them
// verbatim and runs them against a real server, so the documentation cannot rot.

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {startServer} from '../source/index.js';
import {LineClient} from './helpers/line-client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(root, 'examples/dice-bot.mjs');

test('the README shows the examples verbatim', () => {
	const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
	for (const file of ['dice-bot.mjs', 'concierge-bot.mjs']) {
		const text = readFileSync(path.join(root, 'examples', file), 'utf8').trim();
		assert.ok(readme.includes(text), `README and examples/${file} differ`);
	}
});

test('the dice bot joins a real server and answers !roll', async () => {
	const server = await startServer({port: 0, host: '127.0.0.1'});
	const sam = await LineClient.named(server.port, 'sam');
	const bot = spawn(process.execPath, [example], {
		env: {...process.env, CHAT_HOST: '127.0.0.1', CHAT_PORT: String(server.port)},
		stdio: 'ignore',
	});
	try {
		await sam.expect('--> dice entered.');
		sam.send('!roll');
		assert.match(await sam.line(), /^dice: sam rolled [1-6]$/);
		bot.kill('SIGINT');
		await sam.expect('<-- dice left.');
	} finally {
		bot.kill();
		sam.destroy();
		await server.close();
	}
});

test('the concierge bot lives in #help, greets newcomers there and answers private messages', async () => {
	const server = await startServer({port: 0, host: '127.0.0.1'});
	const sam = await LineClient.named(server.port, 'sam');
	const bot = spawn(process.execPath, [path.join(root, 'examples/concierge-bot.mjs')], {
		env: {...process.env, CHAT_HOST: '127.0.0.1', CHAT_PORT: String(server.port)},
		stdio: 'ignore',
	});
	try {
		await sam.expect('--> concierge entered.');
		await sam.expect('<-- concierge left.'); // off to #help
		sam.send('/join help');
		await sam.expect('*** You are now in #help (2 here: concierge, sam).');
		await sam.expect('concierge: Welcome to #help, sam! /msg concierge anything for a tour.');
		sam.send('/msg concierge hello?');
		await sam.expect(
			'concierge (private): Rooms: #help (2), #lobby (0). In #help: concierge, sam.',
		);
		bot.kill('SIGINT');
		await sam.expect('<-- concierge left.');
	} finally {
		bot.kill();
		sam.destroy();
		await server.close();
	}
});
