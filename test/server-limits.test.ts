// The server's limits over real sockets: overlong lines, the registration timeout, capacity,
// slow consumers and flood control. Each limit is set small so the test is quick.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {type ServerOptions, startServer} from '../source/index.js';
import {LineClient} from './helpers/line-client.js';

const PROMPT = "Hi, what's your name?";

async function withServer(options: ServerOptions, body: (port: number) => Promise<void>) {
	const server = await startServer({port: 0, host: '127.0.0.1', ...options});
	try {
		await body(server.port);
	} finally {
		await server.close();
	}
}

describe('--max-line', () => {
	test('an overlong line is not sent, the sender is told, and the connection goes on', () =>
		withServer({maxLineBytes: 100}, async (port) => {
			const alice = await LineClient.named(port, 'alice');
			const bob = await LineClient.named(port, 'bob');
			await alice.expect('--> bob entered.');
			bob.send('x'.repeat(101));
			await bob.expect('*** Line too long (over 100 bytes); it was not sent.');
			bob.send(`${'y'.repeat(100)}\r`);
			await alice.expect(`bob: ${'y'.repeat(100)}`);
		}));

	test('a huge line with no LF is discarded as it streams, with one notice', () =>
		withServer({maxLineBytes: 4096, rateLinesPerSecond: 0}, async (port) => {
			const alice = await LineClient.named(port, 'alice');
			const bob = await LineClient.named(port, 'bob');
			await alice.expect('--> bob entered.');
			const megabyte = Buffer.alloc(1024 * 1024, 'z');
			for (let index = 0; index < 20; index++) bob.write(megabyte);
			await bob.expect('*** Line too long (over 4096 bytes); it was not sent.');
			bob.write('still the same line\nnext line\n');
			await alice.expect('bob: next line');
			assert.deepEqual(bob.unread, []);
		}));

	test('an overlong name gets the notice and the prompt again', () =>
		withServer({maxLineBytes: 50}, async (port) => {
			const client = await LineClient.connect(port);
			await client.expect(PROMPT);
			client.send('n'.repeat(51));
			await client.expect('*** Line too long (over 50 bytes); it was not sent.');
			await client.expect(PROMPT);
			client.send('ok');
			await client.expect('Welcome, ok!');
		}));
});

describe('--name-timeout', () => {
	test('a connection without a valid name in time is told and closed, silently for others', () =>
		withServer({nameTimeoutSeconds: 0.3}, async (port) => {
			const named = await LineClient.named(port, 'named');
			const slow = await LineClient.connect(port);
			await slow.expect(PROMPT);
			slow.send('bad name'); // rejected attempts do not reset the clock
			await slow.line();
			await slow.expect(PROMPT);
			await slow.expect('*** No name given within 0.3 seconds; closing.', 2000);
			await slow.waitClosed();
			await LineClient.named(port, 'other');
			await named.expect('--> other entered.'); // the named user was kept, and heard nothing else
		}));
});

describe('--max-clients', () => {
	test('one connection too many gets a notice instead of the prompt; a slot frees on leaving', () =>
		withServer({maxClients: 3}, async (port) => {
			const alice = await LineClient.named(port, 'alice');
			const bob = await LineClient.named(port, 'bob');
			await alice.expect('--> bob entered.');
			const unnamed = await LineClient.connect(port);
			await unnamed.expect(PROMPT);
			const extra = await LineClient.connect(port);
			await extra.expect('*** Server is full (3 connections); please try again later.');
			await extra.waitClosed();
			bob.send('quit');
			await bob.expect('Bye!');
			await alice.expect('<-- bob left.');
			const carol = await LineClient.named(port, 'carol');
			await alice.expect('--> carol entered.'); // nothing about the rejected one came first
			carol.destroy();
		}));
});

describe('--max-queue', () => {
	test('a client that never reads is dropped; others keep receiving everything', () =>
		withServer({maxQueueBytes: 256 * 1024, rateLinesPerSecond: 0}, async (port) => {
			const reader = await LineClient.named(port, 'reader');
			const sleeper = await LineClient.named(port, 'sleeper');
			await reader.expect('--> sleeper entered.');
			sleeper.socket.pause(); // never reads again
			const sender = await LineClient.named(port, 'sender');
			await reader.expect('--> sender entered.');
			const text = 'm'.repeat(4000);
			let sleeperLeft = false;
			// Chat in rounds of 100 lines (400 kB), each read by the reader before the next, until
			// the sleeper is dropped; 40 MB at most, far beyond kernel buffers and the limit together.
			for (let round = 0; round < 100 && !sleeperLeft; round++) {
				for (let index = 0; index < 100; index++) sender.send(`${round}.${index} ${text}`);
				for (let index = 0; index < 100; ) {
					const line = await reader.line(10_000);
					if (line === '<-- sleeper left.') sleeperLeft = true;
					else assert.equal(line, `sender: ${round}.${index++} ${text}`);
				}
			}
			assert.equal(sleeperLeft, true, 'the sleeper was dropped');
			assert.equal(reader.closed, false);
		}));

	test('a fast reader sent a large batch in one turn is not dropped', () =>
		withServer({maxQueueBytes: 1024, rateLinesPerSecond: 0}, async (port) => {
			const reader = await LineClient.named(port, 'reader');
			const sender = await LineClient.named(port, 'sender');
			await reader.expect('--> sender entered.');
			const lines = Array.from({length: 200}, (_, index) => `${index} ${'b'.repeat(1000)}`);
			sender.write(`${lines.join('\n')}\n`);
			for (const line of lines) await reader.expect(`sender: ${line}`);
			sender.send('still here?');
			await reader.expect('sender: still here?');
		}));
});

describe('--rate', () => {
	test('a flood is slowed, not cut: every line arrives in order, and others are not held up', () =>
		withServer({rateLinesPerSecond: 50}, async (port) => {
			const reader = await LineClient.named(port, 'reader');
			const flooder = await LineClient.named(port, 'flooder');
			await reader.expect('--> flooder entered.');
			const other = await LineClient.named(port, 'other');
			await reader.expect('--> other entered.');
			const started = Date.now();
			const count = 150; // a burst of 100, then 50 at 50 a second: about one second
			flooder.write(Array.from({length: count}, (_, index) => `flood ${index}\n`).join(''));
			await reader.expect('flooder: flood 0');
			other.send('not held up');
			let otherSeenAt = -1;
			for (let index = 1; index < count; ) {
				const line = await reader.line();
				if (line === 'other: not held up') otherSeenAt = index;
				else assert.equal(line, `flooder: flood ${index++}`);
			}
			const elapsed = Date.now() - started;
			assert.ok(
				elapsed >= 800,
				`the flood took ${elapsed} ms; flood control should spread it over about 1 s`,
			);
			assert.ok(otherSeenAt > 0 && otherSeenAt < count - 1, `other's line came at ${otherSeenAt}`);
		}));

	test('--rate 0 turns flood control off', () =>
		withServer({rateLinesPerSecond: 0}, async (port) => {
			const reader = await LineClient.named(port, 'reader');
			const flooder = await LineClient.named(port, 'flooder');
			await reader.expect('--> flooder entered.');
			flooder.write(Array.from({length: 500}, (_, index) => `f${index}\n`).join(''));
			for (let index = 0; index < 500; index++) await reader.expect(`flooder: f${index}`);
		}));

	test('lines queued by flood control are still delivered when the sender hangs up', () =>
		withServer({rateLinesPerSecond: 20}, async (port) => {
			const reader = await LineClient.named(port, 'reader');
			const flooder = await LineClient.named(port, 'flooder');
			await reader.expect('--> flooder entered.');
			flooder.write(Array.from({length: 50}, (_, index) => `last words ${index}\n`).join(''));
			flooder.end();
			for (let index = 0; index < 50; index++) await reader.expect(`flooder: last words ${index}`);
			await reader.expect('<-- flooder left.');
		}));
});

describe('shutdown', () => {
	test('close() tells every connection, named or not, and resolves even if a client never reads', async () => {
		const server = await startServer({
			port: 0,
			host: '127.0.0.1',
			rateLinesPerSecond: 0,
			shutdownGraceMs: 300,
		});
		const named = await LineClient.named(server.port, 'named');
		const unnamed = await LineClient.connect(server.port);
		await unnamed.expect(PROMPT);
		const sleeper = await LineClient.named(server.port, 'sleeper');
		await named.expect('--> sleeper entered.');
		sleeper.socket.pause();
		await server.close();
		await named.expect('*** Server shutting down.');
		await unnamed.expect('*** Server shutting down.');
		await named.waitClosed();
		await unnamed.waitClosed();
		assert.equal(server.connectionCount, 0);
	});

	test('close() announces nobody leaving: the shutdown notice is the last line everyone gets', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1', rateLinesPerSecond: 0});
		const names = ['ann', 'ben', 'cat', 'dan'];
		const clients = [];
		for (const name of names) {
			const client = await LineClient.named(server.port, name);
			for (const earlier of clients) await earlier.expect(`--> ${name} entered.`);
			clients.push(client);
		}
		await server.close();
		for (const client of clients) {
			await client.waitClosed();
			assert.deepEqual(client.unread, ['*** Server shutting down.']);
		}
	});
});
