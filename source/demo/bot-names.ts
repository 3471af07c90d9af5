// Who the demo's bots are: a greeter, an oracle, then chatters, each under a name that is free.
// A name the person running the demo has (compared by the library's `nameKey`, the server's own
// clash rule) goes to them, and the bot takes the next free one, so the demo never refuses its user.

import {nameKey} from '../protocol/names.js';

export type BotRole = 'greeter' | 'oracle' | 'chatter';

export interface Bot {
	readonly role: BotRole;
	readonly name: string;
}

export const GREETER = 'greeter';
export const ORACLE = 'oracle';

/** The first bot greets, the second answers questions, any others make small talk. */
const roleAt = (index: number): {role: BotRole; base: string} =>
	index === 0
		? {role: 'greeter', base: GREETER}
		: index === 1
			? {role: 'oracle', base: ORACLE}
			: {role: 'chatter', base: `chatter${index + 1}`};

/** `count` bots whose names clash neither with `taken` nor with each other. */
export function castBots(count: number, taken: readonly string[] = []): Bot[] {
	const used = new Set(taken.map(nameKey));
	return Array.from({length: count}, (_, index) => {
		const {role, base} = roleAt(index);
		let name = base;
		for (let suffix = 2; used.has(nameKey(name)); suffix++) name = `${base}-${suffix}`;
		used.add(nameKey(name));
		return {role, name};
	});
}
