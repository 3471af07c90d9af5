// Command-line flag checking that meow leaves to us: unknown flags named in one line, and
// numeric values validated with the flag's name in the message. Pure functions, no I/O.

import {checkName} from '../protocol/names.js';
import {checkRoom} from '../protocol/rooms.js';
import {DEFAULT_PORT} from '../server/options.js';
import {UsageError} from './usage-error.js';

export interface FlagSpec {
	type?: 'string' | 'boolean' | 'number';
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Throws a UsageError for the first argument that looks like a flag no spec declares. */
export function checkUnknownFlags(argv: readonly string[], flags: Record<string, FlagSpec>): void {
	const known = new Set<string>(); // --help and --version were handled before (invocation.ts)
	for (const [name, spec] of Object.entries(flags)) {
		known.add(kebab(name));
		if (spec.type === 'boolean') known.add(`no-${kebab(name)}`);
	}
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index] as string;
		if (argument === '--') return;
		if (!argument.startsWith('-') || argument === '-' || /^-\d/.test(argument)) continue;
		const name = argument.replace(/^--?/, '').split('=')[0] as string;
		if (!known.has(name)) throw new UsageError(`unknown flag ${argument.split('=')[0]}`);
		const spec = flags[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
		if (spec?.type === 'string' && !argument.includes('=')) index++; // skip its value
	}
}

interface NumberRule {
	min: number;
	max?: number;
	integer: boolean;
	/** A value that must be more than `min`, not equal to it. */
	exclusiveMin?: boolean;
}

/** Parses a numeric flag value; the message names the flag and says what it takes. */
export function parseNumberFlag(flag: string, raw: string | undefined, rule: NumberRule): number {
	const text = (raw ?? '').trim();
	const pattern = rule.integer ? /^\d+$/ : /^(\d+(\.\d*)?|\.\d+)$/;
	const value = Number(text);
	const inRange =
		pattern.test(text) &&
		(rule.exclusiveMin ? value > rule.min : value >= rule.min) &&
		(rule.max === undefined || value <= rule.max);
	if (!inRange) {
		const kind = rule.integer ? 'a whole number' : 'a number';
		const bound = rule.exclusiveMin ? `greater than ${rule.min}` : `from ${rule.min}`;
		const range = rule.max === undefined ? bound : `${bound} to ${rule.max}`;
		throw new UsageError(`--${flag} must be ${kind} ${range} (got "${raw ?? ''}")`);
	}
	return value;
}

/** `--port` for a server to listen on: 0 to 65535 (0 picks a free one), 4242 when not given. */
export const parseListenPort = (raw: string | undefined): number =>
	raw === undefined
		? DEFAULT_PORT
		: parseNumberFlag('port', raw, {integer: true, min: 0, max: 65_535});

/** `--name`, normalised by the server's own name rules; undefined when not given. */
export function parseNameFlag(raw: string | undefined): string | undefined {
	if (raw === undefined) return undefined;
	const check = checkName(raw);
	if (!check.ok) throw new UsageError(`--name: ${check.reason}`);
	return check.name;
}

/** `--room`, by the server's room rules (`dev` is `#dev`); undefined when not given. */
export function parseRoomFlag(raw: string | undefined): string | undefined {
	if (raw === undefined) return undefined;
	const check = checkRoom(raw);
	if (!check.ok) throw new UsageError(`--room: ${check.reason}`);
	return check.room;
}
