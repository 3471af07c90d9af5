// Errors a person made on the command line, and how every command reports a failure:
// one line on stderr, no stack trace, exit 2 for usage mistakes and 1 for everything else.

export class UsageError extends Error {
	override name = 'UsageError';
}

/** Prints `chat: MESSAGE` (plus a --help hint for usage errors) and exits with the right code. */
export function fail(command: string, error: unknown): never {
	const prefix = command ? `chat ${command}` : 'chat';
	if (error instanceof UsageError) {
		process.stderr.write(`${prefix}: ${error.message}\nRun '${prefix} --help' for usage.\n`);
		process.exit(2);
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`${prefix}: ${message}\n`);
	process.exit(1);
}
