// ChatClient's naming handshake: the pure steps, then the library over real sockets: connect()
// resolves only once welcomed, a refused name rejects with the server's reason, send() is never a
// name, quit() at the prompt says /quit, non-chat servers fail in time, reconnects do not loop.

import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {ChatClient, type ClientState} from '../source/client/chat-client.js';
import {
	chooseName,
	closedBeforeReady,
	NameRefusedError,
	type Naming,
	nextNaming,
	notReadyInTime,
	startNaming,
} from '../source/client/naming.js';
import {startServer, wire} from '../source/index.js';
import {parseServerLine} from '../source/protocol/server-line.js';
import {LineClient} from './helpers/line-client.js';
import {
	httpKeepOpen,
	httpThenClose,
	onLines,
	scriptedServer,
	silent,
} from './helpers/scripted-server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function chatServer(options: Parameters<typeof startServer>[0] = {}) {
	const server = await startServer({port: 0, host: '127.0.0.1', ...options});
	cleanups.push(() => server.close());
	return server;
}

function client(port: number, options: ConstructorParameters<typeof ChatClient>[0] = {}) {
	const chat = new ChatClient({host: '127.0.0.1', port, reconnect: false, ...options});
	cleanups.push(() => chat.close());
	return chat;
}

async function user(port: number, name: string) {
	const line = await LineClient.named(port, name);
	cleanups.push(() => line.destroy());
	return line;
}

/** Resolves with the first state (current or next) that matches; fails after `timeoutMs`. */
function stateWhere(
	chat: ChatClient,
	match: (state: ClientState) => boolean,
	timeoutMs = 3000,
): Promise<ClientState> {
	if (match(chat.state)) return Promise.resolve(chat.state);
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			chat.off('state', onState);
			reject(
				new Error(`no matching state within ${timeoutMs} ms; last: ${JSON.stringify(chat.state)}`),
			);
		}, timeoutMs);
		const onState = (state: ClientState) => {
			if (!match(state)) return;
			clearTimeout(timer);
			chat.off('state', onState);
			resolve(state);
		};
		chat.on('state', onState);
	});
}

const line = parseServerLine;
const step = (naming: Naming, raw: string, own?: string) => nextNaming(naming, line(raw), own);

describe('naming handshake (pure)', () => {
	test('with a name of its own: prompt → offered (sent once) → welcomed', () => {
		const offered = step(startNaming(), wire.PROMPT, 'zoe');
		assert.equal(offered.offer, 'zoe');
		assert.deepEqual(offered.naming, {step: 'offered', name: 'zoe', auto: true, notice: undefined});
		assert.deepEqual(step(offered.naming, 'Welcome, zoe!', 'zoe'), {
			naming: {step: 'welcomed', name: 'zoe'},
		});
	});

	test('its own name refused: the notice is the reason, and the handshake ends', () => {
		let naming = step(startNaming(), wire.PROMPT, 'zoe').naming;
		naming = step(naming, '*** The name zoe is taken; please choose another.', 'zoe').naming;
		const after = step(naming, wire.PROMPT, 'zoe');
		assert.equal(after.offer, undefined, 'the name is not offered again');
		assert.deepEqual(after.naming, {
			step: 'refused',
			name: 'zoe',
			reason: 'The name zoe is taken; please choose another.',
		});
		assert.deepEqual(step(after.naming, wire.PROMPT, 'zoe').naming, after.naming);
	});

	test("without a name: prompted; the user's name, once refused, is asked for again", () => {
		const prompted = step(startNaming(), wire.PROMPT).naming;
		assert.deepEqual(prompted, {step: 'prompted', refusal: undefined});
		assert.equal(chooseName(startNaming(), 'amy'), undefined, 'not before the prompt');
		const offered = chooseName(prompted, 'amy') as Naming;
		assert.equal(chooseName(offered, 'bea'), undefined, 'not while a name awaits its answer');
		const refused = step(
			step(offered, '*** A name must be 1 to 24 characters long.').naming,
			wire.PROMPT,
		);
		assert.deepEqual(refused.naming, {
			step: 'prompted',
			refusal: 'A name must be 1 to 24 characters long.',
		});
	});

	test('reasons for a connection that never got in', () => {
		assert.match(closedBeforeReady(startNaming()), /without asking for a name/);
		assert.equal(
			closedBeforeReady(
				step(startNaming(), '*** Server is full (1 connections); please try again later.').naming,
			),
			'Server is full (1 connections); please try again later.',
		);
		assert.equal(
			notReadyInTime(startNaming(), 10_000),
			'no name prompt from the server within 10 s (is it a chat server?)',
		);
		assert.equal(
			notReadyInTime(step(startNaming(), wire.PROMPT, 'zoe').naming, 500),
			'no welcome for the name "zoe" within 0.5 s',
		);
	});
});

describe('ChatClient naming (real sockets)', () => {
	test('connect() resolves once welcomed: send() then quit() are a message and a leave', async () => {
		const server = await chatServer();
		const sam = await user(server.port, 'sam');
		const ci = client(server.port, {name: 'ci'});
		await ci.connect();
		assert.deepEqual(ci.state, {status: 'connected', name: 'ci'});
		assert.equal(ci.send('build 42 passed'), true);
		await ci.quit();
		await sam.expect('--> ci entered.');
		await sam.expect('ci: build 42 passed');
		await sam.expect('<-- ci left.');
	});

	test("a taken name: connect() rejects with the server's reason; nobody sees it", async () => {
		const server = await chatServer();
		const owner = await user(server.port, 'ci');
		const ci = client(server.port, {name: 'CI'});
		const error = await ci.connect().then(
			() => assert.fail('connect() resolved'),
			(error: unknown) => error,
		);
		assert.ok(error instanceof NameRefusedError);
		assert.equal(
			error.message,
			'the server did not accept the name "CI": The name CI is taken; please choose another.',
		);
		assert.equal(error.reason, 'The name CI is taken; please choose another.');
		assert.deepEqual(ci.state, {status: 'closed', reason: error.message});
		await ci.quit(); // already closed: says nothing
		await user(server.port, 'zed');
		await owner.expect('--> zed entered.'); // the next line: no "--> quit entered."
	});

	test("an invalid name: connect() rejects with the server's reason", async () => {
		const server = await chatServer();
		const bot = client(server.port, {name: 'two words'});
		await assert.rejects(bot.connect(), {
			name: 'NameRefusedError',
			message:
				'the server did not accept the name "two words": A name may contain only letters, digits, "_", "-" and ".".',
		});
	});

	test('send() before the welcome returns false and never becomes a name', async () => {
		const server = await chatServer();
		const sam = await user(server.port, 'sam');
		const ci = client(server.port, {name: 'ci'});
		const early: boolean[] = [];
		ci.on('state', (state) => {
			if (state.status !== 'connected') early.push(ci.send(`early ${state.status}`));
		});
		const connecting = ci.connect();
		early.push(ci.send('early at once'));
		await connecting;
		assert.ok(early.length >= 2, `sends tried in ${early.length} states`);
		assert.deepEqual(
			early,
			early.map(() => false),
		);
		ci.send('later');
		await sam.expect('--> ci entered.');
		await sam.expect('ci: later');
	});

	test('quit() at the name prompt says /quit: nobody sees a user called "quit"', async () => {
		const server = await chatServer();
		const sam = await user(server.port, 'sam');
		const shy = client(server.port);
		await shy.connect(); // without a name: resolves at the prompt
		assert.deepEqual(shy.state, {status: 'naming', offered: undefined, refusal: undefined});
		await shy.quit();
		assert.deepEqual(shy.state, {status: 'closed', reason: 'quit'});
		await user(server.port, 'zed');
		await sam.expect('--> zed entered.');
	});

	test('without a name, chooseName() answers the prompt; a refusal is a state, not an error', async () => {
		const server = await chatServer();
		await user(server.port, 'amy');
		const chat = client(server.port);
		await chat.connect();
		assert.equal(chat.send('amy'), false, 'send() is never a name');
		assert.equal(chat.chooseName('AMY'), true);
		assert.equal(chat.chooseName('bea'), false, 'one name at a time');
		assert.deepEqual(
			await stateWhere(chat, (state) => state.status === 'naming' && !state.offered),
			{
				status: 'naming',
				offered: undefined,
				refusal: 'The name AMY is taken; please choose another.',
			},
		);
		assert.equal(chat.chooseName('bea'), true);
		await stateWhere(chat, (state) => state.status === 'connected');
		assert.equal(chat.name, 'bea');
	});

	test("a full server: connect() rejects with the server's notice", async () => {
		const server = await chatServer({maxClients: 1});
		await user(server.port, 'sam');
		await assert.rejects(client(server.port, {name: 'ci'}).connect(), {
			message: 'Server is full (1 connections); please try again later.',
		});
	});

	test('a silent server: connect() rejects at the connect timeout', async () => {
		const server = await scriptedServer(silent);
		cleanups.push(() => server.close());
		const bot = client(server.port, {name: 'ci', connectTimeoutMs: 300});
		await assert.rejects(bot.connect(), {
			message: 'no name prompt from the server within 0.3 s (is it a chat server?)',
		});
		assert.equal(bot.state.status, 'closed');
	});

	test('an HTTP server that answers and hangs up: rejects, saying it never asked for a name', async () => {
		const server = await scriptedServer(httpThenClose);
		cleanups.push(() => server.close());
		await assert.rejects(client(server.port, {name: 'ci'}).connect(), {
			message: 'the server closed the connection without asking for a name (is it a chat server?)',
		});
	});

	test('an HTTP server that keeps talking: rejects at the connect timeout', async () => {
		const server = await scriptedServer(httpKeepOpen);
		cleanups.push(() => server.close());
		await assert.rejects(client(server.port, {name: 'ci', connectTimeoutMs: 300}).connect(), {
			message: 'no name prompt from the server within 0.3 s (is it a chat server?)',
		});
	});

	test('a name refused while reconnecting closes the client with the reason, without retrying', async () => {
		// The first connection welcomes zoe and is cut; the next one finds the name taken.
		const server = await scriptedServer((socket, index) => {
			socket.write(`${wire.PROMPT}\n`);
			onLines(socket, (name) => {
				if (index === 0) {
					socket.write(`Welcome, ${name}!\n`, () => socket.destroy());
				} else {
					socket.write(`*** The name ${name} is taken; please choose another.\n${wire.PROMPT}\n`);
				}
			});
		});
		cleanups.push(() => server.close());
		const zoe = client(server.port, {name: 'zoe', reconnect: true, reconnectInitialMs: 20});
		const lines: string[] = [];
		zoe.on('line', (received) => lines.push(received.text));
		await zoe.connect();
		const closed = await stateWhere(zoe, (state) => state.status === 'closed');
		assert.deepEqual(closed, {
			status: 'closed',
			reason:
				'the server did not accept the name "zoe": The name zoe is taken; please choose another.',
		});
		assert.equal(server.connections, 2, 'one reconnect, no loop');
		assert.deepEqual(lines, ['Welcome, zoe!', '*** The name zoe is taken; please choose another.']);
	});
});
