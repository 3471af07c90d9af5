// Errors a person made on the command line, and how every command reports a failure:
// one line on stderr, no stack trace, exit 2 for usage mistakes and 1 for everything else.

import {PROGRAM} from './program-name.js';

export class UsageError extends Error {
	override name = 'UsageError';
}

/** Prints `chat COMMAND: MESSAGE` (plus a --help hint for usage errors) and exits accordingly. */
export function fail(command: string, error: unknown): never {
	const prefix = command ? `${PROGRAM} ${command}` : PROGRAM;
	if (error instanceof UsageError) {
		process.stderr.write(`${prefix}: ${error.message}\nRun '${prefix} --help' for usage.\n`);
		process.exit(2);
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`${prefix}: ${message}\n`);
	process.exit(1);
}
