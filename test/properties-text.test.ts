// Properties of the text rules, over generated input: the sanitiser, names and rooms.
// FC_RUNS and FC_SEED set the cases and seed (test/helpers/property.ts).

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import fc from 'fast-check';
import unhomoglyph from 'unhomoglyph';
import {
	checkName,
	foldCase,
	lookalikeKey,
	NAME_MAX_LENGTH,
	NAME_PATTERN,
	nameKey,
} from '../source/protocol/names.js';
import {checkRoom, roomKey} from '../source/protocol/rooms.js';
import {sanitizeText} from '../source/protocol/sanitize.js';
import {skeleton} from '../source/protocol/skeleton.js';
import {holds} from './helpers/property.js';

// --- The sanitiser -------------------------------------------------------------------------------

/** What sanitizeText promises never to pass on: C0 controls but TAB, DEL, C1 controls, bidi overrides. */
const FORBIDDEN = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/** Pieces of hostile text: escape sequences whole and cut short, controls, bidi, any code points. */
const hostilePiece = fc.oneof(
	fc.string({unit: 'binary', maxLength: 6}),
	fc.string({unit: 'grapheme', maxLength: 3}),
	fc.constantFrom(
		'\u001b',
		'\u009b',
		'\u009d',
		'\u009c',
		'\u0007',
		'\u001b\\',
		'\u001b[',
		'\u001b]',
		'\u001bP',
		'\t',
		'\r',
		'\n',
		'\u0000',
		'\u007f',
		'\u0085',
		'\u202e',
		'\u2066',
		'\u2069',
		'\u200f',
		'\u2028',
	),
	fc
		.tuple(
			fc.constantFrom('\u001b[', '\u009b', '\u001b]', '\u009d', '\u001bP', '\u001b'),
			fc.string({unit: fc.constantFrom(...'0123456789;?:=<> !#()'), maxLength: 6}),
			fc.constantFrom('m', 'H', 'J', 'K', 'c', '7', '\u0007', '\u001b\\', '\u009c', ''),
		)
		.map((parts) => parts.join('')),
);

const hostileText = fc.array(hostilePiece, {maxLength: 12}).map((pieces) => pieces.join(''));

/** Text without anything the sanitiser removes. */
const ordinaryText = fc
	.string({unit: 'binary', maxLength: 40})
	.map((text) => text.replace(new RegExp(FORBIDDEN.source, 'gu'), ''));

describe('sanitizeText properties', () => {
	test('the output never contains a forbidden character', () => {
		holds(
			fc.property(hostileText, (text) => {
				assert.doesNotMatch(sanitizeText(text), FORBIDDEN);
			}),
		);
	});

	test('it is idempotent', () => {
		holds(
			fc.property(hostileText, (text) => {
				const once = sanitizeText(text);
				assert.equal(sanitizeText(once), once);
			}),
		);
	});

	test('it never grows its input, and keeps the order of what it keeps', () => {
		holds(
			fc.property(hostileText, (text) => {
				const output = sanitizeText(text);
				assert.ok(output.length <= text.length);
				// What is left is a subsequence of the input: removal only, nothing added or moved.
				let index = 0;
				for (const char of output) {
					index = text.indexOf(char, index);
					assert.ok(index !== -1, `${JSON.stringify(char)} was not in the input`);
					index += char.length;
				}
			}),
		);
	});

	test('text with nothing forbidden passes unchanged', () => {
		holds(
			fc.property(ordinaryText, (text) => {
				assert.equal(sanitizeText(text), text);
			}),
		);
	});
});

// --- Names ---------------------------------------------------------------------------------------

/**
 * Characters for generated names: ASCII, letters that case-map unusually (ß ẞ ſ ı İ ǅ ς ϴ K Å),
 * Greek, Cyrillic, Armenian and Cherokee letters that look Latin, fullwidth and mathematical
 * letters, other scripts' digits, combining marks (some default-ignorable), and letters of
 * scripts without case.
 */
const NAME_ALPHABET = [
	...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-',
	...'àáäåæçéèëíïðñóöøúüýþÿÀÅÆÇÉÑÖØÜŁłŒœĳǅǆǄǈǲßẞſıİŉ',
	...'αβγδεζηθικλμνξοπρσςτυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩϴϑϐϰϱϵΐΰ',
	...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕКМНОРСТХЬіјѕӏԁԛԝЅІЈ',
	...'ԱաՍսօՕᎠᎡᎢᏴꭰꭱꭲ',
	...'ＡＢＩＬＯａｂｉｌｏ０１𝒜𝐀𝐚𝟎𝟏𝔞ℓℯℬKÅΩ',
	...'٠١٢۰०१߀०',
	...'\u0300\u0301\u0308\u0323\u0327\u0338\u0345\u034F\uFE00\uFE0F\u180B',
	...'山田中가각각अमितאבกა',
];

const isValidName = (name: string) => checkName(name).ok;

/** Some white space around a name, as typed. */
const padding = fc.string({unit: fc.constantFrom(' ', '\t', '\u3000', '\u00a0'), maxLength: 2});

/** A name as typed: up to NAME_MAX_LENGTH + 2 characters of the alphabet, maybe NFD, maybe padded. */
const typedName = fc
	.tuple(
		padding,
		fc.array(fc.constantFrom(...NAME_ALPHABET), {minLength: 1, maxLength: NAME_MAX_LENGTH + 2}),
		fc.boolean(),
		padding,
	)
	.map(([before, chars, nfd, after]) => {
		const name = chars.join('');
		return before + (nfd ? name.normalize('NFD') : name) + after;
	});

/** A valid name, as checkName returns it, and its code points. */
const validName = fc
	.array(fc.constantFrom(...NAME_ALPHABET), {minLength: 1, maxLength: NAME_MAX_LENGTH})
	.map((chars) => chars.join(''))
	.filter(isValidName)
	.map((name) => (checkName(name) as {name: string}).name);

/** Whether two names clash, as the server decides it (Directory): either key in common. */
const clash = (a: string, b: string) =>
	nameKey(a) === nameKey(b) || lookalikeKey(a) === lookalikeKey(b);

/**
 * The documented sources of likeness, for one character: case mapping, compatibility (NFKC) and
 * canonical (NFD, NFC) equivalence, and the confusable prototype of UTS #39 (without the
 * invisible characters it drops).
 */
const LIKENESSES: readonly ((text: string) => string)[] = [
	(text) => text.toUpperCase(),
	(text) => text.toLowerCase(),
	(text) => text.normalize('NFKC'),
	(text) => text.normalize('NFD'),
	(text) => text.normalize('NFC'),
	(text) => unhomoglyph(text),
	(text) => text.replace(/\p{Default_Ignorable_Code_Point}/gu, ''),
];

/**
 * Classes of characters alike by any chain of likenesses (a union-find over strings). Both keys are
 * chains of these functions, so two characters whose keys meet are in one class: characters in
 * different classes are unrelated by every rule, and so are names differing by one of them. A
 * character's images are explored when it is first asked about (a name's NFC may compose one that
 * is not in the alphabet: ι and a diaeresis are ϊ).
 */
const likenessClass = (() => {
	const parent = new Map<string, string>();
	const explored = new Set<string>();
	const find = (node: string): string => {
		let root = node;
		while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as string;
		parent.set(node, root);
		return root;
	};
	const union = (a: string, b: string) => {
		const [rootA, rootB] = [find(a), find(b)];
		if (rootA !== rootB) parent.set(rootA, rootB);
	};
	const explore = (char: string) => {
		const seen = new Set([char]);
		const queue = [char];
		while (queue.length > 0) {
			const node = queue.shift() as string;
			for (const like of LIKENESSES) {
				const image = like(node);
				union(node, image);
				if (!seen.has(image)) {
					seen.add(image);
					queue.push(image);
				}
			}
			if (seen.size > 1000) throw new Error(`the likenesses of ${char} do not end`);
		}
		explored.add(char);
	};
	for (const char of NAME_ALPHABET) explore(char);
	return (char: string) => {
		if (!explored.has(char)) explore(char);
		return find(char);
	};
})();

describe('checkName properties', () => {
	test('every accepted name is accepted again unchanged', () => {
		holds(
			fc.property(fc.oneof(typedName, fc.string({unit: 'binary', maxLength: 30})), (input) => {
				const check = checkName(input);
				if (!check.ok) return;
				assert.deepEqual(checkName(check.name), check);
			}),
		);
	});

	test('an accepted name is the input trimmed and NFC, and matches NAME_PATTERN', () => {
		const whole = new RegExp(`^${NAME_PATTERN}$`, 'u');
		holds(
			fc.property(typedName, (input) => {
				const check = checkName(input);
				const expected = input.trim().normalize('NFC');
				assert.equal(check.ok, whole.test(expected));
				if (check.ok) assert.equal(check.name, expected);
			}),
		);
	});
});

describe('name clash properties', () => {
	/** For each character of the alphabet, the characters with it as their compatibility form (ａ, 𝐚). */
	const compatibles = (() => {
		const byForm = new Map<string, string[]>(NAME_ALPHABET.map((char) => [char, []]));
		for (let code = 0; code <= 0x1_ffff; code++) {
			const char = String.fromCodePoint(code);
			const form = char.normalize('NFKC');
			if (form !== char && isValidName(`a${char}`)) byForm.get(form)?.push(char);
		}
		return byForm;
	})();

	/** A name with some characters' case changed (ß may become SS) or replaced by a compatible one. */
	const caseVariant = fc
		.tuple(
			validName,
			fc.array(fc.tuple(fc.constantFrom('keep', 'upper', 'lower', 'compatible'), fc.nat()), {
				minLength: 24,
				maxLength: 24,
			}),
		)
		.map(([name, changes]) => {
			const variant = [...name]
				.map((char, index) => {
					const [change, pick] = changes[index] as [string, number];
					if (change === 'upper') return char.toUpperCase();
					if (change === 'lower') return char.toLowerCase();
					const forms = compatibles.get(char) ?? [];
					return change === 'compatible' && forms.length > 0
						? (forms[pick % forms.length] as string)
						: char;
				})
				.join('');
			return [name, variant] as const;
		})
		.filter(([, variant]) => isValidName(variant));

	test('names alike up to case and compatibility (ß SS ss, ａ a) have the same nameKey', () => {
		holds(
			fc.property(caseVariant, ([name, variant]) => {
				const checked = (checkName(variant) as {name: string}).name;
				assert.equal(nameKey(name), nameKey(checked));
			}),
		);
	});

	test('names alike up to case alone have the same foldCase (which words the "taken" notice)', () => {
		holds(
			fc.property(caseVariant, ([name, variant]) => {
				fc.pre(variant.normalize('NFKC') === variant && name.normalize('NFKC') === name);
				assert.equal(foldCase(name), foldCase((checkName(variant) as {name: string}).name));
			}),
		);
	});

	/** Letters and digits grouped by their confusable prototype (UTS #39), among those allowed in names. */
	const confusables = (() => {
		const byPrototype = new Map<string, string[]>();
		const add = (char: string) => {
			// Letters and digits only: a combining mark attaches to the letter before it (and is
			// reordered among its marks), so it is not alike in place of a letter even when
			// confusables.txt gives it a letter's prototype (U+1D16D, a combining dot, like ۰).
			if (!isValidName(char) || /\p{M}/u.test(char)) return;
			const prototype = skeleton(char);
			const group = byPrototype.get(prototype) ?? [];
			if (!group.includes(char)) group.push(char);
			byPrototype.set(prototype, group);
		};
		for (const char of NAME_ALPHABET) add(char);
		// Every character whose prototype is that of one of the alphabet's, from the data itself.
		for (let code = 0; code <= 0x1_ffff; code++) {
			const char = String.fromCodePoint(code);
			if (byPrototype.has(skeleton(char))) add(char);
		}
		return new Map(
			[...byPrototype.values()]
				.filter((group) => group.length > 1)
				.flatMap((group) => group.map((char) => [char, group] as const)),
		);
	})();

	/** A name with some characters replaced by look-alikes, and invisible marks inserted. */
	const lookalikeVariant = fc
		.tuple(
			validName,
			fc.array(fc.nat(), {minLength: 24, maxLength: 24}),
			fc.array(fc.constantFrom('', '', '', '\u034F', '\uFE0F', '\u180B'), {
				minLength: 24,
				maxLength: 24,
			}),
		)
		.map(([name, picks, invisibles]) => {
			const variant = [...name]
				.map((char, index) => {
					const group = confusables.get(char);
					const pick = picks[index] as number;
					const like = group && pick % 2 === 0 ? (group[pick % group.length] as string) : char;
					return like + invisibles[index];
				})
				.join('');
			return [name, variant] as const;
		})
		.filter(([name, variant]) => name !== variant && isValidName(variant));

	test('names alike to the eye (UTS #39 confusables, invisible marks) clash', () => {
		holds(
			fc.property(lookalikeVariant, ([name, variant]) => {
				const checked = (checkName(variant) as {name: string}).name;
				assert.ok(
					clash(name, checked),
					`${name} and ${checked}: keys ${JSON.stringify([nameKey(name), lookalikeKey(name), nameKey(checked), lookalikeKey(checked)])}`,
				);
			}),
		);
	});

	/**
	 * A name with one character replaced by one unrelated to it by every likeness. One only: the
	 * likenesses may change lengths, so two replacements could realign (β looks like ß, which
	 * folds to ss: asβ and aβs have one nameKey); with one, the rest of the name is the same.
	 */
	const unrelatedVariant = fc
		.tuple(validName, fc.nat(), fc.constantFrom(...NAME_ALPHABET))
		.map(([name, at, replacement]) => {
			const chars = [...name];
			const index = at % chars.length;
			if (likenessClass(replacement) === likenessClass(chars[index] as string)) return undefined;
			chars[index] = replacement;
			return [name, chars.join('')] as const;
		})
		.filter((pair) => pair !== undefined && isValidName(pair[1]))
		.map((pair) => {
			const [name, variant] = pair as readonly [string, string];
			return [name, (checkName(variant) as {name: string}).name] as const;
		});

	test('names differing by a character unrelated by case, compatibility or look share no key', () => {
		holds(
			fc.property(unrelatedVariant, ([name, variant]) => {
				assert.notEqual(nameKey(name), nameKey(variant), `nameKey: ${name} ${variant}`);
				assert.notEqual(
					lookalikeKey(name),
					lookalikeKey(variant),
					`lookalikeKey: ${name} ${variant}`,
				);
			}),
		);
	});
});

describe('checkRoom properties', () => {
	const typedRoom = fc.tuple(fc.boolean(), typedName).map(([hash, name]) => {
		const trimmed = name.trim();
		return hash ? name.replace(trimmed, `#${trimmed}`) : name;
	});

	test('every accepted room is accepted again unchanged, with or without its #', () => {
		holds(
			fc.property(fc.oneof(typedRoom, fc.string({unit: 'binary', maxLength: 30})), (input) => {
				const check = checkRoom(input);
				if (!check.ok) return;
				assert.ok(check.room.startsWith('#'));
				assert.deepEqual(checkRoom(check.room), check);
				assert.deepEqual(checkRoom(check.room.slice(1)), check);
			}),
		);
	});

	test('a room is valid exactly when its name (without #) is a valid name', () => {
		holds(
			fc.property(typedRoom, (input) => {
				const check = checkRoom(input);
				const body = input.trim().normalize('NFC').replace(/^#/u, '');
				const asName = checkName(body);
				assert.equal(check.ok, asName.ok && asName.name === body);
				if (check.ok) assert.equal(check.room, `#${body}`);
			}),
		);
	});

	test('rooms alike up to case have the same roomKey', () => {
		holds(
			fc.property(validName, fc.boolean(), (name, upper) => {
				const variant = upper ? name.toUpperCase() : name.toLowerCase();
				fc.pre(isValidName(variant));
				assert.equal(
					roomKey(`#${name}`),
					roomKey(`#${(checkName(variant) as {name: string}).name}`),
				);
			}),
		);
	});
});
