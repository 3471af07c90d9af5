// The Ink client rendered with ink-testing-library against a real server on port 0: naming,
// sending, receiving every kind of line, editing keys, quitting, reconnecting, hostile input.

import assert from 'node:assert/strict';
import net from 'node:net';
import {afterEach, describe, test} from 'node:test';
import {ChatClient, type ChatClientOptions} from '../source/client/chat-client.js';
import {type ChatServer, type ServerOptions, startServer} from '../source/index.js';
import {ChatApp} from '../source/ui/ChatApp.js';
import {LineClient} from './helpers/line-client.js';
import {type RenderedApp, renderApp} from './helpers/render-app.js';

/** Whether this machine can listen on ::1 (some containers have no IPv6). */
const ipv6Loopback = await new Promise<boolean>((resolve) => {
	const probe = net.createServer();
	probe.once('error', () => resolve(false));
	probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(clientOptions: ChatClientOptions = {}, serverOptions: ServerOptions = {}) {
	const server = await startServer({port: 0, host: '127.0.0.1', ...serverOptions});
	cleanups.push(() => server.close());
	const client = new ChatClient({host: '127.0.0.1', port: server.port, ...clientOptions});
	cleanups.push(() => client.close());
	client.hold(); // as the CLI does: nothing is lost before the app subscribes
	await client.connect();
	let exited = false;
	const app = renderApp(
		<ChatApp
			client={client}
			onExit={() => {
				exited = true;
			}}
		/>,
	);
	cleanups.push(() => app.unmount());
	return {server, client, app, exited: () => exited};
}

/** The input line (the last line of the frame). */
const inputLine = (app: RenderedApp) => app.frame().split('\n').at(-1) ?? '';

describe('ChatApp', () => {
	test('--name answers the prompt; the status line says where and as whom', async () => {
		const {app, server} = await setup({name: 'zoe'});
		await app.waitForFrame('Welcome, zoe!');
		await app.waitForFrame(`● connected · zoe · #lobby (1) · 127.0.0.1:${server.port}`);
		await app.waitForFrame('› ');
		assert.match(
			inputLine(app),
			/type a message \(Ctrl-C quits\)/,
			'the input line says how to leave',
		);
		assert.doesNotMatch(
			app.frame(),
			/what's your name|choose a name/,
			'no name prompt with --name',
		);
	});

	test('an IPv6 server: the status line shows [::1]:PORT, as it would be typed', {
		skip: ipv6Loopback ? false : 'no IPv6 loopback on this machine',
	}, async () => {
		const {app, server} = await setup({name: 'six', host: '::1'}, {host: '::1'});
		await app.waitForFrame(`● connected · six · #lobby (1) · [::1]:${server.port}`);
	});

	test('lines that arrive before the app mounts are still shown, in order', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		cleanups.push(() => server.close());
		const client = new ChatClient({host: '127.0.0.1', port: server.port, name: 'early'});
		cleanups.push(() => client.close());
		client.hold();
		await client.connect(); // resolves once welcomed
		const app = renderApp(<ChatApp client={client} onExit={() => {}} />);
		cleanups.push(() => app.unmount());
		await app.waitForFrame('Welcome, early!');
		await app.waitForFrame('● connected · early · #lobby');
	});

	test('without --name, the first line typed is the name', async () => {
		const {app, server} = await setup();
		await app.waitForFrame("Hi, what's your name?");
		await app.waitForFrame('type your name');
		const sam = await LineClient.named(server.port, 'sam');
		app.type('amy');
		app.type('\r');
		await app.waitForFrame('Welcome, amy!');
		await sam.expect('--> amy entered.');
		assert.ok(!app.frame().includes('(you): amy'), 'the name is not shown as a message');
		sam.destroy();
	});

	test('a rejected name is explained and another can be typed', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		cleanups.push(() => server.close());
		const owner = await LineClient.named(server.port, 'taken');
		const {app} = await setup({port: server.port});
		await app.waitForFrame('type your name');
		app.type('TAKEN\r');
		await app.waitForFrame('*** The name TAKEN is taken; please choose another.');
		await app.waitForFrame(/another\.\n.*Hi, what's your name\?/);
		await app.waitForFrame('type your name');
		app.type('other\r');
		await app.waitForFrame('Welcome, other!');
		await owner.expect('--> other entered.');
		owner.destroy();
	});

	test('Ctrl-C at the name prompt leaves without taking "quit" as a name', async () => {
		const {app, server, exited} = await setup();
		await app.waitForFrame('type your name');
		const sam = await LineClient.named(server.port, 'sam');
		app.type('\u0003');
		await app.waitForFrame(() => exited());
		const zed = await LineClient.named(server.port, 'zed');
		await sam.expect('--> zed entered.'); // the next line: no "--> quit entered."
		zed.destroy();
		sam.destroy();
	});

	test('sending: shown as yours, received by a raw-socket user', async () => {
		const {app, server} = await setup({name: 'zoe'});
		await app.waitForFrame('Welcome, zoe!');
		const sam = await LineClient.named(server.port, 'sam');
		await app.waitForFrame('--> sam entered.');
		app.type('hello sam 👋\r');
		await sam.expect('zoe: hello sam 👋');
		await app.waitForFrame('zoe (you): hello sam 👋');
		sam.destroy();
	});

	test('receiving: messages, joins, leaves and notices, each drawn', async () => {
		const {app, server} = await setup({name: 'zoe'}, {maxLineBytes: 20});
		await app.waitForFrame('Welcome, zoe!');
		const sam = await LineClient.named(server.port, 'sam');
		await app.waitForFrame('--> sam entered.');
		sam.send('hi zoe');
		await app.waitForFrame('sam: hi zoe');
		sam.send('quit');
		await app.waitForFrame('<-- sam left.');
		app.type(`${'x'.repeat(30)}\r`);
		await app.waitForFrame('*** Line too long (over 20 bytes); it was not sent.');
		assert.match(app.frame(), /\d\d:\d\d sam: hi zoe/, 'lines carry a time stamp');
	});

	test('editing keys and history', async () => {
		const {app, server} = await setup({name: 'zoe'});
		await app.waitForFrame('Welcome, zoe!');
		const sam = await LineClient.named(server.port, 'sam');
		app.type('helo wrld');
		app.type('\u001b[D'.repeat(6)); // Left ×6: the cursor is before the "o" of "helo"
		app.type('l');
		await app.waitForFrame((frame) => (frame.split('\n').at(-1) ?? '').includes('hello wrld'));
		app.type('\u0005'); // Ctrl-E: end
		app.type('\u007f\u007f\u007f\u007f'); // Backspace ×4
		app.type('world');
		app.type('\u0001'); // Ctrl-A: start
		app.type('\u001b[3~'); // Delete under the cursor
		app.type('H\r');
		await sam.expect('zoe: Hello world');
		app.type('scratch that\u0017'); // Ctrl-W deletes "that"
		app.type('\u0015'); // Ctrl-U deletes the rest
		app.type('\u001b[A'); // Up: the last line sent
		await app.waitForFrame(() => inputLine(app).includes('Hello world'));
		app.type('!\r');
		await sam.expect('zoe: Hello world!');
		app.type('one\rtwo\r'); // a paste of two lines sends two lines, in order
		await sam.expect('zoe: one');
		await sam.expect('zoe: two');
		sam.destroy();
	});

	test('quit and /quit say Bye!, then exit; so do Ctrl-C and Ctrl-D on an empty line', async () => {
		for (const keys of ['quit\r', '/quit\r', '\u0003', '\u0004']) {
			const {app, client, exited, server} = await setup({name: 'zoe'});
			await app.waitForFrame('Welcome, zoe!');
			const sam = await LineClient.named(server.port, 'sam');
			await app.waitForFrame('--> sam entered.');
			app.type(keys);
			await sam.expect('<-- zoe left.');
			await app.waitForFrame('Bye!');
			assert.equal(client.state.status, 'closed');
			await app.waitForFrame(() => exited());
			assert.equal(exited(), true, `exited after ${JSON.stringify(keys)}`);
			sam.destroy();
			for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
		}
	});

	test('connection loss: the status says so, it reconnects, names itself again and marks the gap', async () => {
		const {app, server} = await setup({name: 'zoe', reconnectInitialMs: 50});
		await app.waitForFrame('Welcome, zoe!');
		const port = server.port;
		await server.close();
		await app.waitForFrame('*** Server shutting down.');
		await app.waitForFrame(/↻ reconnecting in \d+s · 127\.0\.0\.1:\d+/);
		const again: ChatServer = await startServer({port, host: '127.0.0.1'});
		cleanups.push(() => again.close());
		await app.waitForFrame(/── connection lost at \d\d:\d\d, back at \d\d:\d\d ──/, 5000);
		await app.waitForFrame(`● connected · zoe · #lobby (1) · 127.0.0.1:${port}`);
		const sam = await LineClient.named(port, 'sam');
		app.type('back again\r');
		await sam.expect('zoe: back again');
		assert.equal(app.frame().split('Welcome, zoe!').length - 1, 2, 'welcomed twice');
		assert.doesNotMatch(app.frame(), /what's your name/, 'named again without a prompt shown');
		sam.destroy();
	});

	test('hostile escape sequences from other users or the server are drawn harmless', async () => {
		const {app, server} = await setup({name: 'zoe'}, {rateLinesPerSecond: 0});
		await app.waitForFrame('Welcome, zoe!');
		const mallory = await LineClient.named(server.port, 'mallory');
		mallory.send('\u001b[2J\u001b[H\u001b]0;owned\u0007\u001b[31mred\u0007\u202eevil');
		await app.waitForFrame('mallory: redevil');
		assert.doesNotMatch(app.frame(), /owned|\u001b|\u0007|\u202e/);
		mallory.destroy();
	});
});
