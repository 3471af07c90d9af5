// The rules for a user's name: what is allowed, how it is normalised, and when two names clash
// (alike up to case, or alike to the eye). Pure functions; the room decides what is taken, these
// decide what is valid and what counts as the same name.

import {skeleton} from './skeleton.js';

export const NAME_MIN_LENGTH = 1;
export const NAME_MAX_LENGTH = 24;

/**
 * One character of a name, as the source of a regular expression character class (use it with the
 * `u` flag): letters, combining marks and decimal digits of any script, plus `_`, `-` and `.`.
 * The only definition; every other pattern for names is built from it.
 */
export const NAME_CHARACTER_CLASS = String.raw`[\p{L}\p{M}\p{Nd}_.-]`;

/** A whole name (code points, as `checkName` counts them), as a pattern source for the `u` flag. */
export const NAME_PATTERN = `${NAME_CHARACTER_CLASS}{${NAME_MIN_LENGTH},${NAME_MAX_LENGTH}}`;

const NAME_CHARACTERS = new RegExp(`^${NAME_CHARACTER_CLASS}+$`, 'u');

export type NameCheck = {ok: true; name: string} | {ok: false; reason: string};

/** Trims, NFC-normalises and validates a name as typed; never echoes invalid input back. */
export function checkName(input: string): NameCheck {
	const name = input.trim().normalize('NFC');
	const length = [...name].length;
	if (length < NAME_MIN_LENGTH || length > NAME_MAX_LENGTH) {
		return {
			ok: false,
			reason: `A name must be ${NAME_MIN_LENGTH} to ${NAME_MAX_LENGTH} characters long.`,
		};
	}
	if (!NAME_CHARACTERS.test(name)) {
		return {
			ok: false,
			reason: 'A name may contain only letters, digits, "_", "-" and ".".',
		};
	}
	return {ok: true, name};
}

/**
 * Unicode full case folding as near as JavaScript has it: `ß`, `ẞ`, `SS` and `ss` fold alike
 * (lowercasing first, since capital `ẞ` uppercases to itself but lowercases to `ß`).
 */
const fold = (text: string): string => text.toLowerCase().toUpperCase().toLowerCase();

/** A name with case folded only: `Zoë`, `ZOË` and `zoë` fold alike (`alice` and `аlice` do not). */
export const foldCase = (name: string): string => fold(name.normalize('NFC')).normalize('NFC');

/** A skeleton, folded: confusable prototypes come in either case (`0` looks like `O`). */
const clashForm = (text: string): string => fold(skeleton(text)).normalize('NFD');

/**
 * The key under which names clash: NFKC (fullwidth `ａ` is `a`), case folding, then the Unicode
 * confusable skeleton (UTS #39). `Zoë`, `ZOË` and `zoë` are one name, and so are `alice`,
 * `аlice` (Cyrillic `а`), `ａｌｉｃｅ` and `a1ice`; `Zoë` and `Zoe` are not.
 */
export const nameKey = (name: string): string => clashForm(fold(name.normalize('NFKC')));

/**
 * The second key under which names clash: the skeleton of the name as typed, before case folding.
 * Folding first loses some likenesses that show: Cyrillic `В` looks like `B`, but its folded `в`
 * looks like no Latin letter, and `I` looks like `l` while `i` does not. A name is taken when
 * either of its keys is. NFKC comes after the skeleton, for the compatibility forms it leaves
 * (superscript `ᴮ`): before it, NFKC would hide likenesses (`ſ` looks like `f`, NFKC makes it
 * `s`; Greek `ϲ` looks like `c`, NFKC makes it `ς`).
 */
export const lookalikeKey = (name: string): string => clashForm(skeleton(name).normalize('NFKC'));
