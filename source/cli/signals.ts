// How every command ends on a signal, the same way for serve, connect and demo: SIGINT and
// SIGTERM (and SIGHUP, the terminal closing, when a person is at one) start the command's graceful
// shutdown; the process exits no later than a deadline even if a peer never reads, and a second
// signal exits at once. A forced exit first gives the terminal back (raw mode off, cursor shown).

import {isTerminal} from './run-client.js';

/** The longest a graceful shutdown may take after the first signal. */
export const EXIT_DEADLINE_MS = 4500;

/** A signal asks the program to stop; stopping, gracefully or not, is success. */
export const SIGNAL_EXIT_CODE = 0;

/**
 * Calls `shutdown` on the first signal; the command's own flow exits once it is done. If that
 * has not happened by the deadline, or another signal comes, or `shutdown` fails, exits here.
 */
export function exitOnSignals(
	shutdown: () => unknown,
	{hangup = true}: {hangup?: boolean} = {},
): void {
	const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
	// Under nohup, SIGHUP is ignored and there is no terminal; handling it would undo nohup. A
	// server with TLS keeps SIGHUP for reloading its certificate (`hangup: false`).
	if (hangup && isTerminal()) signals.push('SIGHUP');
	let stopping = false;
	const onSignal = () => {
		if (stopping) exitNow();
		stopping = true;
		setTimeout(exitNow, EXIT_DEADLINE_MS).unref();
		Promise.resolve().then(shutdown).catch(exitNow);
	};
	for (const signal of signals) process.on(signal, onSignal);
}

function exitNow(): never {
	restoreTerminal();
	process.exit(SIGNAL_EXIT_CODE);
}

/** Line editing and echo back on (raw mode off) and the cursor shown, as a shell expects. */
function restoreTerminal(): void {
	if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
	if (process.stdout.isTTY) process.stdout.write('\u001b[?25h');
}
