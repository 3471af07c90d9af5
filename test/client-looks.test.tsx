// The Ink client's new looks and keys, rendered with ink-testing-library against a real server:
// every line kind, the status line's room and count, mentions and the bell (and --no-bell and
// /bell), Tab completion, local /help, Ctrl-C clearing a line, refused lines, and the <Static>
// generations the transcript relies on (which must fail loudly if an Ink upgrade changes them).

import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {ChatClient} from '../source/client/chat-client.js';
import {type ServerOptions, startServer} from '../source/index.js';
import {ChatApp} from '../source/ui/ChatApp.js';
import {Transcript} from '../source/ui/Transcript.js';
import {entry} from '../source/ui/transcript-entries.js';
import {LineClient} from './helpers/line-client.js';
import {renderApp} from './helpers/render-app.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup({bell = true, server: serverOptions = {} as ServerOptions} = {}) {
	const server = await startServer({port: 0, host: '127.0.0.1', ...serverOptions});
	cleanups.push(() => server.close());
	const sam = await LineClient.named(server.port, 'sam');
	cleanups.push(() => sam.destroy());
	const client = new ChatClient({host: '127.0.0.1', port: server.port, name: 'zoe'});
	cleanups.push(() => client.close());
	client.hold();
	await client.connect();
	let bells = 0;
	const app = renderApp(
		<ChatApp client={client} bell={bell} terminal={{bell: () => bells++}} onExit={() => {}} />,
	);
	cleanups.push(() => app.unmount());
	await app.waitForFrame('● connected · zoe · #lobby (2)');
	await sam.expect('--> zoe entered.');
	return {server, sam, client, app, bells: () => bells};
}

const input = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('ChatApp: line kinds', () => {
	test('private both ways, actions, nick changes, /who and /rooms, notices', async () => {
		const {sam, app} = await setup();
		sam.send('/msg zoe psst');
		await app.waitForFrame('sam (private): psst');
		app.type('/msg sam hello back\r');
		await sam.expect('zoe (private): hello back');
		await app.waitForFrame('→ sam (private): hello back');
		app.type('/reply again\r');
		await sam.expect('zoe (private): again');
		await app.waitForFrame('→ sam (private): again');
		sam.send('/me waves');
		await app.waitForFrame('* sam waves');
		app.type('/me bows\r');
		await sam.expect('* zoe bows');
		await app.waitForFrame('* zoe bows');
		sam.send('/nick samuel');
		await app.waitForFrame('--- sam is now samuel.');
		app.type('/who\r');
		await app.waitForFrame('*** In #lobby (2): samuel, zoe');
		app.type('/rooms\r');
		await app.waitForFrame('*** Rooms: #lobby (2)');
		app.type('/nonsense\r');
		await app.waitForFrame('*** Unknown command /nonsense');
	});

	test('a room change: the status line follows; history is dimmed between dividers', async () => {
		const {sam, app} = await setup();
		sam.send('/join #dev');
		await app.waitForFrame('<-- sam left.');
		await app.waitForFrame('● connected · zoe · #lobby (1)');
		sam.send('old news');
		await sam.expect('*** You are now in #dev (1 here: sam).');
		app.type('/join #dev\r');
		await app.waitForFrame('*** You are now in #dev (2 here: sam, zoe).');
		await app.waitForFrame(/── history: last 1 in #dev ──\n\s+sam: old news\n.*── live ──/);
		await app.waitForFrame('● connected · zoe · #dev (2)');
		sam.send('new news');
		await app.waitForFrame(/\d\d:\d\d sam: new news/);
	});

	test('a line the server refuses is marked not sent, not shown as sent', async () => {
		const {app} = await setup({server: {maxLineBytes: 20}});
		app.type(`${'x'.repeat(30)}\r`);
		await app.waitForFrame('*** Line too long (over 20 bytes); it was not sent.');
		await app.waitForFrame(`✗ zoe (not sent): ${'x'.repeat(30)}`);
		assert.doesNotMatch(app.frame(), /zoe \(you\): x/);
		app.type(`${'y'.repeat(30)}\r`); // now the limit is known: refused without sending
		await app.waitForFrame(`✗ zoe (not sent): ${'y'.repeat(30)}`);
	});
});

describe('ChatApp: mentions, the bell, completion and keys', () => {
	test('a mention is highlighted and rings once; your own lines and others do not', async () => {
		const {sam, app, bells} = await setup();
		app.type('zoe here\r');
		await sam.expect('zoe: zoe here');
		sam.send('hello all');
		await app.waitForFrame('sam: hello all');
		assert.equal(bells(), 0);
		sam.send('hey @ZOE look');
		await app.waitForFrame('sam: hey @ZOE look');
		assert.equal(bells(), 1);
		sam.send('/msg zoe private');
		await app.waitForFrame('sam (private): private');
		assert.equal(bells(), 2);
		app.type('/bell off\r');
		await app.waitForFrame('*** The bell is off.');
		sam.send('zoe again');
		await app.waitForFrame('sam: zoe again');
		assert.equal(bells(), 2);
		app.type('/bell on\r');
		await app.waitForFrame('*** The bell is on.');
	});

	test('bell={false} (--no-bell): mentions never ring', async () => {
		const {sam, app, bells} = await setup({bell: false});
		sam.send('zoe?');
		await app.waitForFrame('sam: zoe?');
		sam.send('/msg zoe psst');
		await app.waitForFrame('sam (private): psst');
		assert.equal(bells(), 0);
	});

	test('Tab completes names (": " at the start, a space elsewhere), commands and rooms; cycles; others accept', async () => {
		const {server, sam, app} = await setup();
		const ann = await LineClient.named(server.port, 'samantha');
		cleanups.push(() => ann.destroy());
		await app.waitForFrame('● connected · zoe · #lobby (3)');
		sam.send('I spoke last');
		await app.waitForFrame('sam: I spoke last');
		app.type('sa');
		app.type('\t');
		await app.waitForFrame((frame) => /› sam: {0,2}$/.test(input(frame)));
		app.type('\t');
		await app.waitForFrame((frame) => /› samantha: {0,2}$/.test(input(frame)));
		app.type('hi');
		await app.waitForFrame((frame) => input(frame).includes('› samantha: hi'));
		app.type('\u0003'); // Ctrl-C clears a half-typed line
		await app.waitForFrame((frame) => input(frame).includes('type a message'));
		app.type('/he');
		app.type('\t');
		await app.waitForFrame((frame) => /› \/help {0,2}$/.test(input(frame)));
		app.type('\u0015/msg samanth');
		app.type('\t');
		app.type('hi');
		await app.waitForFrame((frame) => input(frame).includes('› /msg samantha hi'));
		app.type('\u0015/join #l');
		app.type('\t');
		await app.waitForFrame((frame) => input(frame).includes('› /join #lobby'));
	});

	test('/help: the server’s commands, then the client’s own keys and commands', async () => {
		const {app} = await setup();
		app.type('/help\r');
		await app.waitForFrame(
			/\*\*\* Commands:[\s\S]*\/quit[\s\S]*Client keys and commands[\s\S]*\/bell on\|off[\s\S]*\/clear/,
		);
	});
});

describe('Transcript (<Static> generations)', () => {
	test('each entry is printed exactly once, across generations', async () => {
		const made = (from: number, count: number) =>
			Array.from({length: count}, (_, index) => entry('other', `line ${from + index}.`));
		const first = made(1, 3);
		const app = renderApp(<Transcript entries={first} generation={0} />);
		cleanups.push(() => app.unmount());
		const second = [...first, ...made(4, 2)];
		app.rerender(<Transcript entries={second} generation={0} />);
		app.rerender(<Transcript entries={made(6, 2)} generation={1} />);
		const frame = await app.waitForFrame('line 7.');
		for (let line = 1; line <= 7; line++) {
			assert.equal(frame.split(`line ${line}.`).length - 1, 1, `line ${line} once:\n${frame}`);
		}
	});
});

describe('Transcript (a repainted generation)', () => {
	test('blank rows come first, or the first entry is cut at its top', async () => {
		const long = entry('message', `first ${'word '.repeat(30)}last`, 'sam'); // two rows at 100
		const app = renderApp(
			<Transcript entries={[entry('other', 'alone')]} generation={0} lead={{blank: 2, skip: 0}} />,
		);
		cleanups.push(() => app.unmount());
		const padded = await app.waitForFrame('alone');
		assert.match(padded, /^\n\n\S.*alone/, `two blank rows, then the entry:\n${padded}`);

		const cut = renderApp(
			<Transcript entries={[long]} generation={0} lead={{blank: 0, skip: 1}} />,
		);
		cleanups.push(() => cut.unmount());
		const frame = await cut.waitForFrame('last');
		assert.doesNotMatch(frame, /sam|first/, `the first row is left out:\n${frame}`);
		assert.match(frame, /^ {11}\S/m, 'the rows keep their hanging indent under the body');
	});
});
