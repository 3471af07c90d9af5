// The positional arguments a command takes (`connect`: HOST[:PORT]; `serve` and `demo`: none),
// checked for every command once its flags are parsed, so that `chat serve 5000` is a usage error
// instead of a server on 4242. Pure.

import {UsageError} from './usage-error.js';

/** Throws a UsageError naming the first argument beyond `names`, and what the command takes. */
export function checkArguments(
	command: string,
	names: readonly string[],
	input: readonly string[],
	options: {portFlag: boolean},
): void {
	const extra = input[names.length];
	if (extra === undefined) return;
	const takes = names.length === 0 ? 'no arguments' : names.join(' ');
	const hint = options.portFlag && /^\d+$/.test(extra) ? `; for the port, use --port ${extra}` : '';
	throw new UsageError(`unexpected argument "${extra}" (${command} takes ${takes}${hint})`);
}
