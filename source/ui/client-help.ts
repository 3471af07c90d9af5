// The client's own part of `/help`, shown under the server's commands: its keys and its own
// commands (`/bell`, `/clear`), which never reach the server. Pure.

/** The client's own commands, for `/help` and Tab completion. */
export const CLIENT_COMMANDS = ['bell', 'clear'] as const;

export type LocalCommand =
	| {kind: 'bell'; on: boolean | undefined}
	| {kind: 'clear'}
	| {kind: 'bell-usage'};

/** The client's own command in `line`, if it is one. */
export function parseLocalCommand(line: string): LocalCommand | undefined {
	const match = /^\/(bell|clear)(?:\s+(.*))?$/iu.exec(line.trim());
	if (!match) return undefined;
	const [, word = '', args = ''] = match;
	if (word.toLowerCase() === 'clear') return {kind: 'clear'};
	const arg = args.trim().toLowerCase();
	if (arg === '') return {kind: 'bell', on: undefined};
	if (arg === 'on' || arg === 'off') return {kind: 'bell', on: arg === 'on'};
	return {kind: 'bell-usage'};
}

/** The lines shown under the server's `/help`. */
export function clientHelp(bell: boolean): string[] {
	return [
		'Client keys and commands (this client only, not sent to the server):',
		'  Tab                 complete a name, a /command, or a room after /join; again for the next',
		'  Enter               send the line (kept in the input while disconnected)',
		'  Up / Down           previous / next line sent',
		'  Ctrl-C              clear the line; on an empty line, leave',
		'  Ctrl-D              leave (on an empty line)',
		'  Ctrl-Z              suspend (fg comes back)',
		'  Ctrl-R              reconnect now, while waiting to reconnect',
		`  /bell on|off        ring the bell for mentions and private messages (now ${bell ? 'on' : 'off'})`,
		'  /clear              clear the screen',
	];
}
