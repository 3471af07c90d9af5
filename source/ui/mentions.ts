// Whether a line names you: your name as a whole word, in any case, with or without a leading
// `@`. Pure, so the rules are tested apart from the rendering and the bell.

/** Characters that make up names (see protocol/names.ts), so a name inside a longer one is no mention. */
const NAME_CHAR = /[\p{L}\p{M}\p{N}_-]/u;

const isNameChar = (char: string | undefined): boolean =>
	char !== undefined && NAME_CHAR.test(char);

/** True when `text` mentions `name` as a whole word (case-insensitive, `@` optional). */
export function mentions(text: string, name: string | undefined): boolean {
	if (!name) return false;
	const haystack = text.toLocaleLowerCase();
	const needle = name.toLocaleLowerCase();
	for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
		const before = haystack[at - 1];
		const end = at + needle.length;
		const after = haystack[end];
		// A '.' inside a name is part of it ("zoe.b"), at the end of a sentence it is not ("zoe.").
		const afterIsName = isNameChar(after) || (after === '.' && isNameChar(haystack[end + 1]));
		const beforeIsName = isNameChar(before) || (before === '.' && isNameChar(haystack[at - 2]));
		if (!beforeIsName && !afterIsName) return true;
	}
	return false;
}
