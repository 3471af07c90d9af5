// What the demo's bots say: a greeting for newcomers (by name, so it rings their bell), answers
// for messages addressed to the oracle or sent to it privately, and small talk. Pure (the clock and the pick are passed in) so replies are tested.

import {nameKey} from '../protocol/names.js';
import type {ServerLine} from '../protocol/server-line.js';
import type {Bot} from './bot-names.js';

export const greeting = (name: string, oracle: string | undefined): string =>
	oracle === undefined
		? `Welcome, ${name}! Say hi.`
		: `Welcome, ${name}! Say hi, or ask ${oracle} something (start your line with "${oracle}").`;

const ANSWERS = [
	'signs point to yes.',
	'ask again after a cup of tea.',
	'the answer is 42. The question is harder.',
	'only if you write a test for it first.',
	'it works on my machine.',
	'very doubtful; try turning it off and on again.',
	'yes, but not on Fridays.',
];

const SMALL_TALK = [
	'Anyone else typing from nc? It is surprisingly cosy.',
	'Tip: Up and Down in chat connect bring back what you sent.',
	'Every line here was sanitised; escape sequences stay out.',
	'Fun fact: this whole room is one Node.js process.',
	'Telnet users welcome too.',
];

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when a message speaks to `name`: `oracle: ...`, `oracle, ...` or `@oracle ...`. */
export function isAddressedTo(body: string, name: string): boolean {
	return new RegExp(`^@?${escapeRegExp(name)}(?![\\p{L}\\p{M}\\p{Nd}_-])`, 'iu').test(body.trim());
}

/** The oracle's reply to a message addressed to it. */
export function oracleAnswer(from: string, question: string, now: Date, pick: number): string {
	if (/\btime\b/i.test(question)) {
		const time = now.toLocaleTimeString('en-GB', {hour: '2-digit', minute: '2-digit'});
		return `${from}, it is ${time} here.`;
	}
	return `${from}, ${ANSWERS[Math.abs(Math.trunc(pick)) % ANSWERS.length]}`;
}

export const smallTalk = (pick: number): string =>
	SMALL_TALK[Math.abs(Math.trunc(pick)) % SMALL_TALK.length] as string;

/** What `bot` answers to a line, if anything; bots never answer other bots of the `cast`. */
export function replyTo(
	bot: Bot,
	line: ServerLine,
	cast: readonly Bot[],
	now: Date,
	pick: number,
): string | undefined {
	if (bot.role === 'greeter' && line.kind === 'join' && !inCast(cast, line.name)) {
		return greeting(line.name, cast.find((other) => other.role === 'oracle')?.name);
	}
	if (
		bot.role === 'oracle' &&
		line.kind === 'message' &&
		!inCast(cast, line.from) &&
		isAddressedTo(line.body, bot.name)
	) {
		return oracleAnswer(line.from, line.body, now, pick);
	}
	return undefined;
}

/** What `bot` answers privately to a private message, if anything: the oracle answers every one. */
export function privateReplyTo(
	bot: Bot,
	line: ServerLine,
	cast: readonly Bot[],
	now: Date,
	pick: number,
): string | undefined {
	if (bot.role !== 'oracle' || line.kind !== 'private') return undefined;
	if (inCast(cast, line.from)) return undefined;
	return oracleAnswer(line.from, line.body, now, pick);
}

/** Whether `name` is one of the bots (by the server's clash rule), whom bots never answer. */
const inCast = (cast: readonly Bot[], name: string): boolean =>
	cast.some((other) => nameKey(other.name) === nameKey(name));
