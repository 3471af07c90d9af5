// Properties of the command parser over generated lines: it is total, each result keeps to its
// command's rules, and `//` escaping round-trips. FC_RUNS and FC_SEED set the cases and seed.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import fc from 'fast-check';
import {COMMANDS, type Command, parseCommand} from '../source/protocol/commands.js';
import {holds} from './helpers/property.js';

const WORDS = COMMANDS.flatMap((spec) => [spec.name, ...spec.aliases]);

const space = fc.string({unit: fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\n'), maxLength: 3});
const anyText = fc.oneof(
	fc.string({unit: 'binary', maxLength: 20}),
	fc.string({unit: fc.constantFrom('/', ' ', 'a', 'b', 'quit', '#'), maxLength: 6}),
);

/** A command word as typed: a known one in any letter case, a prefix of one, or anything. */
const word = fc.oneof(
	{weight: 3, arbitrary: fc.constantFrom(...WORDS)},
	fc
		.tuple(fc.constantFrom(...WORDS), fc.array(fc.boolean(), {minLength: 8, maxLength: 8}))
		.map(([known, upper]) =>
			[...known].map((char, index) => (upper[index] ? char.toUpperCase() : char)).join(''),
		),
	fc.constantFrom(...WORDS).map((known) => known.slice(0, -1)),
	fc.string({unit: 'binary', maxLength: 6}),
);

/** Lines as users type them: commands with arguments, `//` lines, quit, and anything at all. */
const line = fc.oneof(
	{
		weight: 4,
		arbitrary: fc
			.tuple(
				fc.oneof({weight: 5, arbitrary: fc.constant('')}, space),
				word,
				fc.oneof({weight: 5, arbitrary: fc.constant(' ')}, space),
				fc.array(fc.tuple(anyText, space), {maxLength: 3}),
			)
			.map(([before, typed, gap, args]) => `/${before}${typed}${gap}${args.flat().join('')}`),
	},
	anyText.map((text) => `//${text}`),
	fc.constantFrom('quit', '/quit', 'quit ', ' quit', '/', '//', '/ /'),
	anyText,
);

const KINDS = new Set([
	'say',
	'quit',
	'help',
	'who',
	'me',
	'msg',
	'reply',
	'nick',
	'away',
	'back',
	'join',
	'rooms',
	'op',
	'kick',
	'ban',
	'unban',
	'bans',
	'mute',
	'unmute',
	'usage',
	'unknown',
]);

const hasSpace = (text: string) => /\s/u.test(text);
const trimmed = (text: string) => text === text.trim();

/** What every result must satisfy, given the line it came from. */
function checkResult(input: string, command: Command): void {
	assert.ok(KINDS.has(command.kind), command.kind);
	const known = (typed: string) => WORDS.includes(typed.toLowerCase());
	switch (command.kind) {
		case 'say':
			assert.notEqual(input, 'quit');
			assert.ok(
				input.startsWith('//') ? command.text === input.slice(1) : command.text === input,
				'a chat line is the line, with one / dropped from //',
			);
			assert.ok(!input.startsWith('/') || input.startsWith('//'));
			break;
		case 'me':
		case 'reply':
			assert.ok(command.text !== '' && trimmed(command.text) && input.includes(command.text));
			break;
		case 'msg':
			assert.ok(command.to !== '' && !hasSpace(command.to), 'NAME is one word');
			assert.ok(command.text !== '' && trimmed(command.text), 'TEXT is not empty');
			assert.ok(input.includes(command.to) && input.trimEnd().endsWith(command.text));
			break;
		case 'nick':
			assert.ok(command.name !== '' && !hasSpace(command.name) && input.includes(command.name));
			break;
		case 'join':
			assert.ok(command.room !== '' && !hasSpace(command.room) && input.includes(command.room));
			break;
		case 'away':
			assert.ok(trimmed(command.reason) && input.includes(command.reason));
			break;
		case 'op':
			assert.ok(command.password !== '' && trimmed(command.password));
			break;
		case 'kick':
			assert.ok(command.name !== '' && !hasSpace(command.name) && trimmed(command.reason));
			break;
		case 'ban':
			assert.ok(command.target !== '' && !hasSpace(command.target));
			assert.ok(Number.isInteger(command.minutes) && command.minutes >= 0);
			break;
		case 'unban':
			assert.ok(command.address !== '' && !hasSpace(command.address));
			break;
		case 'mute':
		case 'unmute':
			assert.ok(command.name !== '' && !hasSpace(command.name) && input.includes(command.name));
			break;
		case 'usage':
			assert.ok(COMMANDS.includes(command.spec));
			break;
		case 'unknown':
			assert.ok(input.startsWith('/') && !input.startsWith('//'));
			assert.ok(!known(command.word) && !hasSpace(command.word));
			break;
		default:
			assert.ok(input === 'quit' || input.startsWith('/'));
	}
}

describe('parseCommand properties', () => {
	test('total: any line gives a command that keeps to its rules, and nothing throws', () => {
		holds(
			fc.property(fc.oneof(line, fc.string({unit: 'binary', maxLength: 40})), (input) => {
				checkResult(input, parseCommand(input));
			}),
		);
	});

	test('a command word is read in any letter case', () => {
		holds(
			fc.property(line, (input) => {
				const command = parseCommand(input);
				fc.pre(command.kind !== 'say' && command.kind !== 'unknown' && input !== 'quit');
				const [, typed = ''] = /^\/(\S*)/u.exec(input) ?? [];
				const shouted = `/${typed.toUpperCase()}${input.slice(typed.length + 1)}`;
				fc.pre(typed.toUpperCase().toLowerCase() === typed.toLowerCase());
				assert.deepEqual(parseCommand(shouted), command);
			}),
		);
	});

	test('`//` escaping round-trips: any text, escaped, is said as it is', () => {
		/** How a client says TEXT: a line starting with / is sent with one more. */
		const escaped = (text: string) => (text.startsWith('/') ? `/${text}` : text);
		holds(
			fc.property(
				fc.oneof(
					anyText,
					anyText.map((text) => `/${text}`),
				),
				(text) => {
					fc.pre(text !== 'quit'); // the one line that cannot be said: it leaves, as in the seed
					assert.deepEqual(parseCommand(escaped(text)), {kind: 'say', text});
				},
			),
		);
	});
});
