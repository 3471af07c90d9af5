// The social layer through the built CLI, as a user runs it: `chat serve` with raw nc-like
// sockets, its history and room settings (`--history`, `--max-rooms`), and their flag errors.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {CliProcess, runCli} from './helpers/cli-process.js';
import {LineClient} from './helpers/line-client.js';

const BASE = ['serve', '--port', '0', '--host', '127.0.0.1', '--quiet', '--rate', '0'];

/** Runs `chat serve` with `flags`, gives the body its port, and stops it with SIGTERM after. */
async function withServe(flags: string[], body: (port: number) => Promise<void>): Promise<void> {
	const serve = new CliProcess([...BASE, ...flags]);
	try {
		const port = await serve.listeningPort();
		await body(port);
	} finally {
		serve.kill('SIGTERM');
		await serve.exited;
	}
}

/** Has `speaker` say `count` numbered lines, read by `listener`. */
async function say(speaker: LineClient, listener: LineClient, name: string, count: number) {
	for (let index = 1; index <= count; index++) speaker.send(`line ${index}`);
	for (let index = 1; index <= count; index++) await listener.expect(`${name}: line ${index}`);
}

describe('chat serve: the social layer (built CLI)', () => {
	test('rooms, private messages, /who and /rooms work from nc; history defaults to 20 lines', () =>
		withServe([], async (port) => {
			const ann = await LineClient.named(port, 'ann');
			const bob = await LineClient.named(port, 'bob');
			await ann.expect('--> bob entered.');
			bob.send('/join dev');
			await bob.expect('*** You are now in #dev (1 here: bob).');
			await ann.expect('<-- bob left.');
			ann.send('/msg BOB across rooms');
			await bob.expect('ann (private): across rooms');
			ann.send('/rooms');
			await ann.expect('*** Rooms: #dev (1), #lobby (1)');
			ann.send('/who');
			await ann.expect('*** In #lobby (1): ann');
			const cat = await LineClient.named(port, 'cat');
			await ann.expect('--> cat entered.');
			await say(ann, cat, 'ann', 25);
			const dan = await LineClient.named(port, 'dan');
			await dan.expect('*** Last 20 messages in #lobby:');
			for (let index = 6; index <= 25; index++) await dan.expect(`ann: line ${index}`);
			await dan.expect('*** End of history.');
			for (const client of [ann, bob, cat, dan]) client.destroy();
		}));

	test('--history N keeps the last N lines per room', () =>
		withServe(['--history', '2'], async (port) => {
			const ann = await LineClient.named(port, 'ann');
			const bob = await LineClient.named(port, 'bob');
			await ann.expect('--> bob entered.');
			await say(ann, bob, 'ann', 5);
			const cat = await LineClient.named(port, 'cat');
			await cat.expect('*** Last 2 messages in #lobby:');
			await cat.expect('ann: line 4');
			await cat.expect('ann: line 5');
			await cat.expect('*** End of history.');
			for (const client of [ann, bob, cat]) client.destroy();
		}));

	test('--history 0 turns history off', () =>
		withServe(['--history', '0'], async (port) => {
			const ann = await LineClient.named(port, 'ann');
			const bob = await LineClient.named(port, 'bob');
			await ann.expect('--> bob entered.');
			await say(ann, bob, 'ann', 3);
			const cat = await LineClient.named(port, 'cat');
			cat.send('/who');
			await cat.expect('*** In #lobby (3): ann, bob, cat'); // no history came first
			for (const client of [ann, bob, cat]) client.destroy();
		}));

	test('--max-rooms N bounds the rooms, #lobby included', () =>
		withServe(['--max-rooms', '2'], async (port) => {
			const ann = await LineClient.named(port, 'ann');
			const bob = await LineClient.named(port, 'bob');
			await ann.expect('--> bob entered.');
			ann.send('/join a');
			await ann.expect('*** You are now in #a (1 here: ann).');
			await bob.expect('<-- ann left.');
			bob.send('/join b');
			await bob.expect(
				'*** This server allows at most 2 rooms, and all are in use; join one of them.',
			);
			for (const client of [ann, bob]) client.destroy();
		}));

	test('--help documents --history and --max-rooms with their defaults', async () => {
		const help = await runCli(['serve', '--help']);
		assert.equal(help.code, 0);
		assert.match(help.stdout, /--history\b.*\(default 20\)/);
		assert.match(help.stdout, /--max-rooms\b.*\(default 1000\)/);
	});

	test('bad --history and --max-rooms values are usage errors (exit 2)', async () => {
		for (const args of [
			['--history', '-1'],
			['--history', 'lots'],
			['--max-rooms', '0'],
			['--max-rooms', '1.5'],
		]) {
			const result = await runCli(['serve', '--port', '0', ...args]);
			assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
			assert.match(
				result.stderr,
				new RegExp(`^chat serve: ${args[0]} .*\\nRun 'chat serve --help' for usage\\.\\n$`),
			);
		}
	});
});
