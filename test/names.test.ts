// Unit tests of the name rules: the character class and length that checkName, the client's line
// parser and the demo's default name all build on; the confusable skeleton (and so our reliance on
// the unhomoglyph package's data); and the clash keys built on it.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {nameFromUser} from '../source/demo/default-name.js';
import {
	checkName,
	foldCase,
	lookalikeKey,
	NAME_CHARACTER_CLASS,
	NAME_MAX_LENGTH,
	NAME_PATTERN,
	nameKey,
} from '../source/protocol/names.js';
import {parseServerLine} from '../source/protocol/server-line.js';
import {skeleton} from '../source/protocol/skeleton.js';
import {notices} from '../source/protocol/wire.js';

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

describe('skeleton (UTS #39, data from unhomoglyph)', () => {
	test('maps look-alikes to one prototype', () => {
		assert.equal(skeleton('аlice'), 'alice'); // Cyrillic а
		assert.equal(skeleton('ａｌｉｃｅ'), 'alice'); // fullwidth
		assert.equal(skeleton('Воb'), 'Bob'); // Cyrillic В and о
		assert.equal(skeleton('m'), skeleton('rn'));
		assert.equal(skeleton('0'), skeleton('O'));
		assert.equal(skeleton('l'), skeleton('I'));
		assert.equal(skeleton('l'), skeleton('1'));
	});

	test('is NFD, keeps diacritics and other scripts, and drops invisible characters', () => {
		assert.equal(skeleton('Zoë'), 'Zoe\u0308');
		assert.notEqual(skeleton('Łukasz'), skeleton('Lukasz'));
		assert.equal(skeleton('अमित'), 'अमित');
		assert.equal(skeleton('山田'), '山田');
		assert.equal(skeleton('al\u034Fice\uFE0F'), 'alice'); // combining grapheme joiner, VS16
	});

	test('is idempotent', () => {
		for (const text of ['аlice', 'ａｌｉｃｅ', 'Воb', 'm', 'Zoë', 'Łukasz', 'अमित', 'I0l1']) {
			assert.equal(skeleton(skeleton(text)), skeleton(text), text);
		}
	});
});

describe('name clash keys', () => {
	/** Whether two names clash, as the room decides it: either key in common. */
	const clash = (a: string, b: string) =>
		nameKey(a) === nameKey(b) || lookalikeKey(a) === lookalikeKey(b);

	test('names alike up to case clash', () => {
		for (const [a, b] of [
			['Zoë', 'ZOË'],
			['zoë', 'ZOË'],
			['Straße', 'STRASSE'],
			['Iris', 'iris'],
			['ALICE', 'alice'],
		]) {
			assert.equal(nameKey(a as string), nameKey(b as string), `${a} ${b}`);
		}
	});

	test('names alike to the eye clash', () => {
		for (const [a, b] of [
			['аlice', 'alice'], // Cyrillic а
			['ａｌｉｃｅ', 'alice'], // fullwidth
			['ＡＬＩＣＥ', 'alice'],
			['АLICE', 'alice'], // Cyrillic А, then case
			['Воb', 'Bob'], // Cyrillic capitals: only the key before folding sees these
			['Тom', 'tom'],
			['amie', 'arnie'],
			['b0b', 'bob'],
			['a1ice', 'alice'],
			['aIice', 'alice'],
			['Iris', 'lris'],
			['al\u034Fice', 'alice'],
		]) {
			assert.ok(clash(a as string, b as string), `${a} ${b}`);
		}
	});

	test('different names do not clash', () => {
		for (const [a, b] of [
			['zoe', 'zoë'],
			['Zoë', 'Zoe'],
			['Łukasz', 'Lukasz'],
			['अमित', 'अमत'],
			['alice', 'allce'],
			['alice', 'bob'],
			['山田', '田山'],
		]) {
			assert.ok(!clash(a as string, b as string), `${a} ${b}`);
		}
		const users = Array.from({length: 100}, (_, index) => `user${index}`);
		assert.equal(new Set(users.map(nameKey)).size, users.length);
		assert.equal(new Set(users.map(lookalikeKey)).size, users.length);
	});
});

describe('nameTaken', () => {
	test('names the online name only when it differs', () => {
		assert.equal(
			notices.nameTaken('Zoë', 'Zoë'),
			'*** The name Zoë is taken; please choose another.',
		);
		assert.equal(
			notices.nameTaken('ZOË', 'Zoë'),
			'*** The name ZOË is taken; please choose another.',
			'a name that differs only in case is simply taken',
		);
		assert.equal(
			notices.nameTaken('аlice', 'alice'),
			'*** The name аlice is taken: it looks like alice; please choose another.',
		);
	});
});

describe('found by the property tests (test/properties-text.test.ts)', () => {
	test('capital sharp s folds as ß and SS do, so the taken notice does not call it a look-alike', () => {
		// Shrunk counter-example: foldCase('aaaẞa') was 'aaaßa' but foldCase('aaaßa') 'aaassa'.
		assert.equal(foldCase('aaaẞa'), foldCase('aaaßa'));
		assert.equal(foldCase('STRAẞE'), foldCase('strasse'));
		assert.equal(
			notices.nameTaken('straße', 'STRAẞE'),
			'*** The name straße is taken; please choose another.',
		);
	});

	test('a letter that looks like another clashes with it, though NFKC maps it elsewhere', () => {
		// Shrunk counter-example: ſ looks like f (UTS #39), but NFKC before the skeleton made it s.
		const clash = (a: string, b: string) =>
			nameKey(a) === nameKey(b) || lookalikeKey(a) === lookalikeKey(b);
		assert.ok(clash('ſa', 'fa'));
		assert.ok(clash('ϲat', 'cat'), 'Greek lunate sigma ϲ looks like c (NFKC makes it ς)');
		assert.ok(clash('Ϲat', 'Cat'));
		assert.ok(clash('ᴮob', 'Воb'), 'NFKC still applies to what the skeleton leaves: ᴮ is B');
		assert.ok(clash('ſa', 'sa'), 'and nameKey still takes NFKC first');
	});

	test('an invisible character between two combining marks changes no key', () => {
		// Shrunk counter-example: a, ạ (a + dot below), cedilla, a; and the same with U+FE0F before
		// the cedilla, which kept NFD from putting the cedilla first, so the skeletons differed.
		const name = 'a\u1ea1\u0327a';
		const invisible = 'a\u1ea1\ufe0f\u0327a';
		assert.equal(skeleton(invisible), skeleton(name));
		assert.equal(lookalikeKey(invisible), lookalikeKey(name));
		assert.equal(nameKey(invisible), nameKey(name));
	});
});
