// How each kind of transcript entry looks: a prefix (the name and its marks) and a body with a
// style, so the component only lays them out. Pure; colours go through `paint` (NO_COLOR).

import {paint} from './palette.js';
import {type Entry, nameColor} from './transcript-entries.js';

export interface Style {
	color?: string;
	backgroundColor?: string;
	bold?: boolean;
	dimColor?: boolean;
	strikethrough?: boolean;
}

export interface Segment extends Style {
	text: string;
}

export interface LineLook {
	/** Drawn before the body; wrapped body lines are indented to start under the body. */
	prefix: Segment[];
	body: string;
	bodyStyle: Style;
}

const PRIVATE_TAG: Segment = {text: ' (private)', color: paint('magenta'), bold: true};
const MENTION: Style = {bold: true, color: paint('black'), backgroundColor: paint('yellow')};

const name = (from: string | undefined): Segment => ({
	text: from ?? '',
	bold: true,
	color: paint(nameColor(from ?? '')),
});

const plain = (body: string, style: Style = {}): LineLook => ({prefix: [], body, bodyStyle: style});

export function lineLook(entry: Entry): LineLook {
	const look = baseLook(entry);
	if (!entry.history) return look;
	// History: everything dimmed, colours kept out so it reads as the past.
	return {
		prefix: look.prefix.map((segment) => ({text: segment.text, dimColor: true})),
		body: look.body,
		bodyStyle: {dimColor: true},
	};
}

function baseLook(entry: Entry): LineLook {
	const {text} = entry;
	switch (entry.kind) {
		case 'message':
			return {
				prefix: [name(entry.from), {text: ': '}],
				body: text,
				bodyStyle: entry.mention ? MENTION : {},
			};
		case 'action':
			return {
				prefix: [{...name(entry.from), text: `* ${entry.from ?? ''}`}, {text: ' '}],
				body: text,
				bodyStyle: entry.mention ? MENTION : {color: paint(nameColor(entry.from ?? ''))},
			};
		case 'private':
			return {prefix: [name(entry.from), PRIVATE_TAG, {text: ': '}], body: text, bodyStyle: {}};
		case 'own':
			return {
				prefix: [
					{text: entry.from ?? 'you', bold: true},
					{text: ' (you)', dimColor: true},
					{text: ': '},
				],
				body: text,
				bodyStyle: {},
			};
		case 'own-action':
			return {
				prefix: [{text: `* ${entry.from ?? 'you'}`, bold: true}, {text: ' '}],
				body: text,
				bodyStyle: {},
			};
		case 'own-private':
			return {
				prefix: [{text: '→ '}, name(entry.to), PRIVATE_TAG, {text: ': '}],
				body: text,
				bodyStyle: {},
			};
		case 'not-sent':
			return {
				prefix: [
					{text: '✗ ', color: paint('red'), bold: true},
					{text: entry.from ?? 'you', bold: true},
					{text: ' (not sent)', color: paint('red'), bold: true},
					{text: ': '},
				],
				body: text,
				bodyStyle: {dimColor: true, strikethrough: true},
			};
		case 'nick':
			return plain(text, {color: paint('blue')});
		case 'room':
			return plain(text, {color: paint('cyan'), bold: true});
		case 'who':
		case 'rooms':
			return plain(text, {color: paint('cyan')});
		case 'renamed':
		case 'away':
			return plain(text, {color: paint('magenta')});
		case 'away-reply':
		case 'notice':
			return plain(text, {color: paint('yellow')});
		case 'history-start':
			return plain(`── ${text} ──`, {dimColor: true});
		case 'history-end':
			return plain(`── ${text} ──`, {dimColor: true});
		case 'join':
			return plain(text, {color: paint('green')});
		case 'leave':
			return plain(text, {color: paint('red')});
		case 'info':
			return plain(text, {color: paint('cyan')});
		case 'gap':
			return plain(text, {dimColor: true});
		case 'other':
			return plain(text);
	}
}
