// The input line's editing model: text as grapheme clusters (so emoji and accents move as one),
// a cursor, and the history of sent lines. Pure: each key gives a new state and maybe a line to send.

import type {Key} from './keys.js';

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const HISTORY_LIMIT = 500;

export interface EditorState {
	/** The line as grapheme clusters. */
	readonly chars: readonly string[];
	/** Index into `chars`: the cursor sits before `chars[cursor]`. */
	readonly cursor: number;
	/** Lines sent, oldest first. */
	readonly history: readonly string[];
	/** Position while browsing history; `history.length` means the line being written. */
	readonly historyIndex: number;
	/** The line being written, kept while browsing history. */
	readonly draft: readonly string[];
}

export const emptyEditor: EditorState = {
	chars: [],
	cursor: 0,
	history: [],
	historyIndex: 0,
	draft: [],
};

export const editorText = (state: EditorState): string => state.chars.join('');

/** Code units segmented at once: V8's segmenter takes time quadratic in the text it is given. */
const WINDOW = 256;

/**
 * The text's grapheme clusters, a window at a time. Each window starts on a boundary, and every
 * boundary before its last segment is exact (a boundary depends on the text since the one before
 * and the next code point), so the next window starts at that last segment.
 */
function graphemes(text: string): string[] {
	const clusters: string[] = [];
	let start = 0;
	let size = WINDOW;
	while (start < text.length) {
		let end = Math.min(text.length, start + size);
		const last = text.charCodeAt(end - 1);
		if (last >= 0xd800 && last <= 0xdbff) end++; // not between a surrogate pair
		const segments = Array.from(segmenter.segment(text.slice(start, end)), ({segment}) => segment);
		if (end >= text.length) return clusters.concat(segments);
		if (segments.length < 2) {
			size *= 2; // one grapheme fills the window: widen it
			continue;
		}
		segments.pop();
		for (const segment of segments) {
			clusters.push(segment);
			start += segment.length;
		}
		size = WINDOW;
	}
	return clusters;
}

/** The cursor as an index into `editorText(state)`. */
export const cursorOffset = (state: EditorState): number =>
	state.chars.slice(0, state.cursor).join('').length;

/** The state with `line` in the input and the cursor at string index `cursor` (completion). */
export function replaceLine(state: EditorState, line: string, cursor: number): EditorState {
	const chars = graphemes(line);
	return withChars(state, chars, graphemes(line.slice(0, cursor)).length);
}

/** The state with the line put back (a line that could not be sent stays in the input). */
export function restoreLine(state: EditorState, line: string): EditorState {
	const chars = graphemes(line);
	return withChars(state, chars, chars.length);
}

const isWordChar = (char: string | undefined): boolean =>
	char !== undefined && /[\p{L}\p{M}\p{N}_]/u.test(char);

function wordStartBefore(chars: readonly string[], cursor: number): number {
	let index = cursor;
	while (index > 0 && !isWordChar(chars[index - 1])) index--;
	while (index > 0 && isWordChar(chars[index - 1])) index--;
	return index;
}

function wordEndAfter(chars: readonly string[], cursor: number): number {
	let index = cursor;
	while (index < chars.length && !isWordChar(chars[index])) index++;
	while (index < chars.length && isWordChar(chars[index])) index++;
	return index;
}

/**
 * The state after an edit: the line cut into graphemes again, since pieces typed apart may join
 * (`e` then a combining accent, a letter then a joiner), with the cursor after the grapheme that
 * holds the edit point. Only from the grapheme before the first change on can the cut differ.
 */
function withChars(state: EditorState, edited: readonly string[], cursor: number): EditorState {
	let same = 0;
	while (same < edited.length && edited[same] === state.chars[same]) same++;
	const from = Math.max(0, same - 1);
	const chars = [...edited.slice(0, from), ...graphemes(edited.slice(from).join(''))];
	let point = 0;
	for (let index = 0; index < cursor; index++) point += (edited[index] as string).length;
	let index = 0;
	for (let offset = 0; offset < point; index++) offset += (chars[index] as string).length;
	return {...state, chars, cursor: index, historyIndex: state.history.length, draft: chars};
}

/** Applies one key. `submit` is the line to send when the key was Enter. */
export function editLine(state: EditorState, key: Key): {state: EditorState; submit?: string} {
	const {chars, cursor} = state;
	switch (key.type) {
		case 'text': {
			const inserted = graphemes(key.text);
			const next = [...chars.slice(0, cursor), ...inserted, ...chars.slice(cursor)];
			return {state: withChars(state, next, cursor + inserted.length)};
		}
		case 'enter': {
			const line = chars.join('');
			const history =
				line.trim() && state.history.at(-1) !== line
					? [...state.history, line].slice(-HISTORY_LIMIT)
					: state.history;
			return {
				state: {chars: [], cursor: 0, history, historyIndex: history.length, draft: []},
				submit: line,
			};
		}
		case 'backspace':
			if (cursor === 0) return {state};
			return {
				state: withChars(
					state,
					[...chars.slice(0, cursor - 1), ...chars.slice(cursor)],
					cursor - 1,
				),
			};
		case 'delete':
			if (cursor >= chars.length) return {state};
			return {
				state: withChars(state, [...chars.slice(0, cursor), ...chars.slice(cursor + 1)], cursor),
			};
		case 'left':
			return {state: {...state, cursor: Math.max(0, cursor - 1)}};
		case 'right':
			return {state: {...state, cursor: Math.min(chars.length, cursor + 1)}};
		case 'wordLeft':
			return {state: {...state, cursor: wordStartBefore(chars, cursor)}};
		case 'wordRight':
			return {state: {...state, cursor: wordEndAfter(chars, cursor)}};
		case 'home':
			return {state: {...state, cursor: 0}};
		case 'end':
			return {state: {...state, cursor: chars.length}};
		case 'killToStart':
			return {state: withChars(state, chars.slice(cursor), 0)};
		case 'killToEnd':
			return {state: withChars(state, chars.slice(0, cursor), cursor)};
		case 'killWord': {
			const start = wordStartBefore(chars, cursor);
			return {state: withChars(state, [...chars.slice(0, start), ...chars.slice(cursor)], start)};
		}
		case 'up':
			return {state: browse(state, state.historyIndex - 1)};
		case 'down':
			return {state: browse(state, state.historyIndex + 1)};
		default:
			return {state};
	}
}

function browse(state: EditorState, index: number): EditorState {
	if (index < 0 || index > state.history.length) return state;
	const chars =
		index === state.history.length ? state.draft : graphemes(state.history[index] ?? '');
	return {...state, chars, cursor: chars.length, historyIndex: index};
}
