// The README's bot example is a real file (examples/dice-bot.mjs): this checks the README quotes
// it verbatim and runs it against a real server, so the documentation cannot rot.

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

test('the README shows examples/dice-bot.mjs verbatim', () => {
	const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
	assert.ok(
		readme.includes(readFileSync(example, 'utf8').trim()),
		'README and examples/dice-bot.mjs differ',
	);
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
