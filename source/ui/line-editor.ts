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

const graphemes = (text: string): string[] =>
	Array.from(segmenter.segment(text), (segment) => segment.segment);

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

function withChars(state: EditorState, chars: readonly string[], cursor: number): EditorState {
	return {...state, chars, cursor, historyIndex: state.history.length, draft: chars};
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
