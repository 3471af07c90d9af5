// `chat demo`: the pure pieces (join hints, default name, bot replies), the bots over real
// sockets, and the built CLI in a real terminal (tmux) and through a pipe.

import assert from 'node:assert/strict';
import net from 'node:net';
import {describe, test} from 'node:test';
import {castBots} from '../source/demo/bot-names.js';
import {isAddressedTo, privateReplyTo, replyTo} from '../source/demo/bot-replies.js';
import {SECOND_ROOM, startBots} from '../source/demo/bots.js';
import {nameFromUser} from '../source/demo/default-name.js';
import {joinHints} from '../source/demo/join-hints.js';
import {startServer} from '../source/index.js';
import {parseServerLine} from '../source/protocol/server-line.js';
import {CLI_PATH, CliProcess, runCli} from './helpers/cli-process.js';
import {LineClient} from './helpers/line-client.js';
import {hasTmux, TmuxPane} from './helpers/tmux.js';

const bots = castBots(2);
const [greeter, oracle] = bots as [(typeof bots)[0], (typeof bots)[0]];
const noon = new Date(2026, 0, 1, 12, 0);

describe('demo pieces', () => {
	test('join hints list nc, telnet and chat connect for every address and localhost', () => {
		assert.deepEqual(joinHints(4242, ['192.0.2.7', '2001:db8::7']), [
			'Others can join this chat with any of:',
			'  nc 192.0.2.7 4242   ·   telnet 192.0.2.7 4242   ·   chat connect 192.0.2.7:4242',
			'  nc 2001:db8::7 4242   ·   telnet 2001:db8::7 4242   ·   chat connect [2001:db8::7]:4242',
			'  nc localhost 4242   ·   telnet localhost 4242   ·   chat connect localhost:4242',
			'Type /help for the commands: /msg NAME TEXT, /join ROOM, /who, /me, /nick, /away ...',
		]);
	});

	test('the oracle answers private messages privately; nobody answers a bot or a room line that way', () => {
		const answer = privateReplyTo(
			oracle,
			parseServerLine('sam (private): will it ship?'),
			bots,
			noon,
			0,
		);
		assert.match(answer ?? '', /^sam, /);
		assert.equal(
			privateReplyTo(greeter, parseServerLine('sam (private): hi'), bots, noon, 0),
			undefined,
		);
		assert.equal(
			privateReplyTo(oracle, parseServerLine('sam: oracle, hi'), bots, noon, 0),
			undefined,
		);
		const fromBot = parseServerLine(`${greeter.name} (private): hi`);
		assert.equal(privateReplyTo(oracle, fromBot, bots, noon, 0), undefined);
	});

	test('with three bots or more, a chatter lives in #random', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const room = await startBots(3, server.port);
		try {
			const deadline = Date.now() + 5000;
			while (!server.rooms.some((entry) => entry.room === SECOND_ROOM) && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 20)); // the /join follows the welcome
			}
			assert.deepEqual(
				server.rooms.find((entry) => entry.room === SECOND_ROOM),
				{room: SECOND_ROOM, count: 1},
			);
		} finally {
			await room.stop();
			await server.close();
		}
	});

	test('the default name is the user name made valid', () => {
		assert.equal(nameFromUser('zoe'), 'zoe');
		assert.equal(nameFromUser('John Smith'), 'John_Smith');
		assert.equal(nameFromUser('x'.repeat(40)), 'x'.repeat(24));
		assert.equal(nameFromUser(''), 'me');
	});

	test('the greeter welcomes people, not bots; the oracle answers only when addressed', () => {
		assert.match(
			replyTo(greeter, parseServerLine('--> sam entered.'), bots, noon, 0) ?? '',
			/^Welcome, sam!/,
		);
		assert.equal(
			replyTo(greeter, parseServerLine('--> oracle entered.'), bots, noon, 0),
			undefined,
		);
		assert.equal(replyTo(oracle, parseServerLine('sam: hello all'), bots, noon, 0), undefined);
		assert.equal(
			replyTo(oracle, parseServerLine('sam: oracle, what time is it?'), bots, noon, 0),
			'sam, it is 12:00 here.',
		);
		assert.equal(
			replyTo(oracle, parseServerLine('greeter: oracle loop?'), bots, noon, 0),
			undefined,
		);
		assert.equal(isAddressedTo('@Oracle hi', 'oracle'), true);
		assert.equal(isAddressedTo('oracles are', 'oracle'), false);
		assert.deepEqual(
			castBots(4).map((bot) => `${bot.role} ${bot.name}`),
			['greeter greeter', 'oracle oracle', 'chatter chatter3', 'chatter chatter4'],
		);
	});

	test("bots keep clear of their user's name (by the server's clash rule) and of each other", () => {
		const names = (count: number, taken: string[]) => castBots(count, taken).map((bot) => bot.name);
		assert.deepEqual(names(3, ['ORACLE']), ['greeter', 'oracle-2', 'chatter3']);
		assert.deepEqual(names(2, ['Greeter']), ['greeter-2', 'oracle']);
		assert.deepEqual(names(2, ['oracle', 'oracle-2']), ['greeter', 'oracle-3']);
		const cast = castBots(2, ['oracle']);
		const renamed = cast[1] as (typeof cast)[0];
		assert.equal(renamed.role, 'oracle');
		assert.match(
			replyTo(cast[0] as (typeof cast)[0], parseServerLine('--> oracle entered.'), cast, noon, 0) ??
				'',
			/^Welcome, oracle! Say hi, or ask oracle-2 something \(start your line with "oracle-2"\)\.$/,
		);
		assert.equal(
			replyTo(renamed, parseServerLine('oracle: oracle-2, what time is it?'), cast, noon, 0),
			'oracle, it is 12:00 here.',
		);
		assert.equal(replyTo(renamed, parseServerLine('sam: oracle, hi'), cast, noon, 0), undefined);
	});

	test('bots are real TCP clients: they join, greet, answer and leave', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const room = await startBots(2, server.port);
		assert.deepEqual(server.users, ['greeter', 'oracle']);
		const sam = await LineClient.named(server.port, 'sam');
		await sam.expect(
			'greeter: Welcome, sam! Say hi, or ask oracle something (start your line with "oracle").',
		);
		sam.send('oracle: will it work?');
		assert.match(await sam.line(), /^oracle: sam, /);
		await room.stop();
		await sam.expect('<-- greeter left.');
		await sam.expect('<-- oracle left.');
		sam.destroy();
		await server.close();
	});
});

const skip = !hasTmux && !process.env.CI ? 'tmux is not installed' : false;

describe('chat demo (built CLI)', () => {
	test('in a terminal: join hints, bots, chat both ways, quit shuts the server down, exit 0', {
		skip,
	}, async () => {
		const blocker = net.createServer(); // a busy port: the demo must pick another one
		await new Promise<void>((resolve) => blocker.listen(0, resolve));
		const busy = (blocker.address() as net.AddressInfo).port;
		const pane = new TmuxPane({width: 120, height: 30});
		try {
			pane.type(`${process.execPath} ${CLI_PATH} demo --port ${busy} --name zoe; echo "EXIT=$?"`);
			pane.press('Enter');
			const screen = await pane.waitFor(/nc localhost (\d+) /);
			const port = Number(/nc localhost (\d+) /.exec(screen)?.[1]);
			assert.notEqual(port, busy);
			assert.match(
				screen,
				new RegExp(`Port ${busy} is busy, so the demo is using port ${port} instead\\.`),
			);
			assert.match(
				screen,
				new RegExp(`telnet localhost ${port} +· +chat connect localhost:${port}`),
			);
			await pane.waitFor('greeter: Welcome, zoe!');

			const sam = await LineClient.named(port, 'sam');
			await sam.expect('*** Last 1 messages in #lobby:'); // the greeter's welcome to zoe
			await sam.expect(
				'greeter: Welcome, zoe! Say hi, or ask oracle something (start your line with "oracle").',
			);
			await sam.expect('*** End of history.');
			await sam.expect(
				'greeter: Welcome, sam! Say hi, or ask oracle something (start your line with "oracle").',
			);
			await pane.waitFor('--> sam entered.');
			sam.send('oracle, is this live?');
			await pane.waitFor(/oracle: sam, /);
			pane.type('hi sam, from the demo');
			pane.press('Enter');
			await sam.waitFor((line) => line === 'zoe: hi sam, from the demo');

			pane.press('C-c');
			await sam.waitFor((line) => line === '*** Server shutting down.');
			await sam.waitClosed();
			await pane.waitFor('EXIT=0');
		} finally {
			pane.kill();
			blocker.close();
		}
	});

	test('through a pipe it runs the line mode with the hints first', async () => {
		const demo = new CliProcess(['demo', '--port', '0', '--name', 'piper', '--bots', '1']);
		const match = await demo.waitForStdout(/nc localhost (\d+) /);
		const port = Number(match[1]);
		await demo.waitForStdout(/Welcome, piper!\n/);
		const sam = await LineClient.named(port, 'sam');
		await sam.waitFor((line) => line.startsWith('greeter: Welcome, sam!')); // piper's greeting may come first
		demo.child.stdin?.end('bye all\n');
		await sam.expect('piper: bye all');
		await sam.waitFor((line) => line === '*** Server shutting down.');
		assert.equal((await demo.exited).code, 0);
		assert.match(demo.stdout, /^natter demo on port \d+: you are piper, with 1 bot\.\n/);
		sam.destroy();
	});

	test('--name oracle: you are oracle, and the bot takes a free name', async () => {
		const demo = new CliProcess(['demo', '--port', '0', '--name', 'Oracle', '--bots', '2']);
		const port = Number((await demo.waitForStdout(/nc localhost (\d+) /))[1]);
		await demo.waitForStdout(/Welcome, Oracle!\n/);
		const sam = await LineClient.named(port, 'sam');
		await sam.waitFor((line) => line.startsWith('greeter: Welcome, sam!'));
		sam.send('oracle-2, are you there?');
		await sam.waitFor((line) => line.startsWith('oracle-2: sam, '));
		demo.child.stdin?.end();
		await sam.waitFor((line) => line === '*** Server shutting down.');
		assert.equal((await demo.exited).code, 0, demo.stderr);
		sam.destroy();
	});
});

describe('chat demo flags', () => {
	for (const [args, message] of [
		[['--bots', '-1'], '--bots must be a whole number from 0 to 50 (got "-1")'],
		[['--bots', 'many'], '--bots must be a whole number from 0 to 50 (got "many")'],
		[['--name', 'a b'], '--name: A name may contain only letters, digits, "_", "-" and ".".'],
		[['--port', '99999'], '--port must be a whole number from 0 to 65535 (got "99999")'],
		[['extra'], 'unexpected argument "extra" (demo takes no arguments)'],
	] as const) {
		test(`${args.join(' ')}: one line, exit 2`, async () => {
			const result = await runCli(['demo', ...args]);
			assert.equal(result.code, 2);
			assert.equal(result.stderr, `chat demo: ${message}\nRun 'chat demo --help' for usage.\n`);
		});
	}

	test('chat --help lists the commands; chat demo --help lists its flags and defaults', async () => {
		const root = await runCli(['--help']);
		assert.equal(root.code, 0);
		for (const command of ['serve', 'connect', 'demo'])
			assert.match(root.stdout, new RegExp(`^\\s+${command}\\b`, 'm'));
		const demo = await runCli(['demo', '--help']);
		assert.equal(demo.code, 0);
		for (const text of ['--port', '(default 4242)', '--name', '--bots', '(default 2)'])
			assert.ok(demo.stdout.includes(text), text);
	});
});
