// The social layer over real sockets on port 0, checked black-box against its specification:
// commands, rooms, private messages, presence and history, each sentence of the spec by one or
// more tests, with the exact strings the spec makes a contract. "Nothing was sent" is proved by a
// later marker line: the next line the user reads is the marker.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {type ServerOptions, startServer} from '../source/index.js';
import {openFileLimit} from '../source/server/fd-limit.js';
import {LineClient} from './helpers/line-client.js';

const PROMPT = "Hi, what's your name?";

interface Harness {
	readonly port: number;
	/** A raw connection, before the name prompt was read. */
	connect(): Promise<LineClient>;
	/** Connects and names itself; the welcome has been read. */
	named(name: string): Promise<LineClient>;
	/** Names users one after another in the lobby, each earlier one reading the newcomer's entry. */
	lobby(...names: string[]): Promise<LineClient[]>;
}

/** A fresh server per test, so rooms, names and history start empty; everything closed after. */
async function withServer(
	options: ServerOptions,
	body: (harness: Harness) => Promise<void>,
): Promise<void> {
	const server = await startServer({
		port: 0,
		host: '127.0.0.1',
		rateLinesPerSecond: 0,
		historyLines: 0,
		...options,
	});
	const clients: LineClient[] = [];
	const harness: Harness = {
		port: server.port,
		async connect() {
			const client = await LineClient.connect(server.port);
			clients.push(client);
			return client;
		},
		async named(name) {
			const client = await LineClient.named(server.port, name);
			clients.push(client);
			return client;
		},
		async lobby(...names) {
			const users: LineClient[] = [];
			for (const name of names) {
				const user = await harness.named(name);
				for (const earlier of users) await earlier.expect(`--> ${name} entered.`);
				users.push(user);
			}
			return users;
		},
	};
	try {
		await body(harness);
	} finally {
		for (const client of clients) client.destroy();
		await server.close();
	}
}

const MARK = '/zz-mark';
const MARK_ANSWER = '*** Unknown command /zz-mark; /help lists the commands.';

/**
 * Proves `client` has been sent nothing more than what was read: it asks something of its own,
 * and the answer is the very next line. (Whatever another user's earlier action sent it would have
 * been queued before this answer, as long as that action was seen to take effect first.)
 */
async function nothingMore(client: LineClient): Promise<void> {
	client.send(MARK);
	await client.expect(MARK_ANSWER);
}

/** Reads lines up to the marker answer (which is sent first), returning the lines before it. */
async function linesUntilMark(client: LineClient): Promise<string[]> {
	client.send(MARK);
	const lines: string[] = [];
	for (;;) {
		const line = await client.line();
		if (line === MARK_ANSWER) return lines;
		lines.push(line);
	}
}

/** `/join ROOM` and the lines it gives the user, its old room and its new room. */
async function joinRoom(
	user: LineClient,
	name: string,
	typed: string,
	expected: {room: string; here: string[]; oldRoom?: LineClient[]; newRoom?: LineClient[]},
): Promise<void> {
	user.send(`/join ${typed}`);
	await user.expect(
		`*** You are now in ${expected.room} (${expected.here.length} here: ${expected.here.join(', ')}).`,
	);
	for (const other of expected.oldRoom ?? []) await other.expect(`<-- ${name} left.`);
	for (const other of expected.newRoom ?? []) await other.expect(`--> ${name} entered.`);
}

describe('commands in general', () => {
	test('the command word is case-insensitive, for every command and alias', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/WHO');
			await bob.expect('*** In #lobby (2): ann, bob');
			bob.send('/NaMeS');
			await bob.expect('*** In #lobby (2): ann, bob');
			bob.send('/ME waves');
			await ann.expect('* bob waves');
			bob.send('/MSG ann one');
			await ann.expect('bob (private): one');
			bob.send('/Tell ann two');
			await ann.expect('bob (private): two');
			ann.send('/REPLY three');
			await bob.expect('ann (private): three');
			bob.send('/AWAY');
			await bob.expect('*** You are away.');
			bob.send('/BACK');
			await bob.expect('*** You are back.');
			bob.send('/ROOMS');
			await bob.expect('*** Rooms: #lobby (2)');
			bob.send('/HELP');
			await bob.expect('*** Commands:');
			await linesUntilMark(bob);
			bob.send('/NICK bo');
			await bob.expect('*** You are now bo.');
			await ann.expect('--- bob is now bo.');
			bob.send('/JOIN Dev');
			await bob.expect('*** You are now in #Dev (1 here: bo).');
			await ann.expect('<-- bo left.');
			bob.send('/QUIT');
			await bob.expect('Bye!');
			await bob.waitClosed();
			await nothingMore(ann);
		}));

	test('arguments are separated by any white space: several spaces or tabs', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/msg   ann   spaced out');
			await ann.expect('bob (private): spaced out');
			bob.send('/msg\tann\ttabbed');
			await ann.expect('bob (private): tabbed');
			bob.send('/me\t\tjumps');
			await ann.expect('* bob jumps');
			bob.send('/join \t dev');
			await bob.expect('*** You are now in #dev (1 here: bob).');
			await ann.expect('<-- bob left.');
			bob.send('/nick\tbobby');
			await bob.expect('*** You are now bobby.');
			bob.send('/who ');
			await bob.expect('*** In #dev (1): bobby');
		}));

	test('the text of /msg and /me keeps its inner white space as typed', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/msg ann a  b\tc');
			await ann.expect('bob (private): a  b\tc');
			bob.send('/me a  b');
			await ann.expect('* bob a  b');
		}));

	test('/help: first line "*** Commands:", then one "*** " line per command naming it, with its arguments', () =>
		withServer({}, async ({named}) => {
			const ann = await named('ann');
			ann.send('/help');
			await ann.expect('*** Commands:');
			const lines = await linesUntilMark(ann);
			for (const line of lines) assert.match(line, /^\*\*\* /, `not a notice: ${line}`);
			const commands = [
				['help', '/help'],
				['who', '/who'],
				['me', '/me TEXT'],
				['msg', '/msg NAME TEXT'],
				['reply', '/reply TEXT'],
				['nick', '/nick NEW'],
				['away', '/away [REASON]'],
				['back', '/back'],
				['join', '/join ROOM'],
				['rooms', '/rooms'],
				['op', '/op PASSWORD'],
				['kick', '/kick NAME [REASON]'],
				['ban', '/ban NAME|ADDRESS [MINUTES]'],
				['unban', '/unban ADDRESS'],
				['bans', '/bans'],
				['mute', '/mute NAME'],
				['unmute', '/unmute NAME'],
				['quit', '/quit'],
			] as const;
			// One line per command, and one for //TEXT.
			assert.equal(lines.length, commands.length + 1, `one line per command: ${lines.join(' | ')}`);
			for (const [word, usage] of commands) {
				const naming = lines.filter((line) => new RegExp(`^\\*\\*\\* /${word}[ :]`).test(line));
				assert.equal(naming.length, 1, `exactly one line names /${word}: ${lines.join(' | ')}`);
				assert.ok(naming[0]?.startsWith(`*** ${usage}`), `${naming[0]} gives ${usage}`);
				assert.ok((naming[0]?.length ?? 0) > `*** ${usage}`.length + 3, `a few words for /${word}`);
			}
			const whoLine = lines.find((line) => line.startsWith('*** /who')) ?? '';
			assert.match(whoLine, /\/names\b/, 'the /who line names its alias /names');
			const msgLine = lines.find((line) => line.startsWith('*** /msg')) ?? '';
			assert.match(msgLine, /\/tell\b/, 'the /msg line names its alias /tell');
		}));

	test('/help also says how to send a line starting with "/" (//TEXT), as "everything below is listed"', () =>
		withServer({}, async ({named}) => {
			const ann = await named('ann');
			ann.send('/help');
			await ann.expect('*** Commands:');
			const lines = await linesUntilMark(ann);
			assert.ok(
				lines.some((line) => line.includes('//')),
				`no /help line mentions //TEXT: ${lines.join(' | ')}`,
			);
		}));

	test('an unknown command gets the exact notice (the word as typed) and is not relayed', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/frob the knob');
			await bob.expect('*** Unknown command /frob; /help lists the commands.');
			bob.send('/FROB');
			await bob.expect('*** Unknown command /FROB; /help lists the commands.');
			bob.send('/whois ann');
			await bob.expect('*** Unknown command /whois; /help lists the commands.');
			bob.send('marker');
			await ann.expect('bob: marker'); // none of the unknown commands reached ann
		}));

	test('a known command with missing or bad arguments gets a "*** " usage line and is not relayed', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			const cases: [string, RegExp][] = [
				['/who everyone', /^\*\*\* Usage: \/who\b/],
				['/names everyone', /^\*\*\* Usage: \/(who|names)\b/],
				['/me', /^\*\*\* Usage: \/me TEXT\b/],
				['/me    ', /^\*\*\* Usage: \/me TEXT\b/],
				['/msg', /^\*\*\* Usage: \/msg NAME TEXT\b/],
				['/tell', /^\*\*\* Usage: \/(msg|tell) NAME TEXT\b/],
				['/reply', /^\*\*\* Usage: \/reply TEXT\b/],
				['/nick', /^\*\*\* Usage: \/nick NEW\b/],
				['/nick two words', /^\*\*\* Usage: \/nick NEW\b/],
				['/back now', /^\*\*\* Usage: \/back\b/],
				['/join', /^\*\*\* Usage: \/join ROOM\b/],
				['/join two rooms', /^\*\*\* Usage: \/join ROOM\b/],
				['/rooms all', /^\*\*\* Usage: \/rooms\b/],
			];
			for (const [typed, usage] of cases) {
				bob.send(typed);
				assert.match(await bob.line(), usage, `answer to ${typed}`);
			}
			bob.send('/msg ann');
			await bob.expect('*** Usage: /msg NAME TEXT (a private message to anyone on the server).');
			bob.send('/msg');
			await bob.expect('*** Usage: /msg NAME TEXT (a private message to anyone on the server).');
			bob.send('marker');
			await ann.expect('bob: marker');
			await nothingMore(bob);
		}));

	test('a line starting with white space and then "/" is ordinary chat, relayed as typed', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send(' /who');
			await ann.expect('bob:  /who');
		}));
});

describe('//TEXT', () => {
	test('//TEXT sends the line /TEXT as an ordinary message; the sender gets no echo', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('//shrug');
			await ann.expect('bob: /shrug');
			bob.send('//who');
			await ann.expect('bob: /who');
			bob.send('///triple');
			await ann.expect('bob: //triple');
			bob.send('// spaced');
			await ann.expect('bob: / spaced');
			await nothingMore(bob);
		}));
});

describe('/who and /names', () => {
	test('exactly one line: the room, the count, names in order of entry (self included), (away) marks', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			bob.send('/away brb');
			await bob.expect('*** You are away.');
			cat.send('/who');
			await cat.expect('*** In #lobby (3): ann, bob (away), cat');
			await nothingMore(cat);
			ann.send('/names');
			await ann.expect('*** In #lobby (3): ann, bob (away), cat');
			await nothingMore(ann);
			bob.send('/who');
			await bob.expect('*** In #lobby (3): ann, bob (away), cat');
		}));

	test('a rename keeps its place; leaving and coming back goes to the end', () =>
		withServer({}, async ({lobby, named}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			ann.send('/nick Anna');
			await ann.expect('*** You are now Anna.');
			await bob.expect('--- ann is now Anna.');
			await cat.expect('--- ann is now Anna.');
			cat.send('/who');
			await cat.expect('*** In #lobby (3): Anna, bob, cat');
			bob.send('/join dev');
			await bob.expect('*** You are now in #dev (1 here: bob).');
			await cat.expect('<-- bob left.');
			bob.send('/join lobby');
			await bob.expect('*** You are now in #lobby (3 here: Anna, cat, bob).');
			await cat.expect('--> bob entered.');
			cat.send('quit');
			await cat.expect('Bye!');
			await bob.expect('<-- cat left.');
			const dan = await named('dan');
			await bob.expect('--> dan entered.');
			dan.send('/who');
			await dan.expect('*** In #lobby (3): Anna, bob, dan');
		}));

	test('in another room it lists that room only', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			await joinRoom(bob, 'bob', '#dev', {room: '#dev', here: ['bob'], oldRoom: [ann, cat]});
			await joinRoom(cat, 'cat', 'dev', {
				room: '#dev',
				here: ['bob', 'cat'],
				oldRoom: [ann],
				newRoom: [bob],
			});
			cat.send('/who');
			await cat.expect('*** In #dev (2): bob, cat');
			ann.send('/who');
			await ann.expect('*** In #lobby (1): ann');
		}));
});

describe('/me', () => {
	test('others in the room see "* NAME TEXT"; not the sender, not other rooms', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			await joinRoom(cat, 'cat', 'dev', {room: '#dev', here: ['cat'], oldRoom: [ann, bob]});
			bob.send('/me waves at everyone');
			await ann.expect('* bob waves at everyone');
			await nothingMore(bob);
			ann.send('/msg cat marker');
			await cat.expect('ann (private): marker'); // the action did not reach #dev
		}));
});

describe('/msg and /tell', () => {
	test('reaches anyone on the server, whatever their room; the sender gets nothing; nobody else sees it', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			await joinRoom(cat, 'cat', 'dev', {room: '#dev', here: ['cat'], oldRoom: [ann, bob]});
			ann.send('/msg cat psst, over here');
			await cat.expect('ann (private): psst, over here');
			await nothingMore(ann);
			cat.send('/tell ann right back');
			await ann.expect('cat (private): right back');
			await nothingMore(cat);
			ann.send('marker');
			await bob.expect('ann: marker'); // bob, in ann's room, saw neither private message
		}));

	test('the recipient is found case-insensitively and shown with its real name', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('Ann', 'bob')) as [LineClient, LineClient];
			bob.send('/msg ANN hello');
			await ann.expect('bob (private): hello');
			ann.send('/away out');
			await ann.expect('*** You are away.');
			bob.send('/msg ann hello again');
			await ann.expect('bob (private): hello again');
			await bob.expect('*** Ann is away: out');
		}));

	test('to an away user: it is delivered, and the sender is told the reason, or just that', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			ann.send('/away gone fishing');
			await ann.expect('*** You are away.');
			bob.send('/msg ann are you there?');
			await ann.expect('bob (private): are you there?');
			await bob.expect('*** ann is away: gone fishing');
			await nothingMore(bob);
			ann.send('/away');
			await ann.expect('*** You are away.');
			bob.send('/tell ann still?');
			await ann.expect('bob (private): still?');
			await bob.expect('*** ann is away.');
			await nothingMore(bob);
			ann.send('/back');
			await ann.expect('*** You are back.');
			bob.send('/msg ann now?');
			await ann.expect('bob (private): now?');
			await nothingMore(bob); // no away notice once she is back
		}));

	test('to nobody: "*** There is nobody called NAME on this server."; nothing is sent', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/msg zed hello');
			await bob.expect('*** There is nobody called zed on this server.');
			bob.send('/tell zed hello');
			await bob.expect('*** There is nobody called zed on this server.');
			bob.send('marker');
			await ann.expect('bob: marker');
		}));

	test('the old name of a renamed user reaches nobody; the new one reaches them', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			ann.send('/nick anna');
			await ann.expect('*** You are now anna.');
			await bob.expect('--- ann is now anna.');
			bob.send('/msg ann hi');
			await bob.expect('*** There is nobody called ann on this server.');
			bob.send('/msg anna hi');
			await ann.expect('bob (private): hi');
		}));
});

describe('/reply', () => {
	test('goes to whoever last sent you one, as /msg (away notice included)', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			await joinRoom(cat, 'cat', 'dev', {room: '#dev', here: ['cat'], oldRoom: [ann, bob]});
			ann.send('/msg bob first');
			await bob.expect('ann (private): first');
			cat.send('/msg bob second');
			await bob.expect('cat (private): second');
			bob.send('/reply to the last one');
			await cat.expect('bob (private): to the last one');
			await nothingMore(bob);
			cat.send('/away busy');
			await cat.expect('*** You are away.');
			bob.send('/reply again');
			await cat.expect('bob (private): again');
			await bob.expect('*** cat is away: busy');
			cat.send('/reply got it'); // bob's /reply was a private message to cat
			await bob.expect('cat (private): got it');
			await nothingMore(ann); // ann got none of it
		}));

	test('with nobody to reply to: "*** Nobody has sent you a private message yet."', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/reply hello?');
			await bob.expect('*** Nobody has sent you a private message yet.');
			bob.send('/msg ann sent, not received');
			await ann.expect('bob (private): sent, not received');
			bob.send('/reply still nobody');
			await bob.expect('*** Nobody has sent you a private message yet.');
			bob.send('marker');
			await ann.expect('bob: marker');
		}));

	test('follows the sender through a rename', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			ann.send('/msg bob hi');
			await bob.expect('ann (private): hi');
			ann.send('/nick anna');
			await ann.expect('*** You are now anna.');
			await bob.expect('--- ann is now anna.');
			bob.send('/reply hi anna');
			await ann.expect('bob (private): hi anna');
		}));

	test('when the sender has left, the replier is told with a "*** " notice', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			ann.send('/msg bob hi');
			await bob.expect('ann (private): hi');
			ann.send('quit');
			await ann.expect('Bye!');
			await bob.expect('<-- ann left.');
			bob.send('/reply are you gone?');
			await bob.expect('*** ann has left; your message was not sent.');
		}));
	test('never reaches a newcomer who took the name of the sender who left', () =>
		withServer({}, async ({lobby, named}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			ann.send('/msg bob secret question');
			await bob.expect('ann (private): secret question');
			ann.send('quit');
			await ann.expect('Bye!');
			await bob.expect('<-- ann left.');
			const impostor = await named('ann');
			await bob.expect('--> ann entered.');
			bob.send('/reply secret answer');
			assert.match(await bob.line(), /^\*\*\* /);
			await nothingMore(impostor); // the answer did not go to the new ann
		}));
});

describe('/nick', () => {
	test('the user gets "*** You are now NEW."; the room "--- OLD is now NEW."; other rooms nothing', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			await joinRoom(cat, 'cat', 'dev', {room: '#dev', here: ['cat'], oldRoom: [ann, bob]});
			bob.send('/nick robert');
			await bob.expect('*** You are now robert.');
			await ann.expect('--- bob is now robert.');
			await nothingMore(bob);
			ann.send('/msg cat marker');
			await cat.expect('ann (private): marker'); // #dev was not told
			bob.send('hello');
			await ann.expect('robert: hello');
		}));

	test('a taken name, in any room and any case, gets the exact name-taken notice', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			await joinRoom(cat, 'cat', 'dev', {room: '#dev', here: ['cat'], oldRoom: [ann, bob]});
			bob.send('/nick ann');
			await bob.expect('*** The name ann is taken; please choose another.');
			bob.send('/nick ANN');
			await bob.expect('*** The name ANN is taken; please choose another.');
			bob.send('/nick Cat');
			await bob.expect('*** The name Cat is taken; please choose another.');
			bob.send('marker');
			await ann.expect('bob: marker'); // no nick change was announced
			bob.send('/who');
			await bob.expect('*** In #lobby (2): ann, bob');
		}));

	test('the same rules as at the prompt: an invalid name gets the same notice, trimmed and NFC', () =>
		withServer({}, async ({lobby, connect}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			const probe = await connect();
			await probe.expect(PROMPT);
			for (const bad of ['x'.repeat(25), 'colon:', 'star*', '-->']) {
				probe.send(bad);
				const atPrompt = await probe.line();
				await probe.expect(PROMPT);
				bob.send(`/nick ${bad}`);
				await bob.expect(atPrompt);
				assert.match(atPrompt, /^\*\*\* A name /);
			}
			bob.send('/nick Zoe\u0308');
			await bob.expect('*** You are now Zoë.');
			await ann.expect('--- bob is now Zoë.');
			bob.send(`/nick ${'y'.repeat(24)}`);
			await bob.expect(`*** You are now ${'y'.repeat(24)}.`);
			await ann.expect(`--- Zoë is now ${'y'.repeat(24)}.`);
		}));

	test('to its own name: "*** You are already NAME."; a change of case only is allowed', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/nick bob');
			await bob.expect('*** You are already bob.');
			bob.send('marker');
			await ann.expect('bob: marker');
			bob.send('/nick Bob');
			await bob.expect('*** You are now Bob.');
			await ann.expect('--- bob is now Bob.');
		}));

	test('the old name is free at once: a newcomer can take it; the new one is taken', () =>
		withServer({}, async ({lobby, connect}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/nick robert');
			await bob.expect('*** You are now robert.');
			await ann.expect('--- bob is now robert.');
			const other = await connect();
			await other.expect(PROMPT);
			other.send('ROBERT');
			await other.expect('*** The name ROBERT is taken; please choose another.');
			await other.expect(PROMPT);
			other.send('bob');
			await other.expect('Welcome, bob!');
			await ann.expect('--> bob entered.');
			await bob.expect('--> bob entered.');
		}));
});

describe('/away and /back', () => {
	test('the user is told; nobody else is; it shows in /who and to private senders', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/away lunch, back at 2');
			await bob.expect('*** You are away.');
			bob.send('marker 1');
			await ann.expect('bob: marker 1'); // ann was not told
			ann.send('/who');
			await ann.expect('*** In #lobby (2): ann, bob (away)');
			ann.send('/msg bob hi');
			await bob.expect('ann (private): hi');
			await ann.expect('*** bob is away: lunch, back at 2');
			bob.send('/back');
			await bob.expect('*** You are back.');
			bob.send('marker 2');
			await ann.expect('bob: marker 2'); // ann was not told
			ann.send('/who');
			await ann.expect('*** In #lobby (2): ann, bob');
		}));

	test('/back when not away: "*** You were not away."; /away again changes the reason', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/back');
			await bob.expect('*** You were not away.');
			bob.send('/away one');
			await bob.expect('*** You are away.');
			bob.send('/away two');
			await bob.expect('*** You are away.');
			ann.send('/msg bob hi');
			await bob.expect('ann (private): hi');
			await ann.expect('*** bob is away: two');
			bob.send('/back');
			await bob.expect('*** You are back.');
			bob.send('/back');
			await bob.expect('*** You were not away.');
		}));

	test('away carries over a room change and a rename', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/away zzz');
			await bob.expect('*** You are away.');
			await joinRoom(bob, 'bob', 'dev', {room: '#dev', here: ['bob'], oldRoom: [ann]});
			bob.send('/nick robert');
			await bob.expect('*** You are now robert.');
			bob.send('/who');
			await bob.expect('*** In #dev (1): robert (away)');
			ann.send('/msg robert hi');
			await bob.expect('ann (private): hi');
			await ann.expect('*** robert is away: zzz');
		}));
});

describe('/join', () => {
	test('moves the user: its notice, the old room told "<--", the new room "-->"; # is optional', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			await joinRoom(ann, 'ann', 'dev', {room: '#dev', here: ['ann'], oldRoom: [bob, cat]});
			await joinRoom(cat, 'cat', '#dev', {
				room: '#dev',
				here: ['ann', 'cat'],
				oldRoom: [bob],
				newRoom: [ann],
			});
			await nothingMore(cat); // no "--> cat entered." for cat itself
			await joinRoom(bob, 'bob', '#DEV', {
				room: '#dev',
				here: ['ann', 'cat', 'bob'],
				newRoom: [ann, cat],
			});
			await nothingMore(bob);
		}));

	test('a user is in exactly one room: lines of the old room no longer reach it, nor its lines the old room', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			await joinRoom(cat, 'cat', 'dev', {room: '#dev', here: ['cat'], oldRoom: [ann, bob]});
			ann.send('in the lobby');
			await bob.expect('ann: in the lobby');
			bob.send('/msg cat marker');
			await cat.expect('bob (private): marker'); // "ann: in the lobby" never reached cat
			cat.send('in dev');
			cat.send('/msg ann marker');
			cat.send('/msg bob marker');
			await ann.expect('cat (private): marker'); // "cat: in dev" never reached the lobby
			await bob.expect('cat (private): marker');
		}));

	test('of the room you are in: "*** You are already in #ROOM." (as the room is spelled), nothing else', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('/join lobby');
			await bob.expect('*** You are already in #lobby.');
			bob.send('/join #LOBBY');
			await bob.expect('*** You are already in #lobby.');
			await joinRoom(bob, 'bob', 'Dev', {room: '#Dev', here: ['bob'], oldRoom: [ann]});
			bob.send('/join #dev');
			await bob.expect('*** You are already in #Dev.');
			ann.send('/msg bob marker');
			await bob.expect('ann (private): marker');
			ann.send('/who');
			await ann.expect('*** In #lobby (1): ann'); // bob never came back and left again
		}));

	test('room names: # and 1 to 24 name characters; anything else gets a "*** " notice and no move', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			for (const bad of ['#', '##dev', 'a'.repeat(25), 'dev!', 'a:b', '#*']) {
				bob.send(`/join ${bad}`);
				assert.match(await bob.line(), /^\*\*\* /, `answer to /join ${bad}`);
			}
			bob.send('marker');
			await ann.expect('bob: marker'); // bob never left
			bob.send('/rooms');
			await bob.expect('*** Rooms: #lobby (2)');
			await joinRoom(bob, 'bob', 'é_.-9', {room: '#é_.-9', here: ['bob'], oldRoom: [ann]});
			await joinRoom(bob, 'bob', 'z'.repeat(24), {room: `#${'z'.repeat(24)}`, here: ['bob']});
			await joinRoom(bob, 'bob', '#Ωmega', {room: '#Ωmega', here: ['bob']});
		}));

	test('room names clash after the same case folding as names', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			await joinRoom(ann, 'ann', 'Straße', {room: '#Straße', here: ['ann'], oldRoom: [bob]});
			await joinRoom(bob, 'bob', 'STRASSE', {
				room: '#Straße',
				here: ['ann', 'bob'],
				newRoom: [ann],
			});
			bob.send('/rooms');
			await bob.expect('*** Rooms: #Straße (2), #lobby (0)');
		}));

	test('the sender of /join in a room of its own leaves nobody behind to tell', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			await joinRoom(bob, 'bob', 'a', {room: '#a', here: ['bob'], oldRoom: [ann]});
			await joinRoom(bob, 'bob', 'b', {room: '#b', here: ['bob']});
			await nothingMore(bob);
			bob.send('/rooms');
			await bob.expect('*** Rooms: #b (1), #lobby (1)');
		}));
});

describe('/rooms', () => {
	test('exactly one line, biggest first then by name; empty rooms disappear, #lobby stays', () =>
		withServer({}, async ({lobby}) => {
			const users = await lobby('u1', 'u2', 'u3', 'u4', 'u5', 'u6');
			const [u1, u2, u3, u4, u5, u6] = users as [
				LineClient,
				LineClient,
				LineClient,
				LineClient,
				LineClient,
				LineClient,
			];
			u1.send('/rooms');
			await u1.expect('*** Rooms: #lobby (6)');
			await nothingMore(u1);
			await joinRoom(u1, 'u1', 'dev', {room: '#dev', here: ['u1'], oldRoom: [u2, u3, u4, u5, u6]});
			await joinRoom(u2, 'u2', 'dev', {
				room: '#dev',
				here: ['u1', 'u2'],
				oldRoom: [u3, u4, u5, u6],
				newRoom: [u1],
			});
			await joinRoom(u3, 'u3', 'dev', {
				room: '#dev',
				here: ['u1', 'u2', 'u3'],
				oldRoom: [u4, u5, u6],
				newRoom: [u1, u2],
			});
			await joinRoom(u4, 'u4', 'beta', {room: '#beta', here: ['u4'], oldRoom: [u5, u6]});
			await joinRoom(u5, 'u5', 'Alpha', {room: '#Alpha', here: ['u5'], oldRoom: [u6]});
			u6.send('/rooms');
			await u6.expect('*** Rooms: #dev (3), #Alpha (1), #beta (1), #lobby (1)');
			await nothingMore(u6);
			u6.send('/join zeta');
			await u6.expect('*** You are now in #zeta (1 here: u6).');
			u6.send('/rooms');
			await u6.expect('*** Rooms: #dev (3), #Alpha (1), #beta (1), #zeta (1), #lobby (0)');
			u5.send('quit');
			await u5.expect('Bye!');
			await u5.waitClosed();
			await joinRoom(u4, 'u4', 'dev', {
				room: '#dev',
				here: ['u1', 'u2', 'u3', 'u4'],
				newRoom: [u1, u2, u3],
			});
			u6.send('/rooms');
			await u6.expect('*** Rooms: #dev (4), #zeta (1), #lobby (0)');
		}));

	test('a room emptied by a disconnect (EOF, no quit) disappears too', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			await joinRoom(bob, 'bob', 'dev', {room: '#dev', here: ['bob'], oldRoom: [ann]});
			ann.send('/rooms');
			await ann.expect('*** Rooms: #dev (1), #lobby (1)');
			bob.end(); // EOF, as nc at the end of its input
			await bob.waitClosed(); // the server closes its side once bob has left
			ann.send('/rooms');
			await ann.expect('*** Rooms: #lobby (1)');
			await nothingMore(ann); // bob was alone in #dev: nobody was told
		}));
});

describe('quit and /quit', () => {
	test('unchanged: Bye! to the user, "<-- NAME left." to the room it is in, not the lobby', () =>
		withServer({}, async ({lobby}) => {
			const [ann, bob, cat, dan] = (await lobby('ann', 'bob', 'cat', 'dan')) as [
				LineClient,
				LineClient,
				LineClient,
				LineClient,
			];
			await joinRoom(bob, 'bob', 'dev', {room: '#dev', here: ['bob'], oldRoom: [ann, cat, dan]});
			await joinRoom(cat, 'cat', 'dev', {
				room: '#dev',
				here: ['bob', 'cat'],
				oldRoom: [ann, dan],
				newRoom: [bob],
			});
			await joinRoom(dan, 'dan', 'dev', {
				room: '#dev',
				here: ['bob', 'cat', 'dan'],
				oldRoom: [ann],
				newRoom: [bob, cat],
			});
			bob.send('quit');
			await bob.expect('Bye!');
			await bob.waitClosed();
			await cat.expect('<-- bob left.');
			await dan.expect('<-- bob left.');
			cat.send('/quit');
			await cat.expect('Bye!');
			await cat.waitClosed();
			await dan.expect('<-- cat left.');
			dan.send('/msg ann marker');
			await ann.expect('dan (private): marker'); // the lobby heard of neither
			assert.ok(bob.raw.toString().endsWith('--> dan entered.\nBye!\n'));
		}));
});

describe('the name prompt', () => {
	test('only /quit is a command: /who, /nick and others are rejected as names, with the prompt again', () =>
		withServer({}, async ({connect, named}) => {
			const ann = await named('ann');
			const client = await connect();
			await client.expect(PROMPT);
			for (const typed of ['/who', '/nick bob', '/help', '/msg ann hi', '//x', '/frob']) {
				client.send(typed);
				assert.match(await client.line(), /^\*\*\* /, `answer to ${typed} at the prompt`);
				await client.expect(PROMPT);
			}
			client.send('bob');
			await client.expect('Welcome, bob!');
			await ann.expect('--> bob entered.'); // the /msg at the prompt never reached ann
		}));

	test('/quit at the prompt, in any case, says Bye! and closes', () =>
		withServer({}, async ({connect}) => {
			for (const typed of ['/quit', '/QUIT', '/Quit']) {
				const client = await connect();
				await client.expect(PROMPT);
				client.send(typed);
				await client.expect('Bye!', 1000);
				await client.waitClosed();
			}
		}));
});

describe('names and rooms across the server', () => {
	test('everyone starts in #lobby; a name held in another room is taken at the prompt', () =>
		withServer({}, async ({lobby, connect}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			await joinRoom(bob, 'bob', 'dev', {room: '#dev', here: ['bob'], oldRoom: [ann]});
			const other = await connect();
			await other.expect(PROMPT);
			other.send('BOB');
			await other.expect('*** The name BOB is taken; please choose another.');
			await other.expect(PROMPT);
			other.send('cat');
			await other.expect('Welcome, cat!');
			await ann.expect('--> cat entered.');
			other.send('/who');
			await other.expect('*** In #lobby (2): ann, cat');
		}));
});

describe('--max-rooms', () => {
	test('bounds how many rooms exist, #lobby included; /join past it gets the exact notice and no move', () =>
		withServer({maxRooms: 2}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			await joinRoom(ann, 'ann', 'a', {room: '#a', here: ['ann'], oldRoom: [bob, cat]});
			bob.send('/join b');
			await bob.expect(
				'*** This server allows at most 2 rooms, and all are in use; join one of them.',
			);
			bob.send('marker');
			await cat.expect('bob: marker'); // bob is still in the lobby
			bob.send('/rooms');
			await bob.expect('*** Rooms: #lobby (2), #a (1)');
			await joinRoom(bob, 'bob', 'A', {
				room: '#a',
				here: ['ann', 'bob'],
				oldRoom: [cat],
				newRoom: [ann],
			});
			bob.send('/join lobby');
			await bob.expect('*** You are now in #lobby (2 here: cat, bob).');
			await ann.expect('<-- bob left.');
			await cat.expect('--> bob entered.');
			ann.send('/join lobby');
			await ann.expect('*** You are now in #lobby (3 here: cat, bob, ann).');
			await cat.expect('--> ann entered.');
			await bob.expect('--> ann entered.');
			cat.send('/join b'); // #a went when ann left it: room for #b now
			await cat.expect('*** You are now in #b (1 here: cat).');
		}));

	test('with --max-rooms 1 only #lobby exists; every new room is refused', () =>
		withServer({maxRooms: 1}, async ({named}) => {
			const ann = await named('ann');
			ann.send('/join dev');
			await ann.expect(
				'*** This server allows at most 1 rooms, and all are in use; join one of them.',
			);
			ann.send('/join lobby');
			await ann.expect('*** You are already in #lobby.');
		}));

	test('at the limit, a user alone in a room may still move to a new one (the count does not grow)', () =>
		withServer({maxRooms: 2}, async ({lobby}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			await joinRoom(ann, 'ann', 'a', {room: '#a', here: ['ann'], oldRoom: [bob]});
			ann.send('/join b');
			await ann.expect('*** You are now in #b (1 here: ann).');
		}));

	test(
		'the default is 1000 rooms, #lobby included',
		{skip: (openFileLimit() ?? 0) < 2200 && 'needs about 2000 open files'},
		() =>
			withServer({}, async ({named, port}) => {
				const others: LineClient[] = [];
				try {
					// 999 users each hold a room of their own, plus the lobby: 1000 rooms
					const batch = 50;
					for (let start = 0; start < 999; start += batch) {
						const group = await Promise.all(
							Array.from({length: Math.min(batch, 999 - start)}, (_, offset) =>
								LineClient.named(port, `r${start + offset}`),
							),
						);
						others.push(...group);
						for (const [offset, user] of group.entries()) {
							const room = `#room${start + offset}`;
							user.send(`/join ${room}`);
							// lobby comings and goings of the rest of the batch may come first
							const moved = await user.waitFor((line) => line.startsWith('*** '));
							assert.equal(moved, `*** You are now in ${room} (1 here: r${start + offset}).`);
						}
					}
					const ann = await named('ann');
					ann.send('/join one-too-many');
					await ann.expect(
						'*** This server allows at most 1000 rooms, and all are in use; join one of them.',
					);
					ann.send('/join room7');
					await ann.expect('*** You are now in #room7 (2 here: r7, ann).');
				} finally {
					for (const other of others) other.destroy();
				}
			}),
	);
});

describe('flood control', () => {
	test('command lines count like any other: a burst of 30 /msg and 30 /nick is slowed, nothing lost, in order', () =>
		withServer({rateLinesPerSecond: 5}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			const started = Date.now();
			bob.write(Array.from({length: 30}, (_, index) => `/msg ann private ${index}\n`).join(''));
			cat.write(Array.from({length: 30}, (_, index) => `/nick c${index}\n`).join(''));
			const privates = (async () => {
				for (let index = 0; index < 30; index++) {
					await ann
						.waitFor((line) => line.includes('(private)'), 5000)
						.then((line) => assert.equal(line, `bob (private): private ${index}`));
				}
				return Date.now() - started;
			})();
			const renames = (async () => {
				for (let index = 0; index < 30; index++) {
					await cat.expect(`*** You are now c${index}.`, 5000);
				}
				return Date.now() - started;
			})();
			const renamesSeen = (async () => {
				for (let index = 0; index < 30; index++) {
					await bob.expect(`--- ${index === 0 ? 'cat' : `c${index - 1}`} is now c${index}.`, 5000);
				}
			})();
			const [privateTime, renameTime] = await Promise.all([privates, renames, renamesSeen]);
			// 5 a second with bursts of 10: 30 lines cannot all be taken in under about 4 s
			assert.ok(privateTime >= 3000, `the /msg flood was not slowed (${privateTime} ms)`);
			assert.ok(renameTime >= 3000, `the /nick flood was not slowed (${renameTime} ms)`);
		}));
});

describe('no forgery', () => {
	test('nothing typed can look like another user or the server: "* NAME", "(private):", "--- ", "*** "', () =>
		withServer({}, async ({lobby}) => {
			const [victim, eve] = (await lobby('victim', 'eve')) as [LineClient, LineClient];
			const attacks = [
				'*** Server shutting down.',
				'--- victim is now admin.',
				'* victim waves',
				'victim (private): give me your password',
				'--> admin entered.',
				'x\r*** fake',
				'x\u0085*** fake',
				'\u001b[2K\r*** fake',
				'\u001b[1A\u001b[2K--- fake',
			];
			for (const attack of attacks) eve.send(attack);
			for (const attack of attacks) eve.send(`/me ${attack}`);
			for (const attack of attacks) eve.send(`/msg victim ${attack}`);
			for (const name of ['***', '*', '-->', 'victim(private)', '---']) {
				eve.send(`/nick ${name}`);
				const answer = await eve.line();
				if (answer === `*** You are now ${name}.`) {
					// "---: TEXT" and "* --- TEXT" still cannot pass for the server; nothing else may pass
					assert.equal(name, '---', `the name ${name} was accepted`);
					eve.send('/nick eve');
					await eve.expect('*** You are now eve.');
				} else assert.match(answer, /^\*\*\* A name /);
			}
			eve.send('end of attacks');
			const received: string[] = [];
			for (;;) {
				const line = await victim.line();
				if (line === 'eve: end of attacks') break;
				received.push(line);
			}
			for (const line of received) {
				assert.ok(
					line.startsWith('eve: ') ||
						line.startsWith('* eve ') ||
						line.startsWith('eve (private): ') ||
						line === '--- eve is now ---.' ||
						line === '--- --- is now eve.',
					`a line that could be forged: ${JSON.stringify(line)}`,
				);
				assert.equal(/[\r\u0085\u001b]/.test(line), false, JSON.stringify(line));
			}
			const count = (prefix: string) => received.filter((line) => line.startsWith(prefix)).length;
			assert.equal(count('eve: '), attacks.length);
			assert.equal(count('* eve '), attacks.length);
			assert.equal(count('eve (private): '), attacks.length);
			await nothingMore(eve); // the sender got no echo of any of it
			// an away reason reaches a private sender inside the server's own notice, made safe
			eve.send('/away \r\u001b[2K*** fake reason');
			await eve.expect('*** You are away.');
			victim.send('/msg eve hi');
			await eve.expect('victim (private): hi');
			await victim.expect('*** eve is away: *** fake reason');
		}));

	test('a look-alike of an online name (Cyrillic а, fullwidth ａ) is taken, at the prompt and by /nick', () =>
		withServer({}, async ({lobby, connect}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			const mimic = await connect();
			await mimic.expect(PROMPT);
			mimic.send('\u0430nn'); // Cyrillic а: "* аnn waves" would look like ann's
			assert.match(await mimic.line(), /^\*\*\* The name \u0430nn is taken[;:]/);
			await mimic.expect(PROMPT);
			bob.send('/nick \uff41nn');
			assert.match(await bob.line(), /^\*\*\* The name \uff41nn is taken[;:]/);
			bob.send('marker');
			await ann.expect('bob: marker'); // no rename was announced
		}));
});

describe('history', () => {
	test('the spec example: right after Welcome, framed, lines exactly as relayed', () =>
		withServer({historyLines: 20}, async ({lobby, named}) => {
			const [sam, ann] = (await lobby('Sam', 'Ann')) as [LineClient, LineClient];
			sam.send('hi');
			await ann.expect('Sam: hi');
			ann.send('/me waves');
			await sam.expect('* Ann waves');
			sam.send('anyone here?');
			await ann.expect('Sam: anyone here?');
			const zed = await named('zed');
			await zed.expect('*** Last 3 messages in #lobby:');
			await zed.expect('Sam: hi');
			await zed.expect('* Ann waves');
			await zed.expect('Sam: anyone here?');
			await zed.expect('*** End of history.');
			await sam.expect('--> zed entered.');
			await ann.expect('--> zed entered.');
			await nothingMore(zed);
			assert.equal(
				zed.raw.toString(),
				`${PROMPT}\nWelcome, zed!\n*** Last 3 messages in #lobby:\nSam: hi\n* Ann waves\nSam: anyone here?\n*** End of history.\n${MARK_ANSWER}\n`,
			);
		}));

	test('keeps chat lines and actions only: not joins, leaves, nick changes, private messages or commands', () =>
		withServer({historyLines: 20}, async ({lobby, named}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			ann.send('one');
			await bob.expect('ann: one');
			await cat.expect('ann: one');
			bob.send('/msg ann secret');
			await ann.expect('bob (private): secret');
			bob.send('/nick robert');
			await bob.expect('*** You are now robert.');
			await ann.expect('--- bob is now robert.');
			await cat.expect('--- bob is now robert.');
			cat.send('quit');
			await ann.expect('<-- cat left.');
			await bob.expect('<-- cat left.');
			ann.send('/who');
			await ann.expect('*** In #lobby (2): ann, robert');
			ann.send('/away x');
			await ann.expect('*** You are away.');
			ann.send('/frob');
			await ann.expect('*** Unknown command /frob; /help lists the commands.');
			await joinRoom(ann, 'ann', 'dev', {room: '#dev', here: ['ann'], oldRoom: [bob]});
			await joinRoom(ann, 'ann', 'lobby', {
				room: '#lobby',
				here: ['robert', 'ann'],
				newRoom: [bob],
			});
			await ann.expect('*** Last 1 messages in #lobby:');
			await ann.expect('ann: one');
			await ann.expect('*** End of history.');
			bob.send('//two');
			await ann.expect('robert: /two');
			const dan = await named('dan');
			await dan.expect('*** Last 2 messages in #lobby:');
			await dan.expect('ann: one');
			await dan.expect('robert: /two');
			await dan.expect('*** End of history.');
			await nothingMore(dan);
		}));

	test('lines stay as they were relayed, under the old name after a rename', () =>
		withServer({historyLines: 20}, async ({lobby, named}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			bob.send('héllo\twörld 👋');
			await ann.expect('bob: héllo\twörld 👋');
			bob.send('/me \u001b[31mblushes');
			await ann.expect('* bob blushes');
			bob.send('/nick robert');
			await ann.expect('--- bob is now robert.');
			const cat = await named('cat');
			await cat.expect('*** Last 2 messages in #lobby:');
			await cat.expect('bob: héllo\twörld 👋');
			await cat.expect('* bob blushes');
			await cat.expect('*** End of history.');
		}));

	test('never holds more than N lines: the last N, oldest first', () =>
		withServer({historyLines: 3}, async ({lobby, named}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			for (let index = 1; index <= 7; index++) ann.send(`line ${index}`);
			for (let index = 1; index <= 7; index++) await bob.expect(`ann: line ${index}`);
			const cat = await named('cat');
			await cat.expect('*** Last 3 messages in #lobby:');
			await cat.expect('ann: line 5');
			await cat.expect('ann: line 6');
			await cat.expect('ann: line 7');
			await cat.expect('*** End of history.');
			await nothingMore(cat);
		}));

	test('the default is 20 lines', () =>
		withServer({historyLines: undefined}, async ({lobby, named}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			for (let index = 1; index <= 25; index++) ann.send(`line ${index}`);
			for (let index = 1; index <= 25; index++) await bob.expect(`ann: line ${index}`);
			const cat = await named('cat');
			await cat.expect('*** Last 20 messages in #lobby:');
			for (let index = 6; index <= 25; index++) await cat.expect(`ann: line ${index}`);
			await cat.expect('*** End of history.');
			await nothingMore(cat);
		}));

	test('is per room: /join shows the notice, then that room’s history, then live lines', () =>
		withServer({historyLines: 20}, async ({lobby}) => {
			const [ann, bob, cat] = (await lobby('ann', 'bob', 'cat')) as [
				LineClient,
				LineClient,
				LineClient,
			];
			ann.send('lobby line');
			await bob.expect('ann: lobby line');
			await cat.expect('ann: lobby line');
			await joinRoom(bob, 'bob', 'dev', {room: '#dev', here: ['bob'], oldRoom: [ann, cat]});
			await nothingMore(bob); // #dev was new: no history, no empty frame
			bob.send('dev line');
			bob.send('/me codes');
			await nothingMore(bob);
			cat.send('/join #dev');
			await cat.expect('*** You are now in #dev (2 here: bob, cat).');
			await cat.expect('*** Last 2 messages in #dev:');
			await cat.expect('bob: dev line');
			await cat.expect('* bob codes');
			await cat.expect('*** End of history.');
			await bob.expect('--> cat entered.');
			await ann.expect('<-- cat left.');
			bob.send('live');
			await cat.expect('bob: live');
			cat.send('/join lobby');
			await cat.expect('*** You are now in #lobby (2 here: ann, cat).');
			await cat.expect('*** Last 1 messages in #lobby:');
			await cat.expect('ann: lobby line');
			await cat.expect('*** End of history.');
		}));

	test('#lobby keeps its history while empty', () =>
		withServer({historyLines: 20}, async ({lobby, named}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			ann.send('for later');
			await bob.expect('ann: for later');
			ann.send('quit');
			await bob.expect('<-- ann left.');
			bob.send('quit');
			await bob.waitClosed();
			const cat = await named('cat');
			await cat.expect('*** Last 1 messages in #lobby:');
			await cat.expect('ann: for later');
			await cat.expect('*** End of history.');
		}));

	test('a room with no history sends none: no empty frame, on welcome or on /join', () =>
		withServer({historyLines: 20}, async ({named}) => {
			const ann = await named('ann');
			await nothingMore(ann);
			ann.send('/join dev');
			await ann.expect('*** You are now in #dev (1 here: ann).');
			await nothingMore(ann);
		}));

	test('/join into a busy room: nothing between the two notices; live lines after, none lost or doubled', () =>
		withServer({historyLines: 5}, async ({lobby}) => {
			const [talker, joiner] = (await lobby('talker', 'joiner')) as [LineClient, LineClient];
			await joinRoom(talker, 'talker', 'dev', {room: '#dev', here: ['talker'], oldRoom: [joiner]});
			const said = ['warm 1', 'warm 2', 'warm 3', 'warm 4', 'warm 5', 'warm 6'];
			for (let index = 0; index < 400; index++) said.push(`live ${index}`);
			said.push('done');
			const lines = said.map((text) => `${text}\n`);
			talker.write(lines.slice(0, 6).join(''));
			talker.send('/who'); // answered once the warm lines are in #dev's history
			await talker.expect('*** In #dev (1): talker');
			// the joiner moves while the talker's lines stream in, a few at a time
			for (let start = 6; start < 406; start += 20) {
				if (start === 206) joiner.send('/join dev');
				talker.write(lines.slice(start, start + 20).join(''));
				await new Promise(setImmediate);
			}
			await joiner.expect('*** You are now in #dev (2 here: talker, joiner).');
			await joiner.expect('*** Last 5 messages in #dev:');
			const history: string[] = [];
			for (let index = 0; index < 5; index++) history.push(await joiner.line());
			await joiner.expect('*** End of history.');
			talker.write(lines[406] as string);
			const live: string[] = [];
			for (;;) {
				const line = await joiner.line();
				live.push(line);
				if (line === 'talker: done') break;
			}
			const first = said.indexOf(history[0]?.slice('talker: '.length) ?? '');
			assert.ok(first >= 0, `history: ${JSON.stringify(history)}`);
			assert.deepEqual(
				[...history, ...live],
				said.slice(first).map((text) => `talker: ${text}`),
			);
		}));

	test('with historyLines 0 nothing of it is sent, on welcome or on /join', () =>
		withServer({historyLines: 0}, async ({lobby, named}) => {
			const [ann, bob] = (await lobby('ann', 'bob')) as [LineClient, LineClient];
			ann.send('said');
			await bob.expect('ann: said');
			await joinRoom(bob, 'bob', 'dev', {room: '#dev', here: ['bob'], oldRoom: [ann]});
			bob.send('in dev');
			const cat = await named('cat');
			await nothingMore(cat);
			cat.send('/join dev');
			await cat.expect('*** You are now in #dev (2 here: bob, cat).');
			await nothingMore(cat);
			assert.equal(cat.raw.includes('history'), false);
		}));

	test('nothing else comes between the two notices; live lines come after, none lost or doubled', () =>
		withServer({historyLines: 5}, async ({lobby, connect}) => {
			const [talker, listener] = (await lobby('talker', 'listener')) as [LineClient, LineClient];
			const said = ['warm 1', 'warm 2', 'warm 3', 'warm 4', 'warm 5', 'warm 6'];
			for (const text of said) talker.send(text);
			for (const text of said) await listener.expect(`talker: ${text}`);
			for (let index = 0; index < 400; index++) said.push(`live ${index}`);
			said.push('done');
			const lines = said.map((text) => `${text}\n`);
			const newcomer = await connect();
			await newcomer.expect(PROMPT);
			// the newcomer names itself while the talker's lines stream in
			talker.write(lines.slice(6, 206).join(''));
			newcomer.send('newcomer');
			talker.write(lines.slice(206, 406).join(''));
			await newcomer.expect('Welcome, newcomer!');
			await newcomer.expect('*** Last 5 messages in #lobby:');
			const history: string[] = [];
			for (let index = 0; index < 5; index++) history.push(await newcomer.line());
			await newcomer.expect('*** End of history.');
			talker.write(lines[406] as string); // said after the newcomer had its history: live for sure
			const live: string[] = [];
			for (;;) {
				const line = await newcomer.line();
				live.push(line);
				if (line === 'talker: done') break;
			}
			// the history is five consecutive lines the talker said, and the live lines carry on from
			// the one after the last of them to the end: nothing missing, nothing twice, nothing else
			const first = said.indexOf(history[0]?.slice('talker: '.length) ?? '');
			assert.ok(first >= 0, `history: ${JSON.stringify(history)}`);
			assert.deepEqual(
				[...history, ...live],
				said.slice(first).map((text) => `talker: ${text}`),
			);
		}));
});

describe('an nc session with every command, byte for byte', () => {
	test('three users use every command; each raw transcript is exact', () =>
		withServer({historyLines: 20}, async ({connect}) => {
			const ann = await connect();
			await ann.expect(PROMPT);
			ann.send('ann');
			await ann.expect('Welcome, ann!');
			ann.send('hello?');
			ann.send('/me waits');
			ann.send('/help');
			await ann.expect('*** Commands:');
			const help = await linesUntilMark(ann);

			const bob = await connect();
			await bob.expect(PROMPT);
			bob.send('bob');
			await bob.expect('Welcome, bob!');
			await bob.expect('*** Last 2 messages in #lobby:');
			await bob.expect('ann: hello?');
			await bob.expect('* ann waits');
			await bob.expect('*** End of history.');
			await ann.expect('--> bob entered.');
			bob.send('/who');
			await bob.expect('*** In #lobby (2): ann, bob');
			bob.send('/names');
			await bob.expect('*** In #lobby (2): ann, bob');
			bob.send('/me waves');
			await ann.expect('* bob waves');
			ann.send('//shrug');
			await bob.expect('ann: /shrug');
			ann.send('/frob');
			await ann.expect('*** Unknown command /frob; /help lists the commands.');
			bob.send('/join dev');
			await bob.expect('*** You are now in #dev (1 here: bob).');
			await ann.expect('<-- bob left.');
			bob.send('anyone?');
			bob.send('/me hums');

			const cat = await connect();
			await cat.expect(PROMPT);
			cat.send('/who');
			await cat.expect('*** A name may contain only letters, digits, "_", "-" and ".".');
			await cat.expect(PROMPT);
			cat.send('BOB');
			await cat.expect('*** The name BOB is taken; please choose another.');
			await cat.expect(PROMPT);
			cat.send('cat');
			await cat.expect('Welcome, cat!');
			await cat.expect('*** Last 4 messages in #lobby:');
			await cat.expect('ann: hello?');
			await cat.expect('* ann waits');
			await cat.expect('* bob waves');
			await cat.expect('ann: /shrug');
			await cat.expect('*** End of history.');
			await ann.expect('--> cat entered.');
			cat.send('/rooms');
			await cat.expect('*** Rooms: #lobby (2), #dev (1)');
			ann.send('/away lunch');
			await ann.expect('*** You are away.');
			cat.send('/msg ann are you there?');
			await ann.expect('cat (private): are you there?');
			await cat.expect('*** ann is away: lunch');
			ann.send('/back');
			await ann.expect('*** You are back.');
			ann.send('/back');
			await ann.expect('*** You were not away.');
			ann.send('/reply yes');
			await cat.expect('ann (private): yes');
			cat.send('/tell bob hi from the lobby');
			await bob.expect('cat (private): hi from the lobby');
			bob.send('/reply hi cat');
			await cat.expect('bob (private): hi cat');
			bob.send('/away');
			await bob.expect('*** You are away.');
			ann.send('/msg bob ping');
			await bob.expect('ann (private): ping');
			await ann.expect('*** bob is away.');
			bob.send('/back');
			await bob.expect('*** You are back.');
			cat.send('/nick ann');
			await cat.expect('*** The name ann is taken; please choose another.');
			cat.send('/nick kit');
			await cat.expect('*** You are now kit.');
			await ann.expect('--- cat is now kit.');
			ann.send('/join #dev');
			await ann.expect('*** You are now in #dev (2 here: bob, ann).');
			await ann.expect('*** Last 2 messages in #dev:');
			await ann.expect('bob: anyone?');
			await ann.expect('* bob hums');
			await ann.expect('*** End of history.');
			await bob.expect('--> ann entered.');
			await cat.expect('<-- ann left.');
			ann.send('/join dev');
			await ann.expect('*** You are already in #dev.');
			ann.send('/msg zed hi');
			await ann.expect('*** There is nobody called zed on this server.');
			bob.send('quit');
			await bob.expect('Bye!');
			await bob.waitClosed();
			await ann.expect('<-- bob left.');
			cat.send('/join dev');
			await cat.expect('*** You are now in #dev (2 here: ann, kit).');
			await cat.expect('*** Last 2 messages in #dev:');
			await cat.expect('bob: anyone?');
			await cat.expect('* bob hums');
			await cat.expect('*** End of history.');
			await ann.expect('--> kit entered.');
			cat.send('/reply bye');
			await cat.expect('*** bob has left; your message was not sent.');
			ann.send('/quit');
			await ann.expect('Bye!');
			await ann.waitClosed();
			await cat.expect('<-- ann left.');
			cat.send('quit');
			await cat.expect('Bye!');
			await cat.waitClosed();

			assert.equal(
				ann.raw.toString(),
				[
					PROMPT,
					'Welcome, ann!',
					'*** Commands:',
					...help,
					MARK_ANSWER,
					'--> bob entered.',
					'* bob waves',
					'*** Unknown command /frob; /help lists the commands.',
					'<-- bob left.',
					'--> cat entered.',
					'*** You are away.',
					'cat (private): are you there?',
					'*** You are back.',
					'*** You were not away.',
					'*** bob is away.',
					'--- cat is now kit.',
					'*** You are now in #dev (2 here: bob, ann).',
					'*** Last 2 messages in #dev:',
					'bob: anyone?',
					'* bob hums',
					'*** End of history.',
					'*** You are already in #dev.',
					'*** There is nobody called zed on this server.',
					'<-- bob left.',
					'--> kit entered.',
					'Bye!',
					'',
				].join('\n'),
			);
			assert.equal(
				bob.raw.toString(),
				[
					PROMPT,
					'Welcome, bob!',
					'*** Last 2 messages in #lobby:',
					'ann: hello?',
					'* ann waits',
					'*** End of history.',
					'*** In #lobby (2): ann, bob',
					'*** In #lobby (2): ann, bob',
					'ann: /shrug',
					'*** You are now in #dev (1 here: bob).',
					'cat (private): hi from the lobby',
					'*** You are away.',
					'ann (private): ping',
					'*** You are back.',
					'--> ann entered.',
					'Bye!',
					'',
				].join('\n'),
			);
			assert.equal(
				cat.raw.toString(),
				[
					PROMPT,
					'*** A name may contain only letters, digits, "_", "-" and ".".',
					PROMPT,
					'*** The name BOB is taken; please choose another.',
					PROMPT,
					'Welcome, cat!',
					'*** Last 4 messages in #lobby:',
					'ann: hello?',
					'* ann waits',
					'* bob waves',
					'ann: /shrug',
					'*** End of history.',
					'*** Rooms: #lobby (2), #dev (1)',
					'*** ann is away: lunch',
					'ann (private): yes',
					'bob (private): hi cat',
					'*** The name ann is taken; please choose another.',
					'*** You are now kit.',
					'<-- ann left.',
					'*** You are now in #dev (2 here: ann, kit).',
					'*** Last 2 messages in #dev:',
					'bob: anyone?',
					'* bob hums',
					'*** End of history.',
					'*** bob has left; your message was not sent.',
					'<-- ann left.',
					'Bye!',
					'',
				].join('\n'),
			);
		}));
});
