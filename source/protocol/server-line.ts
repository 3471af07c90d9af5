// Parses one line from a natter (or seed-protocol) server into what it means: a prompt, a chat
// message, a join, a notice, ... Pure and shared by the Ink client, the line mode and bots.

import {NAME_PATTERN} from './names.js';
import {sanitizeText} from './sanitize.js';
import {BYE, NOTICE_PREFIX, PROMPT} from './wire.js';

export type ServerLine =
	| {kind: 'prompt'; text: string}
	| {kind: 'welcome'; name: string; text: string}
	| {kind: 'join'; name: string; text: string}
	| {kind: 'leave'; name: string; text: string}
	| {kind: 'message'; from: string; body: string; text: string}
	| {kind: 'notice'; body: string; text: string}
	| {kind: 'bye'; text: string}
	/** Anything else a server might send; shown as it is. */
	| {kind: 'other'; text: string};

export type ServerLineKind = ServerLine['kind'];

/** A name as the server allows it: no spaces or colons, so `NAME: ` cannot be forged. */
const NAME = NAME_PATTERN;
const WELCOME = new RegExp(`^Welcome, (${NAME})!$`, 'u');
const JOIN = new RegExp(`^--> (${NAME}) entered\\.$`, 'u');
const LEAVE = new RegExp(`^<-- (${NAME}) left\\.$`, 'u');
const MESSAGE = new RegExp(`^(${NAME}): (.*)$`, 'su');

/**
 * Sanitises a raw line (a hostile server cannot drive the terminal) and classifies it.
 * `text` is always the whole sanitised line.
 */
export function parseServerLine(raw: string): ServerLine {
	const text = sanitizeText(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
	if (text === PROMPT) return {kind: 'prompt', text};
	if (text === BYE) return {kind: 'bye', text};
	if (text.startsWith(NOTICE_PREFIX)) {
		return {kind: 'notice', body: text.slice(NOTICE_PREFIX.length), text};
	}
	let match = WELCOME.exec(text);
	if (match) return {kind: 'welcome', name: match[1] as string, text};
	match = JOIN.exec(text);
	if (match) return {kind: 'join', name: match[1] as string, text};
	match = LEAVE.exec(text);
	if (match) return {kind: 'leave', name: match[1] as string, text};
	match = MESSAGE.exec(text);
	if (match) return {kind: 'message', from: match[1] as string, body: match[2] as string, text};
	return {kind: 'other', text};
}
