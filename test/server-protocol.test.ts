// The seed's protocol over real sockets on port 0: transcripts, line endings, no echo, quit,
// leaving by EOF and reset, silent unnamed disconnects, telnet bytes and names.

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {type ChatServer, startServer} from '../source/index.js';
import {LineClient} from './helpers/line-client.js';

const PROMPT = "Hi, what's your name?";

describe('the seed protocol', () => {
	let server: ChatServer;
	before(async () => {
		server = await startServer({
			port: 0,
			host: '127.0.0.1',
			rateLinesPerSecond: 0,
			historyLines: 0,
		});
	});
	after(() => server.close());

	test('two users: the seed transcript, byte for byte', async () => {
		const alice = await LineClient.connect(server.port);
		await alice.expect(PROMPT);
		alice.send('alice');
		await alice.expect('Welcome, alice!');
		const bob = await LineClient.connect(server.port);
		await bob.expect(PROMPT);
		bob.send('bob');
		await bob.expect('Welcome, bob!');
		await alice.expect('--> bob entered.');
		alice.send('hello bob');
		await bob.expect('alice: hello bob');
		bob.send('hi alice');
		await alice.expect('bob: hi alice');
		bob.send('quit');
		await bob.expect('Bye!');
		await bob.waitClosed();
		await alice.expect('<-- bob left.');
		assert.equal(
			bob.raw.toString(),
			"Hi, what's your name?\nWelcome, bob!\nalice: hello bob\nBye!\n",
		);
		assert.equal(
			alice.raw.toString(),
			"Hi, what's your name?\nWelcome, alice!\n--> bob entered.\nbob: hi alice\n<-- bob left.\n",
		);
		alice.send('quit');
		await alice.waitClosed();
	});

	test('ten users: every line reaches the nine others once, in order, never the sender', async () => {
		const names = Array.from({length: 10}, (_, index) => `user${index}`);
		const users: LineClient[] = [];
		for (const name of names) {
			const user = await LineClient.named(server.port, name);
			for (const earlier of users) await earlier.expect(`--> ${name} entered.`);
			users.push(user);
		}
		for (const [index, user] of users.entries()) user.send(`line from ${names[index]}`);
		for (const [index, user] of users.entries()) {
			const received = [];
			for (let count = 0; count < 9; count++) received.push(await user.line());
			const expected = names
				.filter((_, other) => other !== index)
				.map((name) => `${name}: line from ${name}`);
			assert.deepEqual(received.sort(), expected.sort());
		}
		for (const [index, user] of users.entries()) {
			user.send('quit');
			await user.expect('Bye!');
			for (const other of users.slice(index + 1)) await other.expect(`<-- ${names[index]} left.`);
		}
	});

	test('CR LF from telnet is accepted and the server sends bare LF', async () => {
		const carol = await LineClient.connect(server.port);
		await carol.expect(PROMPT);
		carol.write('carol\r\n');
		await carol.expect('Welcome, carol!');
		const dave = await LineClient.named(server.port, 'dave');
		await carol.expect('--> dave entered.');
		carol.write('hi\r\n');
		await dave.expect('carol: hi');
		assert.equal(carol.raw.includes('\r'), false);
		assert.equal(dave.raw.includes('\r'), false);
		carol.destroy();
		dave.destroy();
	});

	test('the sender gets no echo of its own line', async () => {
		const erin = await LineClient.named(server.port, 'erin');
		const frank = await LineClient.named(server.port, 'frank');
		await erin.expect('--> frank entered.');
		erin.send('only for frank');
		await frank.expect('erin: only for frank');
		frank.send('ping');
		await erin.expect('frank: ping'); // had an echo been sent, it would have come first
		erin.destroy();
		frank.destroy();
	});

	test('blank and whitespace-only lines are not relayed', async () => {
		const gail = await LineClient.named(server.port, 'gail');
		const hank = await LineClient.named(server.port, 'hank');
		await gail.expect('--> hank entered.');
		gail.write('\n   \n\t\n\u001b[2J\n\u0007\r\nreal\n');
		await hank.expect('gail: real');
		gail.destroy();
		hank.destroy();
	});

	test('/quit works like quit, and anything after quit is ignored', async () => {
		const ivan = await LineClient.named(server.port, 'ivan');
		const jane = await LineClient.named(server.port, 'jane');
		await ivan.expect('--> jane entered.');
		jane.write('/quit\nafter quit\n');
		await jane.expect('Bye!');
		await jane.waitClosed();
		await ivan.expect('<-- jane left.');
		ivan.send('marker');
		const kate = await LineClient.named(server.port, 'kate');
		await ivan.expect('--> kate entered.');
		kate.send('from kate');
		await ivan.expect('kate: from kate'); // "jane: after quit" never arrived
		ivan.destroy();
		kate.destroy();
	});

	test('leaving by EOF: one leave line, and a last line cut off by EOF is still sent', async () => {
		const liam = await LineClient.named(server.port, 'liam');
		const mona = await LineClient.named(server.port, 'mona');
		await liam.expect('--> mona entered.');
		mona.write('no newline at the end');
		mona.end();
		await liam.expect('mona: no newline at the end');
		await liam.expect('<-- mona left.');
		await mona.waitClosed();
		const nick = await LineClient.named(server.port, 'nick');
		await liam.expect('--> nick entered.');
		liam.destroy();
		nick.destroy();
	});

	test('leaving by reset: exactly one leave line', async () => {
		const olga = await LineClient.named(server.port, 'olga');
		const pete = await LineClient.named(server.port, 'pete');
		await olga.expect('--> pete entered.');
		pete.reset();
		await olga.expect('<-- pete left.');
		const quinn = await LineClient.named(server.port, 'quinn');
		await olga.expect('--> quinn entered.'); // no second leave line came before it
		olga.destroy();
		quinn.destroy();
	});

	test('a connection that never named itself leaves silently', async () => {
		const rose = await LineClient.named(server.port, 'rose');
		const anonymous = await LineClient.connect(server.port);
		await anonymous.expect(PROMPT);
		anonymous.send('bad name!');
		await anonymous.expect('*** A name may contain only letters, digits, "_", "-" and ".".');
		anonymous.destroy();
		const quiet = await LineClient.connect(server.port);
		await quiet.expect(PROMPT);
		quiet.reset();
		const sam = await LineClient.named(server.port, 'sam');
		await rose.expect('--> sam entered.'); // nothing about the unnamed ones came first
		rose.destroy();
		sam.destroy();
	});

	test('telnet IAC sequences are removed, also in the name and across packets', async () => {
		const tina = await LineClient.named(server.port, 'tina');
		const telnet = await LineClient.connect(server.port);
		await telnet.expect(PROMPT);
		telnet.write(Buffer.from([255, 251, 31, 255, 253]));
		telnet.write(Buffer.concat([Buffer.from([1]), Buffer.from('ul'), Buffer.from([255])]));
		telnet.write(Buffer.concat([Buffer.from([241]), Buffer.from('a\r\n')]));
		await telnet.expect('Welcome, ula!');
		await tina.expect('--> ula entered.');
		telnet.write(
			Buffer.concat([Buffer.from('hi '), Buffer.from([255, 250, 24, 0]), Buffer.from('xx')]),
		);
		telnet.write(Buffer.concat([Buffer.from([255, 240]), Buffer.from('there\r\n')]));
		await tina.expect('ula: hi there');
		tina.destroy();
		telnet.destroy();
	});

	test('telnet Ctrl-C: DO TIMING-MARK is answered, and relays keep arriving after it', async () => {
		const will = Buffer.from([255, 251, 6]); // IAC WILL TIMING-MARK
		const wes = await LineClient.named(server.port, 'wes');
		const telnet = await LineClient.named(server.port, 'xena');
		await wes.expect('--> xena entered.');
		telnet.write(Buffer.from([255, 244, 255, 253])); // IAC IP IAC DO, split before the option
		telnet.write(Buffer.from([6]));
		await telnet.waitForBytes(will);
		wes.send('still there?');
		await telnet.waitForBytes(Buffer.from('wes: still there?\n'));
		telnet.send('yes');
		await wes.expect('xena: yes');
		telnet.send('quit');
		await telnet.waitClosed();
		assert.deepEqual(
			telnet.raw,
			Buffer.concat([
				Buffer.from("Hi, what's your name?\nWelcome, xena!\n"),
				will,
				Buffer.from('wes: still there?\nBye!\n'),
			]),
		);
		wes.destroy();
	});

	test('UTF-8 split across packets arrives whole; invalid bytes become U+FFFD', async () => {
		const uma = await LineClient.named(server.port, 'uma');
		const vic = await LineClient.named(server.port, 'vic');
		await uma.expect('--> vic entered.');
		const text = Buffer.from('héllo 👋\n');
		for (const byte of text) vic.write(Buffer.from([byte]));
		await uma.expect('vic: héllo 👋');
		vic.write(Buffer.from([0x61, 0xc3, 0x28, 0x0a]));
		await uma.expect('vic: a\uFFFD(');
		uma.destroy();
		vic.destroy();
	});
});

describe('names', () => {
	let server: ChatServer;
	before(async () => {
		server = await startServer({port: 0, host: '127.0.0.1'});
	});
	after(() => server.close());

	test('names of any script, trimmed and NFC-normalised', async () => {
		for (const [typed, name] of [
			['Zoë', 'Zoë'],
			['  Łukasz  ', 'Łukasz'],
			['अमित', 'अमित'],
			['Zoe\u0308y', 'Zoëy'],
		]) {
			const client = await LineClient.connect(server.port);
			await client.expect(PROMPT);
			client.send(typed as string);
			await client.expect(`Welcome, ${name}!`);
			client.destroy();
			await client.waitClosed();
		}
	});

	test('an invalid name gets one notice and the prompt again; the user can retry', async () => {
		const client = await LineClient.connect(server.port);
		await client.expect(PROMPT);
		for (const bad of ['', 'A'.repeat(25), 'with space', 'colon:', '--> fake']) {
			client.send(bad);
			assert.match(await client.line(), /^\*\*\* A name /);
			await client.expect(PROMPT);
		}
		client.send('A'.repeat(24));
		await client.expect(`Welcome, ${'A'.repeat(24)}!`);
		client.destroy();
	});

	test('names are unique after case folding, and free again once their owner leaves', async () => {
		const zoe = await LineClient.named(server.port, 'Zoë');
		const other = await LineClient.connect(server.port);
		await other.expect(PROMPT);
		other.send('ZOË');
		await other.expect('*** The name ZOË is taken; please choose another.');
		await other.expect(PROMPT);
		other.send('Zoë');
		await other.expect('*** The name Zoë is taken; please choose another.');
		await other.expect(PROMPT);
		zoe.send('quit');
		await zoe.waitClosed();
		other.send('zoë');
		await other.expect('Welcome, zoë!');
		other.destroy();
	});

	test('escape sequences in a name are stripped before the rules apply', async () => {
		const client = await LineClient.connect(server.port);
		await client.expect(PROMPT);
		client.send('\u001b[31mred\u001b[0m');
		await client.expect('Welcome, red!');
		client.destroy();
	});

	test('/quit at the name prompt says Bye! and closes', async () => {
		const client = await LineClient.connect(server.port);
		await client.expect(PROMPT);
		client.send('/quit');
		await client.expect('Bye!');
		await client.waitClosed();
	});
});

describe('look-alike names', () => {
	let server: ChatServer;
	before(async () => {
		server = await startServer({port: 0, host: '127.0.0.1'});
	});
	after(() => server.close());

	test('a name that looks like an online one is refused, with a notice naming it', async () => {
		const alice = await LineClient.named(server.port, 'alice');
		const bob = await LineClient.named(server.port, 'Bob');
		const other = await LineClient.connect(server.port);
		await other.expect(PROMPT);
		for (const [typed, online] of [
			['аlice', 'alice'], // Cyrillic а
			['ａｌｉｃｅ', 'alice'], // fullwidth
			['a1ice', 'alice'],
			['Воb', 'Bob'], // Cyrillic В and о
		]) {
			other.send(typed as string);
			await other.expect(
				`*** The name ${typed} is taken: it looks like ${online}; please choose another.`,
			);
			await other.expect(PROMPT);
		}
		other.send('alice');
		await other.expect('*** The name alice is taken; please choose another.');
		await other.expect(PROMPT);
		other.send('alicia');
		await other.expect('Welcome, alicia!');
		for (const name of ['Zoë', 'Łukasz', 'अमित']) {
			const client = await LineClient.named(server.port, name);
			client.destroy();
			await client.waitClosed();
		}
		alice.send('quit');
		await alice.waitClosed();
		const newcomer = await LineClient.named(server.port, 'аlice'); // free once alice has left
		for (const client of [bob, other, newcomer]) client.destroy();
	});
});

describe('hostile text', () => {
	let server: ChatServer;
	before(async () => {
		server = await startServer({
			port: 0,
			host: '127.0.0.1',
			rateLinesPerSecond: 0,
			historyLines: 0,
		});
	});
	after(() => server.close());

	test('escape sequences, controls and bidi overrides never reach another user', async () => {
		const victim = await LineClient.named(server.port, 'victim');
		const attacker = await LineClient.named(server.port, 'attacker');
		await victim.expect('--> attacker entered.');
		const attacks = [
			['\u001b[2J\u001b[Hcleared', 'cleared'],
			['\u001b]0;owned\u0007title', 'title'],
			['\u001b]2;owned\u001b\\title2', 'title2'],
			['bell\u0007\u0007', 'bell'],
			['\u202eesrever', 'esrever'],
			['tab\tkept', 'tab\tkept'],
			['back\b\b\bspace', 'backspace'],
			['c1\u009b31mcsi', 'c1csi'],
		];
		for (const [attack] of attacks) attacker.send(attack as string);
		for (const [, safe] of attacks) await victim.expect(`attacker: ${safe}`);
		assert.equal(
			/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/.test(victim.raw.toString()),
			false,
		);
		victim.destroy();
		attacker.destroy();
	});
});
