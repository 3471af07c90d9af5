// Unit tests of the name rules' single definitions: the character class and length that checkName,
// the client's line parser and the demo's default name all build on.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {nameFromUser} from '../source/demo/default-name.js';
import {
	checkName,
	NAME_CHARACTER_CLASS,
	NAME_MAX_LENGTH,
	NAME_PATTERN,
} from '../source/protocol/names.js';
import {parseServerLine} from '../source/protocol/server-line.js';

/** Names at and around every edge of the rules: length in code points, scripts, punctuation. */
const SAMPLES = [
	'x',
	'Zoë',
	'Łukasz',
	'अमित',
	'山田',
	'a.b-c_d',
	'A'.repeat(NAME_MAX_LENGTH),
	'A'.repeat(NAME_MAX_LENGTH + 1),
	'𝒜'.repeat(NAME_MAX_LENGTH),
	'𝒜'.repeat(NAME_MAX_LENGTH + 1),
	'two words',
	'a:b',
	'bob!',
	'👋',
	'',
];

describe('one definition of a name', () => {
	test('NAME_PATTERN accepts exactly what checkName accepts', () => {
		const whole = new RegExp(`^${NAME_PATTERN}$`, 'u');
		for (const name of SAMPLES) assert.equal(whole.test(name), checkName(name).ok, name);
	});

	test('the client parses a server line as from a user exactly when the name is valid', () => {
		for (const name of SAMPLES) {
			const valid = checkName(name).ok;
			assert.equal(parseServerLine(`Welcome, ${name}!`).kind === 'welcome', valid, name);
			assert.equal(parseServerLine(`--> ${name} entered.`).kind === 'join', valid, name);
			assert.equal(parseServerLine(`<-- ${name} left.`).kind === 'leave', valid, name);
			assert.equal(parseServerLine(`${name}: hi`).kind === 'message', valid, name);
		}
	});

	test('the demo keeps every name character of a user name and replaces the rest', () => {
		const one = new RegExp(`^${NAME_CHARACTER_CLASS}$`, 'u');
		for (const user of ['zoë.w-2_x', 'John Smith', 'a:b@c', 'd👋e', 'अमित\tx']) {
			const expected = [...user].map((char) => (one.test(char) ? char : '_')).join('');
			assert.equal(nameFromUser(user), expected, user);
			assert.ok(checkName(nameFromUser(user)).ok, user);
		}
		assert.equal([...nameFromUser('𝒜'.repeat(40))].length, NAME_MAX_LENGTH);
	});
});
