// Tab completion for the input line, pure: the word before the cursor is completed from the
// names in your room (anywhere in the line; at its start a name gets ": " after it, elsewhere a
// space unless one follows already, as in irssi and WeeChat), from the
// command names after a leading "/", and from the room names after "/join ". Repeated Tab cycles
// through the candidates (see `cycle`); the component keeps that state.

import {foldCase} from '../protocol/names.js';

export interface CompletionSources {
	/** Names in your room, most recently active first (yourself left out by the caller). */
	names: readonly string[];
	/** Command names without the "/", the server's and the client's own. */
	commands: readonly string[];
	/** Room names with their "#". */
	rooms: readonly string[];
}

export interface Completion {
	/** Where the word being completed starts and ends in the line (string indices). */
	start: number;
	end: number;
	/** Replacements for the word, in the order Tab offers them. */
	candidates: string[];
}

const fold = (text: string) => foldCase(text);

const startsWithFolded = (candidate: string, prefix: string) =>
	fold(candidate).startsWith(fold(prefix));

/** The candidates for the word that ends at `cursor` in `line`, or undefined when there are none. */
export function complete(
	line: string,
	cursor: number,
	sources: CompletionSources,
): Completion | undefined {
	const before = line.slice(0, cursor);
	const start = before.search(/\S*$/u);
	const word = before.slice(start);
	const lead = before.slice(0, start);

	let candidates: string[];
	if (lead === '' && word.startsWith('/')) {
		const prefix = word.slice(1).toLowerCase();
		candidates = unique(sources.commands)
			.filter((command) => command.startsWith(prefix))
			.map((command) => `/${command} `);
	} else if (/^\/join\s+$/iu.test(lead)) {
		const prefix = word.startsWith('#') ? word : `#${word}`;
		candidates = unique(sources.rooms).filter((room) => startsWithFolded(room, prefix));
	} else {
		const at = word.startsWith('@') ? '@' : '';
		const prefix = word.slice(at.length);
		const suffix = lead === '' ? ': ' : /^\s/u.test(line.slice(cursor)) ? '' : ' ';
		candidates = unique(sources.names)
			.filter((name) => startsWithFolded(name, prefix))
			.map((name) => `${at}${name}${suffix}`);
	}
	if (candidates.length === 0) return undefined;
	return {start, end: cursor, candidates};
}

function unique(items: readonly string[]): string[] {
	const seen = new Set<string>();
	return items.filter((item) => {
		const key = fold(item);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** The state of a completion in progress: which candidate is in the line. */
export interface CompletionCycle {
	readonly completion: Completion;
	readonly index: number;
	/** The line as it was before the first Tab. */
	readonly line: string;
}

/** The line and cursor with candidate `index` of `cycle` put in place of the word. */
export function applyCycle(cycle: CompletionCycle): {line: string; cursor: number} {
	const {completion, index, line} = cycle;
	const candidate = completion.candidates[index % completion.candidates.length] as string;
	return {
		line: line.slice(0, completion.start) + candidate + line.slice(completion.end),
		cursor: completion.start + candidate.length,
	};
}

/** The next Tab: the first candidate for a new completion, else the next one round the list. */
export function cycle(
	previous: CompletionCycle | undefined,
	line: string,
	cursor: number,
	sources: CompletionSources,
): CompletionCycle | undefined {
	if (previous)
		return {...previous, index: (previous.index + 1) % previous.completion.candidates.length};
	const completion = complete(line, cursor, sources);
	return completion && {completion, index: 0, line};
}
