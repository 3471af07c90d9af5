// Operators, kicks, bans (by name, address, IPv6 and CIDR range, with expiry and saved across
// restarts), mutes and per-address limits, over real sockets. Users come from different loopback
// addresses (127.0.0.1, 127.0.0.2, ...) so a ban on one address can be told from the others.

import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {
	type ChatServer,
	formatEvent,
	type ServerEvent,
	type ServerOptions,
	startServer,
} from '../source/index.js';
import {OPENSSL_MISSING, testCertificates} from './helpers/certificates.js';
import {LineClient} from './helpers/line-client.js';
import {TlsLineClient} from './helpers/tls-line-client.js';

const PROMPT = "Hi, what's your name?";
const PASSWORD = 'correct horse';
const PLAIN_WARNING = '*** Warning: that password crossed the network unencrypted; use TLS.';
const BANNED = '*** You are banned from this server.';
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/;

const tempDirs: string[] = [];
after(() => {
	for (const dir of tempDirs) rmSync(dir, {recursive: true, force: true});
});
function tempDir(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'natter-state-'));
	tempDirs.push(dir);
	return dir;
}

interface Context {
	port: number;
	server: ChatServer;
	events: ServerEvent[];
	/** A named user connecting from `from` (default 127.0.0.1). */
	named(name: string, from?: string): Promise<LineClient>;
	/** A named user who has become an operator (over plain TCP, so after the warning). */
	operator(name: string, from?: string): Promise<LineClient>;
	/** A bare connection from `from`. */
	connect(from?: string): Promise<LineClient>;
}

async function withServer(options: ServerOptions, body: (context: Context) => Promise<void>) {
	const events: ServerEvent[] = [];
	const server = await startServer({
		port: 0,
		host: '127.0.0.1',
		rateLinesPerSecond: 0,
		historyLines: 0,
		operatorPassword: PASSWORD,
		shutdownGraceMs: 300,
		log: (event) => events.push(event),
		...options,
	});
	const port = server.port;
	const host = options.host === '::' ? '::1' : '127.0.0.1';
	/** Where to connect from `from`: the loopback address of its family. */
	const target = (from: string | undefined) =>
		from === undefined ? host : from.includes(':') ? '::1' : '127.0.0.1';
	const context: Context = {
		port,
		server,
		events,
		named: (name, from) => LineClient.named(port, name, {host: target(from), localAddress: from}),
		connect: (from) => LineClient.connect(port, target(from), {localAddress: from}),
		async operator(name, from) {
			const client = await context.named(name, from);
			client.send(`/op ${PASSWORD}`);
			await client.expect(PLAIN_WARNING);
			await client.expect('*** You are now an operator.');
			return client;
		},
	};
	try {
		await body(context);
	} finally {
		await server.close();
	}
}

/** Waits for the connection to close and returns every line it was sent (after those read). */
async function closedWith(client: LineClient): Promise<string[]> {
	await client.waitClosed();
	return client.unread;
}

/** Proves `client` got nothing more: sends a marker through `via` and checks it comes next. */
async function nothingMore(client: LineClient, via: LineClient, viaName: string) {
	const marker = `marker ${Math.random()}`;
	via.send(marker);
	await client.expect(`${viaName}: ${marker}`);
}

describe('operators', () => {
	test('without a password there are no operators, and every operator command says so', () =>
		withServer({operatorPassword: undefined}, async ({named}) => {
			const alice = await named('alice');
			await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			for (const command of [
				'/op secret',
				'/kick bob',
				'/kick bob spam',
				'/ban bob',
				'/ban 10.0.0.1 5',
				'/unban 10.0.0.1',
				'/bans',
				'/mute bob',
				'/unmute bob',
			]) {
				alice.send(command);
				await alice.expect('*** There are no operators on this server.');
			}
		}));

	test('an empty password also means no operators', () =>
		withServer({operatorPassword: ''}, async ({named}) => {
			const alice = await named('alice');
			alice.send('/op ');
			alice.send('/op x');
			await alice.waitFor((line) => line === '*** There are no operators on this server.');
		}));

	test('/op over plain TCP: the warning first, then operator status', () =>
		withServer({}, async ({named}) => {
			const alice = await named('alice');
			alice.send(`/op ${PASSWORD}`);
			await alice.expect(PLAIN_WARNING);
			await alice.expect('*** You are now an operator.');
		}));

	test('/op over TLS: operator status, and no warning', {skip: OPENSSL_MISSING}, () => {
		const {server: cert, ca} = testCertificates();
		return withServer(
			{tls: {cert: cert.cert.pem, key: cert.key.pem}, tlsPort: 0},
			async ({server}) => {
				const port = server.tlsAddress?.port as number;
				const alice = await TlsLineClient.named(port, 'alice', {ca: ca.pem});
				alice.send(`/op ${PASSWORD}`);
				await alice.expect('*** You are now an operator.');
				alice.send('/op wrong');
				await alice.expect('*** You are already an operator.');
				const bob = await TlsLineClient.named(port, 'bob', {ca: ca.pem});
				await alice.expect('--> bob entered.');
				bob.send('/op wrong');
				await bob.expect('*** Wrong operator password.');
				alice.destroy();
				bob.destroy();
			},
		);
	});

	test('a wrong password is refused; the third on one connection closes it; the room sees a leave', () =>
		withServer({}, async ({named}) => {
			const alice = await named('alice');
			const bob = await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			for (let attempt = 1; attempt <= 2; attempt++) {
				bob.send(`/op guess${attempt}`);
				await bob.expect(PLAIN_WARNING);
				await bob.expect('*** Wrong operator password.');
			}
			bob.send('still here');
			await alice.expect('bob: still here');
			bob.send('/op guess3');
			assert.deepEqual(await closedWith(bob), [
				PLAIN_WARNING,
				'*** Wrong operator password.',
				'*** Too many wrong passwords.',
			]);
			await alice.expect('<-- bob left.');
		}));

	test('two wrong passwords and then the right one: operator, still connected', () =>
		withServer({}, async ({named}) => {
			const bob = await named('bob');
			for (const guess of ['a', 'b']) {
				bob.send(`/op ${guess}`);
				await bob.expect(PLAIN_WARNING);
				await bob.expect('*** Wrong operator password.');
			}
			bob.send(`/op ${PASSWORD}`);
			await bob.expect(PLAIN_WARNING);
			await bob.expect('*** You are now an operator.');
			bob.send('/bans');
			await bob.expect('*** There are no bans.');
		}));

	test('the password is exact: case, spaces and prefixes do not pass', () =>
		withServer({}, async ({named}) => {
			const bob = await named('bob');
			for (const guess of [PASSWORD.toUpperCase(), `x${PASSWORD}`, 'correct']) {
				bob.send(`/op ${guess}`);
				await bob.expect(PLAIN_WARNING);
				const answer = await bob.line();
				if (answer !== '*** Wrong operator password.') {
					assert.fail(`/op ${JSON.stringify(guess)} got ${JSON.stringify(answer)}`);
				}
				if (guess === 'correct') await bob.expect('*** Too many wrong passwords.');
			}
		}));

	test('non-operators get "You are not an operator." for every operator command', () =>
		withServer({}, async ({named}) => {
			const alice = await named('alice');
			await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			for (const command of [
				'/kick bob',
				'/ban bob',
				'/ban 10.0.0.0/8 0',
				'/unban 10.0.0.1',
				'/bans',
				'/mute bob',
				'/unmute bob',
			]) {
				alice.send(command);
				await alice.expect('*** You are not an operator.');
			}
		}));

	test('/who marks operators with (op), before (away), and it follows a /nick', () =>
		withServer({}, async ({named, operator}) => {
			const alice = await operator('alice');
			const bob = await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			bob.send('/who');
			await bob.expect('*** In #lobby (2): alice (op), bob');
			alice.send('/away lunch');
			await alice.expect('*** You are away.');
			bob.send('/who');
			await bob.expect('*** In #lobby (2): alice (op) (away), bob');
			alice.send('/nick boss');
			await alice.expect('*** You are now boss.');
			await bob.expect('--- alice is now boss.');
			bob.send('/who');
			await bob.expect('*** In #lobby (2): boss (op) (away), bob');
			alice.send('/kick bob');
			await alice.waitFor((line) => line === '*** Kicked bob.');
		}));
});

describe('/kick', () => {
	test('with a reason: the user is told and disconnected, the room sees a leave, the operator is told', () =>
		withServer({}, async ({named, operator}) => {
			const alice = await operator('alice');
			const bob = await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			const carol = await named('carol', '127.0.0.3');
			await alice.expect('--> carol entered.');
			await bob.expect('--> carol entered.');
			alice.send('/kick bob spamming the room');
			assert.deepEqual(await closedWith(bob), ['*** You were kicked by alice: spamming the room']);
			await carol.expect('<-- bob left.');
			const seen = [await alice.line(), await alice.line()];
			assert.deepEqual(seen.sort(), ['*** Kicked bob.', '<-- bob left.'].sort());
			await nothingMore(carol, alice, 'alice');
			// A kick is not a ban: bob may come straight back.
			await named('bob', '127.0.0.2');
		}));

	test('without a reason: "You were kicked by OP."', () =>
		withServer({}, async ({named, operator}) => {
			const alice = await operator('alice');
			const bob = await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			alice.send('/kick bob');
			assert.deepEqual(await closedWith(bob), ['*** You were kicked by alice.']);
		}));

	test('a user in another room: their room sees the leave, the operator only the notice', () =>
		withServer({}, async ({named, operator}) => {
			const alice = await operator('alice');
			const bob = await named('bob', '127.0.0.2');
			const carol = await named('carol', '127.0.0.3');
			await bob.expect('--> carol entered.');
			bob.send('/join #dev');
			await bob.expect('*** You are now in #dev (1 here: bob).');
			await carol.expect('<-- bob left.');
			carol.send('/join #dev');
			await carol.expect('*** You are now in #dev (2 here: bob, carol).');
			await bob.expect('--> carol entered.');
			alice.send('/kick BOB rude');
			assert.deepEqual(await closedWith(bob), ['*** You were kicked by alice: rude']);
			await carol.expect('<-- bob left.');
			await alice.waitFor((line) => line === '*** Kicked bob.');
			assert.deepEqual(alice.unread, []);
		}));

	test('an operator may kick another operator, never themselves', () =>
		withServer({}, async ({operator}) => {
			const alice = await operator('alice');
			const bob = await operator('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			bob.send('/kick bob');
			await bob.expect('*** You cannot kick yourself.');
			bob.send('/kick Bob no');
			await bob.expect('*** You cannot kick yourself.');
			bob.send('/kick alice power grab');
			assert.deepEqual(await closedWith(alice), ['*** You were kicked by bob: power grab']);
			await bob.waitFor((line) => line === '*** Kicked alice.');
		}));

	test('nobody by that name: a notice; no name: the usage', () =>
		withServer({}, async ({operator}) => {
			const alice = await operator('alice');
			alice.send('/kick zed');
			await alice.expect('*** There is nobody called zed on this server.');
			alice.send('/kick');
			assert.match(await alice.line(), /^\*\*\* Usage: \/kick NAME \[REASON\] \(/);
		}));
});

describe('/ban', () => {
	test('by name: banned like a kick, the address is banned, others are not', () =>
		withServer({}, async ({named, operator, connect}) => {
			const alice = await operator('alice');
			const bob = await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			const carol = await named('carol', '127.0.0.3');
			await alice.expect('--> carol entered.');
			await bob.expect('--> carol entered.');
			const before = Date.now();
			alice.send('/ban bob');
			assert.deepEqual(await closedWith(bob), ['*** You were banned by alice.']);
			await carol.expect('<-- bob left.');
			const seen = [await alice.line(), await alice.line()];
			assert.deepEqual(
				seen.sort(),
				['*** Banned bob (127.0.0.2) for 60 minutes.', '<-- bob left.'].sort(),
			);
			// A new connection from the address: the notice instead of the prompt, then closed.
			const again = await connect('127.0.0.2');
			await again.waitClosed();
			assert.equal(again.raw.toString(), `${BANNED}\n`);
			// Other addresses are fine.
			await named('dave', '127.0.0.4');
			// The list: the address, when it ends (60 minutes on), who set it.
			alice.send('/bans');
			const line = await alice.waitFor((text) => text.startsWith('*** 127.0.0.2'));
			const match = /^\*\*\* 127\.0\.0\.2 banned until (\S+), set by alice$/.exec(line);
			assert.ok(match, line);
			assert.match(match[1] as string, new RegExp(`^${ISO.source}$`));
			const until = Date.parse(match[1] as string);
			assert.ok(
				Math.abs(until - (before + 60 * 60_000)) < 5000,
				`ends at ${match[1]}, not 60 minutes from now`,
			);
		}));

	test('by name for MINUTES, and 0 for until lifted', () =>
		withServer({}, async ({named, operator}) => {
			const alice = await operator('alice');
			const bob = await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			alice.send('/ban bob 5');
			await bob.expect('*** You were banned by alice.');
			await alice.waitFor((line) => line === '*** Banned bob (127.0.0.2) for 5 minutes.');
			const carol = await named('carol', '127.0.0.3');
			await alice.expect('--> carol entered.');
			alice.send('/ban carol 0');
			await carol.expect('*** You were banned by alice.');
			await alice.waitFor((line) => line === '*** Banned carol (127.0.0.3) until lifted.');
			alice.send('/bans');
			assert.match(await alice.line(), /^\*\*\* 127\.0\.0\.2 banned until \S+Z, set by alice$/);
			assert.equal(await alice.line(), '*** 127.0.0.3 banned until lifted, set by alice');
		}));

	test('an address directly: new connections from it are refused; connected users stay', () =>
		withServer({}, async ({named, operator, connect}) => {
			const alice = await operator('alice');
			const bob = await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			alice.send('/ban 127.0.0.5 5');
			await alice.expect('*** Banned 127.0.0.5 for 5 minutes.');
			const refused = await connect('127.0.0.5');
			await refused.waitClosed();
			assert.equal(refused.raw.toString(), `${BANNED}\n`);
			alice.send('/ban 127.0.0.6 0');
			await alice.expect('*** Banned 127.0.0.6 until lifted.');
			alice.send('/ban 127.0.0.7');
			await alice.expect('*** Banned 127.0.0.7 for 60 minutes.');
			await nothingMore(bob, alice, 'alice');
		}));

	test("/ban 127.0.0.1 bans the operator's own address: they stay, newcomers from it are refused", () =>
		withServer({}, async ({operator, connect, named}) => {
			const alice = await operator('alice');
			alice.send('/ban 127.0.0.1');
			await alice.expect('*** Banned 127.0.0.1 for 60 minutes.');
			const refused = await connect('127.0.0.1');
			await refused.waitClosed();
			assert.equal(refused.raw.toString(), `${BANNED}\n`);
			await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			alice.send('/unban 127.0.0.1');
			await alice.expect('*** Unbanned 127.0.0.1.');
			await named('carol', '127.0.0.1');
			await alice.expect('--> carol entered.');
		}));

	test('a CIDR range: /ban 127.0.0.0/8 refuses every loopback address until lifted', () =>
		withServer({}, async ({operator, connect}) => {
			const alice = await operator('alice');
			alice.send('/ban 127.0.0.0/8 0');
			await alice.expect('*** Banned 127.0.0.0/8 until lifted.');
			for (const from of ['127.0.0.1', '127.0.0.2', '127.255.0.9']) {
				const refused = await connect(from);
				await refused.waitClosed();
				assert.equal(refused.raw.toString(), `${BANNED}\n`, from);
			}
			alice.send('/bans');
			await alice.expect('*** 127.0.0.0/8 banned until lifted, set by alice');
			alice.send('/unban 127.0.0.0/8');
			await alice.expect('*** Unbanned 127.0.0.0/8.');
			const welcome = await connect('127.0.0.2');
			await welcome.expect(PROMPT);
		}));

	test('a narrower range leaves the rest alone: /ban 127.0.0.0/31', () =>
		withServer({}, async ({operator, connect}) => {
			const alice = await operator('alice');
			alice.send('/ban 127.0.0.0/31 0');
			await alice.expect('*** Banned 127.0.0.0/31 until lifted.');
			const refused = await connect('127.0.0.1');
			await refused.waitClosed();
			assert.equal(refused.raw.toString(), `${BANNED}\n`);
			const fine = await connect('127.0.0.2');
			await fine.expect(PROMPT);
		}));

	test('IPv6: /ban ::1 refuses ::1 and not 127.0.0.1; /ban 127.0.0.1 works through a dual-stack socket', () =>
		withServer({host: '::'}, async ({operator, connect, named}) => {
			const alice = await operator('alice', '::1');
			alice.send('/ban ::1 0');
			await alice.expect('*** Banned ::1 until lifted.');
			const refused = await connect('::1');
			await refused.waitClosed();
			assert.equal(refused.raw.toString(), `${BANNED}\n`);
			const bob = await named('bob', '127.0.0.1');
			await alice.expect('--> bob entered.');
			alice.send('/ban bob');
			await bob.expect('*** You were banned by alice.');
			await alice.waitFor((line) => line === '*** Banned bob (127.0.0.1) for 60 minutes.');
			const refused4 = await connect('127.0.0.1');
			await refused4.waitClosed();
			assert.equal(refused4.raw.toString(), `${BANNED}\n`);
			alice.send('/bans');
			await alice.expect('*** ::1 banned until lifted, set by alice');
			assert.match(await alice.line(), /^\*\*\* 127\.0\.0\.1 banned until \S+Z, set by alice$/);
		}));

	test('IPv6 by name and by range: /ban NAME shows ::1, /ban ::/96 covers ::1', () =>
		withServer({host: '::'}, async ({operator, connect, named}) => {
			const alice = await operator('alice', '127.0.0.1');
			const bob = await named('bob', '::1');
			await alice.expect('--> bob entered.');
			alice.send('/ban bob 0');
			await bob.expect('*** You were banned by alice.');
			await alice.waitFor((line) => line === '*** Banned bob (::1) until lifted.');
			alice.send('/unban ::1');
			await alice.expect('*** Unbanned ::1.');
			alice.send('/ban ::/96 0');
			await alice.expect('*** Banned ::/96 until lifted.');
			const refused = await connect('::1');
			await refused.waitClosed();
			assert.equal(refused.raw.toString(), `${BANNED}\n`);
			const fine = await connect('127.0.0.2');
			await fine.expect(PROMPT);
		}));

	test('a ban is lifted by any spelling of the same address', () =>
		withServer({host: '::'}, async ({operator, connect}) => {
			const alice = await operator('alice', '127.0.0.1');
			alice.send('/ban 0:0:0:0:0:0:0:1 0');
			await alice.line();
			const refused = await connect('::1');
			await refused.waitClosed();
			assert.equal(refused.raw.toString(), `${BANNED}\n`);
			alice.send('/unban ::1');
			assert.equal(await alice.line(), '*** Unbanned ::1.', 'the ban on ::1 written in full');
		}));

	test('a range is shown and lifted by its network: /ban 127.0.0.5/8 is 127.0.0.0/8', () =>
		withServer({}, async ({operator}) => {
			const alice = await operator('alice');
			alice.send('/ban 127.0.0.5/8 0');
			await alice.expect('*** Banned 127.0.0.0/8 until lifted.');
			alice.send('/unban 127.0.0.0/8');
			await alice.expect('*** Unbanned 127.0.0.0/8.');
		}));

	test('a banned address over TLS: the notice after the handshake, then closed', {
		skip: OPENSSL_MISSING,
	}, () => {
		const {server: cert, ca} = testCertificates();
		return withServer(
			{tls: {cert: cert.cert.pem, key: cert.key.pem}, tlsPort: 0},
			async ({server, operator}) => {
				const alice = await operator('alice');
				alice.send('/ban 127.0.0.2');
				await alice.expect('*** Banned 127.0.0.2 for 60 minutes.');
				const refused = await TlsLineClient.connect(server.tlsAddress?.port as number, {
					ca: ca.pem,
					localAddress: '127.0.0.2',
				});
				await refused.waitClosed();
				assert.equal(refused.raw.toString(), `${BANNED}\n`);
			},
		);
	});

	test('you cannot ban yourself; an unknown target is neither a user nor an address', () =>
		withServer({}, async ({operator}) => {
			const alice = await operator('alice');
			alice.send('/ban alice');
			await alice.expect('*** You cannot ban yourself.');
			alice.send('/ban zed');
			assert.match(
				await alice.line(),
				/^\*\*\* zed is neither someone on this server nor an address/,
			);
			alice.send('/bans');
			await alice.expect('*** There are no bans.');
		}));

	test('/unban of an address without a ban, and /bans with none', () =>
		withServer({}, async ({operator}) => {
			const alice = await operator('alice');
			alice.send('/unban 10.0.0.1');
			await alice.expect('*** There is no ban on 10.0.0.1.');
			alice.send('/bans');
			await alice.expect('*** There are no bans.');
			alice.send('/ban 10.0.0.1 0');
			await alice.expect('*** Banned 10.0.0.1 until lifted.');
			alice.send('/unban 10.0.0.1');
			await alice.expect('*** Unbanned 10.0.0.1.');
			alice.send('/unban 10.0.0.1');
			await alice.expect('*** There is no ban on 10.0.0.1.');
			alice.send('/bans');
			await alice.expect('*** There are no bans.');
		}));
});

describe('/mute', () => {
	test("a muted user's lines, actions and private messages go nowhere; each gets the notice", () =>
		withServer({historyLines: 10}, async ({named, operator}) => {
			const alice = await operator('alice');
			const bob = await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			const carol = await named('carol', '127.0.0.3');
			await alice.expect('--> carol entered.');
			await bob.expect('--> carol entered.');
			carol.send('/msg bob hi bob');
			await bob.expect('carol (private): hi bob');
			alice.send('/mute bob');
			await alice.expect('*** Muted bob.');
			for (const line of ['hello?', '/me shouts', '/msg carol psst', '/reply psst', '//slash']) {
				bob.send(line);
				await bob.expect('*** You are muted.');
			}
			await nothingMore(carol, alice, 'alice');
			await nothingMore(alice, carol, 'carol');
			// Nothing went into the history either.
			const dave = await named('dave', '127.0.0.4');
			assert.equal(await dave.line(), '*** Last 2 messages in #lobby:');
			assert.match(await dave.line(), /^alice: marker /);
			assert.match(await dave.line(), /^carol: marker /);
			assert.equal(await dave.line(), '*** End of history.');
		}));

	test('/unmute lets them speak again; unmuting someone not muted says so', () =>
		withServer({}, async ({named, operator}) => {
			const alice = await operator('alice');
			const bob = await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			alice.send('/unmute bob');
			await alice.expect('*** bob is not muted.');
			alice.send('/mute bob');
			await alice.expect('*** Muted bob.');
			bob.send('muffled');
			await bob.expect('*** You are muted.');
			alice.send('/unmute bob');
			await alice.expect('*** Unmuted bob.');
			bob.send('audible');
			await alice.expect('bob: audible');
			bob.send('/msg alice hi');
			await alice.expect('bob (private): hi');
		}));

	test('an operator can mute another operator, and nobody can mute or unmute themselves', () =>
		withServer({}, async ({operator}) => {
			const alice = await operator('alice');
			const bob = await operator('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			alice.send('/mute alice');
			await alice.expect('*** You cannot mute yourself.');
			alice.send('/unmute alice');
			await alice.expect('*** You cannot unmute yourself.');
			alice.send('/mute bob');
			await alice.expect('*** Muted bob.');
			bob.send('can I talk?');
			await bob.expect('*** You are muted.');
			alice.send('/mute zed');
			await alice.expect('*** There is nobody called zed on this server.');
		}));
});

describe('--max-per-address', () => {
	test('one more connection from a full address is told and closed; nobody else notices', () =>
		withServer({maxPerAddress: 2}, async ({named, connect}) => {
			const alice = await named('alice', '127.0.0.1');
			const unnamed = await connect('127.0.0.1');
			await unnamed.expect(PROMPT);
			const extra = await connect('127.0.0.1');
			await extra.waitClosed();
			assert.equal(extra.raw.toString(), '*** Too many connections from your address.\n');
			// Another address is fine.
			const bob = await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			await nothingMore(alice, bob, 'bob');
			assert.deepEqual(unnamed.unread, []);
			// A slot frees when one leaves.
			unnamed.send('/quit');
			await unnamed.expect('Bye!');
			await unnamed.waitClosed();
			const carol = await named('carol', '127.0.0.1');
			await alice.expect('--> carol entered.');
			carol.send('/quit');
		}));

	test('0 (the default) is no limit', () =>
		withServer({}, async ({connect}) => {
			const clients = [];
			for (let index = 0; index < 12; index++) clients.push(await connect('127.0.0.1'));
			for (const client of clients) await client.expect(PROMPT);
			for (const client of clients) client.destroy();
		}));

	test('plain and TLS connections from one address count together', {skip: OPENSSL_MISSING}, () => {
		const {server: cert, ca} = testCertificates();
		return withServer(
			{maxPerAddress: 1, tls: {cert: cert.cert.pem, key: cert.key.pem}, tlsPort: 0},
			async ({server, named}) => {
				const tlsPort = server.tlsAddress?.port as number;
				const alice = await named('alice', '127.0.0.1');
				const extra = await TlsLineClient.connect(tlsPort, {ca: ca.pem, localAddress: '127.0.0.1'});
				await extra.waitClosed();
				assert.equal(extra.raw.toString(), '*** Too many connections from your address.\n');
				const bob = await TlsLineClient.named(tlsPort, 'bob', {
					ca: ca.pem,
					localAddress: '127.0.0.2',
				});
				await alice.expect('--> bob entered.');
				const extraTls = await TlsLineClient.connect(tlsPort, {
					ca: ca.pem,
					localAddress: '127.0.0.2',
				});
				await extraTls.waitClosed();
				assert.equal(extraTls.raw.toString(), '*** Too many connections from your address.\n');
				bob.destroy();
			},
		);
	});
});

describe('bans on disk (stateDir)', () => {
	test('bans are saved to DIR/bans.json, survive a restart, and an unban is saved too', async () => {
		const dir = path.join(tempDir(), 'not-yet-there');
		await withServer({stateDir: dir}, async ({named, operator}) => {
			const alice = await operator('alice');
			await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			alice.send('/ban bob 0');
			await alice.waitFor((line) => line === '*** Banned bob (127.0.0.2) until lifted.');
			alice.send('/ban 10.0.0.0/8 30');
			await alice.expect('*** Banned 10.0.0.0/8 for 30 minutes.');
		});
		const saved = JSON.parse(readFileSync(path.join(dir, 'bans.json'), 'utf8'));
		assert.equal(saved.length, 2);
		assert.deepEqual(saved[0], {address: '127.0.0.2', until: null, by: 'alice'});
		assert.equal(saved[1].address, '10.0.0.0/8');
		assert.equal(saved[1].by, 'alice');
		assert.ok(Math.abs(Date.parse(saved[1].until) - (Date.now() + 30 * 60_000)) < 10_000);
		assert.deepEqual(readdirSync(dir), ['bans.json'], 'no temporary files are left behind');

		await withServer({stateDir: dir}, async ({connect, operator}) => {
			const refused = await connect('127.0.0.2');
			await refused.waitClosed();
			assert.equal(refused.raw.toString(), `${BANNED}\n`);
			const alice = await operator('alice');
			alice.send('/bans');
			await alice.expect('*** 127.0.0.2 banned until lifted, set by alice');
			assert.match(await alice.line(), /^\*\*\* 10\.0\.0\.0\/8 banned until \S+Z, set by alice$/);
			alice.send('/unban 127.0.0.2');
			await alice.expect('*** Unbanned 127.0.0.2.');
		});
		const after = JSON.parse(readFileSync(path.join(dir, 'bans.json'), 'utf8'));
		assert.deepEqual(
			after.map((ban: {address: string}) => ban.address),
			['10.0.0.0/8'],
		);
		await withServer({stateDir: dir}, async ({connect}) => {
			const welcome = await connect('127.0.0.2');
			await welcome.expect(PROMPT);
		});
	});

	test('the file in the documented format is loaded: until null, and a time', async () => {
		const dir = tempDir();
		writeFileSync(
			path.join(dir, 'bans.json'),
			JSON.stringify([
				{address: '127.0.0.2', until: null, by: 'alice'},
				{address: '127.0.0.3', until: '2099-12-04T23:10:00.000Z', by: 'bob'},
			]),
		);
		await withServer({stateDir: dir}, async ({connect, operator}) => {
			for (const from of ['127.0.0.2', '127.0.0.3']) {
				const refused = await connect(from);
				await refused.waitClosed();
				assert.equal(refused.raw.toString(), `${BANNED}\n`);
			}
			const alice = await operator('alice');
			alice.send('/bans');
			await alice.expect('*** 127.0.0.2 banned until lifted, set by alice');
			await alice.expect('*** 127.0.0.3 banned until 2099-12-04T23:10:00Z, set by bob');
		});
	});

	test('an expired ban no longer applies; one ending a second from now ends then', async () => {
		const dir = tempDir();
		const soon = new Date(Date.now() + 1200).toISOString();
		writeFileSync(
			path.join(dir, 'bans.json'),
			JSON.stringify([
				{address: '127.0.0.2', until: '2020-01-01T00:00:00.000Z', by: 'alice'},
				{address: '127.0.0.3', until: soon, by: 'alice'},
			]),
		);
		await withServer({stateDir: dir}, async ({connect, operator}) => {
			const past = await connect('127.0.0.2');
			await past.expect(PROMPT);
			const refused = await connect('127.0.0.3');
			await refused.waitClosed();
			assert.equal(refused.raw.toString(), `${BANNED}\n`);
			const alice = await operator('alice');
			alice.send('/bans');
			assert.match(await alice.line(), /^\*\*\* 127\.0\.0\.3 banned until /);
			await new Promise((resolve) => setTimeout(resolve, 1400));
			const later = await connect('127.0.0.3');
			await later.expect(PROMPT);
			alice.send('/bans');
			await alice.expect('*** There are no bans.');
		});
	});

	for (const [what, text] of [
		['not JSON', '[{"address": '],
		['an empty file', ''],
		['an object, not a list', '{}'],
		['a bad address', '[{"address":"999.1.1.1","until":null,"by":"alice"}]'],
		['a bad time', '[{"address":"10.0.0.1","until":"tomorrow","by":"alice"}]'],
		['no operator', '[{"address":"10.0.0.1","until":null}]'],
	] as const) {
		test(`a corrupt file (${what}) is one clear error naming it, never ignored`, async () => {
			const dir = tempDir();
			const file = path.join(dir, 'bans.json');
			writeFileSync(file, text);
			await assert.rejects(
				startServer({port: 0, host: '127.0.0.1', stateDir: dir, operatorPassword: 'pw'}),
				(error: Error) => {
					assert.ok(error.message.includes(file), error.message);
					assert.ok(!error.message.includes('\n'), 'one line');
					return true;
				},
			);
			assert.equal(readFileSync(file, 'utf8'), text, 'the file is left as it was');
		});
	}

	test('a ban without stateDir is kept in memory only', async () => {
		await withServer({}, async ({operator}) => {
			const alice = await operator('alice');
			alice.send('/ban 10.0.0.1');
			await alice.expect('*** Banned 10.0.0.1 for 60 minutes.');
		});
		assert.equal(existsSync(path.join(process.cwd(), 'bans.json')), false);
	});
});

describe('the event log', () => {
	test('every operator action is logged with who, whom, what and why; the password never is', () =>
		withServer({}, async ({named, operator, events}) => {
			const alice = await operator('alice');
			await named('bob', '127.0.0.2');
			await alice.expect('--> bob entered.');
			const carol = await named('carol', '127.0.0.3');
			await alice.expect('--> carol entered.');
			carol.send('/op nope');
			await carol.expect(PLAIN_WARNING);
			await carol.expect('*** Wrong operator password.');
			alice.send('/mute carol');
			await alice.expect('*** Muted carol.');
			alice.send('/unmute carol');
			await alice.expect('*** Unmuted carol.');
			alice.send('/kick bob spam');
			await alice.waitFor((line) => line === '*** Kicked bob.');
			alice.send('/ban carol 5');
			await alice.waitFor((line) => line === '*** Banned carol (127.0.0.3) for 5 minutes.');
			alice.send('/ban 10.0.0.0/8 0');
			await alice.expect('*** Banned 10.0.0.0/8 until lifted.');
			alice.send('/unban 10.0.0.0/8');
			await alice.expect('*** Unbanned 10.0.0.0/8.');
			const lines = events.map((event) => formatEvent(event).replace(/^\S+ /, ''));
			const ops = lines.filter((line) => line.startsWith('op '));
			const alicePeer = /op alice op from (127\.0\.0\.1:\d+)$/.exec(ops[0] ?? '')?.[1];
			assert.ok(alicePeer, ops.join('\n'));
			assert.deepEqual(
				ops.map((line) => line.replace(/ from 127\.0\.0\.\d:\d+$/, ' from PEER')),
				[
					'op alice op from PEER',
					'op carol wrong-password from PEER',
					'op alice mute carol from PEER',
					'op alice unmute carol from PEER',
					'op alice kick bob (spam) from PEER',
					'op alice ban carol (127.0.0.3, 5 minutes) from PEER',
					'op alice ban 10.0.0.0/8 (10.0.0.0/8, until lifted) from PEER',
					'op alice unban 10.0.0.0/8 from PEER',
				],
			);
			assert.ok(
				lines.some((line) => /^leave bob from 127\.0\.0\.2:\d+ \(kicked\)$/.test(line)),
				lines.join('\n'),
			);
			assert.ok(
				lines.some((line) => /^leave carol from 127\.0\.0\.3:\d+ \(banned\)$/.test(line)),
				lines.join('\n'),
			);
			const everything = JSON.stringify(events);
			assert.ok(
				!everything.includes(PASSWORD) && !everything.includes('nope'),
				'no password is logged',
			);
		}));
});
