// Unit tests of the client's new pure pieces: mention matching, Tab completion, the roster,
// word wrapping, input rows, the status text, key parsing of Tab/Ctrl-Z/Ctrl-R and chunks of
// escape sequences, local commands, and the on-purpose close notices.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {closedOnPurpose} from '../source/client/chat-client.js';
import {parseServerLine} from '../source/protocol/server-line.js';
import {clientHelp, parseLocalCommand} from '../source/ui/client-help.js';
import {applyCycle, complete, cycle} from '../source/ui/completion.js';
import {layoutInput} from '../source/ui/input-layout.js';
import {parseKeys} from '../source/ui/keys.js';
import {mentions} from '../source/ui/mentions.js';
import {emptyRoster, nextRoster} from '../source/ui/roster.js';
import {statusText} from '../source/ui/status-text.js';
import {textWidth} from '../source/ui/text-width.js';
import {entryForLine, ringsBell} from '../source/ui/transcript-entries.js';
import {wrapText} from '../source/ui/wrap-text.js';

describe('mentions', () => {
	test('whole word, any case, with or without @', () => {
		assert.equal(mentions('hi zoe', 'zoe'), true);
		assert.equal(mentions('ZOE: look', 'zoe'), true);
		assert.equal(mentions('@Zoe look', 'zoe'), true);
		assert.equal(mentions('thanks, zoe.', 'zoe'), true);
		assert.equal(mentions('zoey is here', 'zoe'), false);
		assert.equal(mentions('chloe', 'zoe'), false);
		assert.equal(mentions('azoe', 'zoe'), false);
		assert.equal(mentions('zoe.b said', 'zoe'), false);
		assert.equal(mentions('hi Zoë', 'zoë'), true);
		assert.equal(mentions('anything', undefined), false);
	});

	test('the bell: live private messages and others naming you, never yourself or history', () => {
		assert.equal(ringsBell(parseServerLine('sam: hi zoe'), 'zoe'), true);
		assert.equal(ringsBell(parseServerLine('* sam pokes zoe'), 'zoe'), true);
		assert.equal(ringsBell(parseServerLine('sam (private): psst'), 'zoe'), true);
		assert.equal(ringsBell(parseServerLine('sam: hi all'), 'zoe'), false);
		assert.equal(ringsBell(parseServerLine('zoe: I am zoe'), 'zoe'), false);
		assert.equal(ringsBell({...parseServerLine('sam: hi zoe'), history: true}, 'zoe'), false);
		assert.equal(ringsBell(parseServerLine('*** zoe, the server is restarting'), 'zoe'), false);
		const line = entryForLine(parseServerLine('sam: hi @ZOE'), new Date(), 'zoe');
		assert.equal(line.mention, true);
	});
});

describe('completion', () => {
	const sources = {
		names: ['sam', 'Sara', 'ann'],
		commands: ['help', 'who', 'join', 'me'],
		rooms: ['#lobby', '#dev', '#design'],
	};

	test('a name at the start gets ": ", elsewhere a space; most recently active first', () => {
		assert.deepEqual(complete('sa', 2, sources)?.candidates, ['sam: ', 'Sara: ']);
		assert.deepEqual(complete('hi s', 4, sources)?.candidates, ['sam ', 'Sara ']);
		assert.deepEqual(complete('hi @a', 5, sources)?.candidates, ['@ann ']);
		assert.deepEqual(complete('/msg a', 6, sources)?.candidates, ['ann ']);
		assert.deepEqual(
			complete('hi s there', 4, sources)?.candidates,
			['sam', 'Sara'],
			'a space follows',
		);
		assert.equal(complete('hi x', 4, sources), undefined);
	});

	test('commands after a leading /, rooms after /join', () => {
		assert.deepEqual(complete('/h', 2, sources)?.candidates, ['/help ']);
		assert.deepEqual(complete('/join #d', 8, sources)?.candidates, ['#dev', '#design']);
		assert.deepEqual(complete('/join de', 8, sources)?.candidates, ['#dev', '#design']);
	});

	test('repeated Tab cycles through the candidates and back', () => {
		let state = cycle(undefined, 'hi s', 4, sources);
		assert.deepEqual(state && applyCycle(state), {line: 'hi sam ', cursor: 7});
		state = cycle(state, 'hi sam ', 7, sources);
		assert.deepEqual(state && applyCycle(state), {line: 'hi Sara ', cursor: 8});
		state = cycle(state, 'hi Sara ', 8, sources);
		assert.deepEqual(state && applyCycle(state), {line: 'hi sam ', cursor: 7});
	});

	test('the roster: who sets it, joins, leaves, nicks and speakers keep it current', () => {
		let roster = nextRoster(emptyRoster, parseServerLine('*** In #lobby (3): zoe, sam, ann'));
		assert.deepEqual(roster.names, ['ann', 'sam', 'zoe']);
		roster = nextRoster(roster, parseServerLine('sam: hello'));
		assert.deepEqual(roster.names, ['sam', 'ann', 'zoe']);
		roster = nextRoster(roster, parseServerLine('--> bob entered.'));
		roster = nextRoster(roster, parseServerLine('<-- ann left.'));
		roster = nextRoster(roster, parseServerLine('--- sam is now samuel.'));
		assert.deepEqual(roster.names, ['bob', 'samuel', 'zoe']);
		roster = nextRoster(roster, parseServerLine('*** You are now in #dev (2 here: zoe, eve).'));
		assert.deepEqual(roster.names, ['eve', 'zoe']);
	});
});

describe('layout', () => {
	test('wrapping breaks at spaces, with no leading space on a continuation', () => {
		assert.deepEqual(wrapText('the quick brown fox jumps', 10), [
			'the quick',
			'brown fox',
			'jumps',
		]);
		assert.deepEqual(wrapText('abcdefghijkl', 5), ['abcde', 'fghij', 'kl']);
		for (const row of wrapText('a b c d e f g h i j k l m n o p', 3))
			assert.ok(!row.startsWith(' '));
		assert.equal(textWidth('日本'), 4);
		assert.equal(textWidth('👋'), 2);
	});

	test('a long input shows at most maxRows rows, those around the cursor', () => {
		const chars = [...'x'.repeat(100)];
		const rows = layoutInput(chars, 100, 20, 2, 3);
		assert.equal(rows.length, 3);
		assert.ok(rows.at(-1)?.cursor !== undefined, 'the cursor row is shown');
		const start = layoutInput(chars, 0, 20, 2, 3);
		assert.equal(start[0]?.first, true);
		assert.equal(start[0]?.cursor, 0);
	});

	test('the status line: state, name, room and count, away, address', () => {
		const {text} = statusText({
			state: {status: 'connected', name: 'zoe'},
			address: 'host:4242',
			room: '#dev',
			count: 3,
			away: true,
			now: 0,
		});
		assert.equal(text, '● connected · zoe · #dev (3) · away · host:4242');
	});
});

describe('keys and local commands', () => {
	test('Tab alone, Ctrl-Z, Ctrl-R, and several escape sequences in one chunk', () => {
		assert.deepEqual(parseKeys('\t'), [{type: 'tab'}]);
		assert.deepEqual(parseKeys('s\t'), [{type: 'text', text: 's'}, {type: 'tab'}]);
		assert.deepEqual(parseKeys('a\tb'), [{type: 'text', text: 'a b'}]);
		assert.deepEqual(parseKeys('\u001a\u0012'), [{type: 'suspend'}, {type: 'retry'}]);
		assert.deepEqual(parseKeys('\u001b[D\u001b[Dx\u001b[3~'), [
			{type: 'left'},
			{type: 'left'},
			{type: 'text', text: 'x'},
			{type: 'delete'},
		]);
		assert.deepEqual(parseKeys('\u001b[15~a'), [{type: 'text', text: 'a'}]);
	});

	test('/bell and /clear are the client’s own; /help lists them with the bell setting', () => {
		assert.deepEqual(parseLocalCommand('/bell off'), {kind: 'bell', on: false});
		assert.deepEqual(parseLocalCommand('/bell on'), {kind: 'bell', on: true});
		assert.deepEqual(parseLocalCommand('/clear'), {kind: 'clear'});
		assert.equal(parseLocalCommand('/who'), undefined);
		assert.match(clientHelp(false).join('\n'), /\/bell on\|off.*now off/);
		assert.match(clientHelp(true).join('\n'), /\/clear/);
	});

	test('closing on purpose: kicks, bans, timeouts, a full server; not a shutdown', () => {
		assert.equal(closedOnPurpose('*** No name given within 60 seconds; closing.'), true);
		assert.equal(closedOnPurpose('*** You were kicked by op: spam'), true);
		assert.equal(closedOnPurpose('*** You were banned by op.'), true);
		assert.equal(closedOnPurpose('*** You are banned from this server.'), true);
		assert.equal(closedOnPurpose('*** Too many wrong passwords.'), true);
		assert.equal(
			closedOnPurpose('*** Server is full (10 connections); please try again later.'),
			true,
		);
		assert.equal(closedOnPurpose('*** Too many connections from your address.'), true);
		assert.equal(closedOnPurpose('*** Server shutting down.'), false);
		assert.equal(closedOnPurpose(undefined), false);
	});
});
