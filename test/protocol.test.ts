// Unit tests of the pure protocol pieces: telnet filtering, line framing, sanitising, names,
// and the flood-control bucket. No sockets here; the server tests cover the wiring.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {decodeLine, LineFramer} from '../source/protocol/line-framer.js';
import {checkName, nameKey} from '../source/protocol/names.js';
import {isBlank, sanitizeText} from '../source/protocol/sanitize.js';
import {parseServerLine} from '../source/protocol/server-line.js';
import {TelnetFilter} from '../source/protocol/telnet.js';
import {TokenBucket} from '../source/server/token-bucket.js';

const bytes = (...values: number[]) => Buffer.from(values);
const lines = (framer: LineFramer, ...chunks: (string | Buffer)[]) =>
	chunks.flatMap((chunk) =>
		framer
			.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
			.map((frame) => (frame.kind === 'line' ? decodeLine(frame.bytes) : '<overlong>')),
	);

describe('TelnetFilter', () => {
	test('passes plain data through untouched', () => {
		const chunk = Buffer.from('hello\r\n');
		assert.equal(new TelnetFilter().push(chunk), chunk);
	});

	test('removes option negotiation, two-byte commands and subnegotiation', () => {
		const filter = new TelnetFilter();
		const input = Buffer.concat([
			bytes(255, 251, 1), // IAC WILL ECHO
			Buffer.from('hi'),
			bytes(255, 244), // IAC IP
			bytes(255, 250, 24, 0, 65, 66, 255, 240), // IAC SB TTYPE ... IAC SE
			Buffer.from('!'),
		]);
		assert.equal(filter.push(input).toString(), 'hi!');
	});

	test('keeps state across chunk boundaries', () => {
		const filter = new TelnetFilter();
		const out = [
			bytes(65, 255),
			bytes(253),
			bytes(3, 66),
			bytes(255, 250, 1),
			bytes(255),
			bytes(240, 67),
		]
			.map((chunk) => filter.push(chunk).toString())
			.join('');
		assert.equal(out, 'ABC');
	});

	test('IAC IAC is a literal 255 byte', () => {
		assert.deepEqual([...new TelnetFilter().push(bytes(65, 255, 255, 66))], [65, 255, 66]);
	});

	/** Pushes each chunk, then takes the replies; returns the data and the replies, each joined. */
	const run = (filter: TelnetFilter, chunks: Buffer[]) => {
		const data: Buffer[] = [];
		const replies: Buffer[] = [];
		for (const chunk of chunks) {
			data.push(filter.push(chunk));
			const reply = filter.takeReplies();
			if (reply) replies.push(reply);
		}
		return {data: Buffer.concat(data).toString(), replies: [...Buffer.concat(replies)]};
	};

	test('answers Ctrl-C (IAC IP IAC DO TIMING-MARK) with WILL TIMING-MARK, at every split point', () => {
		const input = Buffer.concat([
			Buffer.from('a'),
			bytes(255, 244, 255, 253, 6),
			Buffer.from('b\n'),
		]);
		for (let first = 0; first <= input.length; first++) {
			for (let second = first; second <= input.length; second++) {
				const chunks = [
					input.subarray(0, first),
					input.subarray(first, second),
					input.subarray(second),
				];
				assert.deepEqual(
					run(new TelnetFilter(), chunks),
					{data: 'ab\n', replies: [255, 251, 6]},
					`split at ${first} and ${second}`,
				);
			}
		}
	});

	test('answers each DO TIMING-MARK once, and nothing else', () => {
		const filter = new TelnetFilter();
		assert.equal(filter.takeReplies(), undefined);
		const quiet = [
			bytes(255, 254, 6), // IAC DONT TIMING-MARK
			bytes(255, 251, 6), // IAC WILL TIMING-MARK
			bytes(255, 252, 6), // IAC WONT TIMING-MARK
			bytes(255, 253, 1), // IAC DO ECHO
			bytes(255, 250, 253, 6, 255, 240), // DO TIMING-MARK's bytes inside a subnegotiation
			bytes(255, 255, 253, 6), // IAC IAC then data bytes 253 6
		];
		for (const chunk of quiet) {
			filter.push(chunk);
			assert.equal(filter.takeReplies(), undefined, chunk.toString('hex'));
		}
		assert.deepEqual(
			run(filter, [bytes(255, 253, 6, 255, 253, 6)]).replies,
			[255, 251, 6, 255, 251, 6],
		);
		assert.equal(filter.takeReplies(), undefined);
	});
});

describe('LineFramer', () => {
	test('splits on LF and drops one trailing CR', () => {
		assert.deepEqual(lines(new LineFramer(100), 'a\nb\r\nc\r\r\n'), ['a', 'b', 'c\r']);
	});

	test('joins a line split across chunks, including a UTF-8 character', () => {
		const euro = Buffer.from('€'); // three bytes
		const framer = new LineFramer(100);
		assert.deepEqual(lines(framer, euro.subarray(0, 1), euro.subarray(1, 2)), []);
		assert.deepEqual(lines(framer, Buffer.concat([euro.subarray(2), Buffer.from('\n')])), ['€']);
	});

	test('decodes invalid UTF-8 to U+FFFD', () => {
		assert.deepEqual(lines(new LineFramer(100), bytes(0x61, 0xff, 0x62, 0x0a)), ['a\uFFFDb']);
	});

	test('a line of exactly the limit passes, with or without CR', () => {
		const framer = new LineFramer(5);
		assert.deepEqual(lines(framer, '12345\n', '12345\r\n'), ['12345', '12345']);
	});

	test('a line over the limit is reported once and skipped up to its LF', () => {
		const framer = new LineFramer(5);
		assert.deepEqual(lines(framer, '123456\nok\n'), ['<overlong>', 'ok']);
		assert.deepEqual(lines(framer, '1234567890', 'more', 'and more', '\nafter\n'), [
			'<overlong>',
			'after',
		]);
	});

	test('never holds more than the limit of a line with no LF', () => {
		const framer = new LineFramer(1000);
		const frames = [];
		for (let index = 0; index < 1000; index++)
			frames.push(...framer.push(Buffer.alloc(100_000, 97)));
		assert.deepEqual(frames, [{kind: 'overlong'}]);
		assert.deepEqual(lines(framer, 'tail\nnext\n'), ['next']);
	});

	test('end() yields a last line cut off by EOF', () => {
		const framer = new LineFramer(100);
		assert.deepEqual(lines(framer, 'a\nlast'), ['a']);
		assert.deepEqual(
			framer.end().map((frame) => (frame.kind === 'line' ? decodeLine(frame.bytes) : '')),
			['last'],
		);
		assert.deepEqual(framer.end(), []);
	});
});

describe('sanitizeText', () => {
	const cases: [string, string, string][] = [
		['plain text', 'hello, world', 'hello, world'],
		['keeps tabs', 'a\tb', 'a\tb'],
		['CSI clear screen', 'a\u001b[2Jb', 'ab'],
		['CSI cursor move and colour', '\u001b[10;20H\u001b[31mred\u001b[0m', 'red'],
		['OSC title ended by BEL', '\u001b]0;pwned\u0007hi', 'hi'],
		['OSC title ended by ST', '\u001b]2;pwned\u001b\\hi', 'hi'],
		['8-bit CSI', '\u009b2Jx', 'x'],
		['two-byte escapes', '\u001bcreset\u001b7saved', 'resetsaved'],
		['bell, backspace, CR, NUL, DEL', 'a\u0007b\bc\rd\u0000e\u007f', 'abcde'],
		['C1 controls', 'a\u0085b\u009fc', 'abc'],
		['bidi overrides and isolates', 'a\u202eb\u2066c\u2069d\u202ae', 'abcde'],
		['non-ASCII text is kept', 'Zoë says 你好 👋', 'Zoë says 你好 👋'],
	];
	for (const [label, input, expected] of cases) {
		test(label, () => assert.equal(sanitizeText(input), expected));
	}

	test('isBlank', () => {
		assert.equal(isBlank(' \t '), true);
		assert.equal(isBlank(''), true);
		assert.equal(isBlank(' x '), false);
	});
});

describe('checkName', () => {
	test('accepts names of any script', () => {
		for (const name of ['Zoë', 'Łukasz', 'अमित', '山田', 'bob_2', 'a.b-c', 'x', 'A'.repeat(24)]) {
			assert.deepEqual(checkName(name), {ok: true, name}, name);
		}
	});

	test('trims and NFC-normalises', () => {
		assert.deepEqual(checkName('  Zoe\u0308 '), {ok: true, name: 'Zoë'});
	});

	test('rejects empty, too long and disallowed characters with a reason', () => {
		for (const input of [
			'',
			'   ',
			'A'.repeat(25),
			'two words',
			'a:b',
			'bob!',
			'--> x',
			'*',
			'👋',
		]) {
			const result = checkName(input);
			assert.equal(result.ok, false, input);
			if (!result.ok) assert.match(result.reason, /^A name /);
		}
	});

	test('counts code points, not UTF-16 units', () => {
		assert.equal(checkName('𝒜'.repeat(24)).ok, true);
		assert.equal(checkName('𝒜'.repeat(25)).ok, false);
	});

	test('nameKey folds case', () => {
		assert.equal(nameKey('Zoë'), nameKey('ZOË'));
		assert.equal(nameKey('Straße'), nameKey('STRASSE'));
		assert.notEqual(nameKey('zoe'), nameKey('zoë'));
	});
});

describe('TokenBucket', () => {
	test('allows a burst, then refills at the rate', () => {
		const bucket = new TokenBucket(5, 10, 0);
		for (let index = 0; index < 10; index++) assert.equal(bucket.tryTake(0), true);
		assert.equal(bucket.tryTake(0), false);
		assert.equal(bucket.waitTime(0), 200);
		assert.equal(bucket.tryTake(199), false);
		assert.equal(bucket.tryTake(200), true);
	});

	test('never saves more than the burst', () => {
		const bucket = new TokenBucket(5, 10, 0);
		let taken = 0;
		while (bucket.tryTake(60_000)) taken++;
		assert.equal(taken, 10);
	});
});

describe('parseServerLine', () => {
	test('classifies every kind of server line', () => {
		assert.deepEqual(parseServerLine("Hi, what's your name?"), {
			kind: 'prompt',
			text: "Hi, what's your name?",
		});
		assert.deepEqual(parseServerLine('Welcome, Zoë!'), {
			kind: 'welcome',
			name: 'Zoë',
			text: 'Welcome, Zoë!',
		});
		assert.deepEqual(parseServerLine('--> Sam entered.'), {
			kind: 'join',
			name: 'Sam',
			text: '--> Sam entered.',
		});
		assert.deepEqual(parseServerLine('<-- Sam left.'), {
			kind: 'leave',
			name: 'Sam',
			text: '<-- Sam left.',
		});
		assert.deepEqual(parseServerLine('Sam: hi: there'), {
			kind: 'message',
			from: 'Sam',
			body: 'hi: there',
			text: 'Sam: hi: there',
		});
		assert.deepEqual(parseServerLine('*** Server shutting down.'), {
			kind: 'notice',
			body: 'Server shutting down.',
			text: '*** Server shutting down.',
		});
		assert.deepEqual(parseServerLine('Bye!'), {kind: 'bye', text: 'Bye!'});
		assert.deepEqual(parseServerLine('something else'), {kind: 'other', text: 'something else'});
	});

	test('sanitises before classifying, and tolerates CR LF servers', () => {
		assert.deepEqual(parseServerLine('\u001b[2JSam: \u001b]0;x\u0007hi\r'), {
			kind: 'message',
			from: 'Sam',
			body: 'hi',
			text: 'Sam: hi',
		});
	});

	test('a "name" with spaces is not a message sender', () => {
		assert.equal(parseServerLine('two words: hi').kind, 'other');
	});
});
