// Every string the server puts on the wire, in one place, so the protocol can be read at a glance.
// Each function returns one line without its terminating LF; `encodeLine` adds the `\n` once.

/** The prompt sent on connect and after every rejected name. */
export const PROMPT = "Hi, what's your name?";
export const BYE = 'Bye!';
/** Server notices to one user always start with this marker. */
export const NOTICE_PREFIX = '*** ';

export const welcome = (name: string): string => `Welcome, ${name}!`;
export const entered = (name: string): string => `--> ${name} entered.`;
export const left = (name: string): string => `<-- ${name} left.`;
export const chat = (name: string, text: string): string => `${name}: ${text}`;
export const notice = (text: string): string => `${NOTICE_PREFIX}${text}`;

/** Why a name was refused: taken, or so like an online name (`online`) that it would pass for it. */
export const nameTaken = (name: string, online: string): string =>
	name === online
		? `The name ${name} is taken; please choose another.`
		: `The name ${name} is taken: it looks like ${online}; please choose another.`;

/** The lines that end a session: `quit` as in the seed, and `/quit` as IRC users type it. */
export const isQuitCommand = (line: string): boolean => line === 'quit' || line === '/quit';

export const notices = {
	shuttingDown: notice('Server shutting down.'),
	full: (max: number) => notice(`Server is full (${max} connections); please try again later.`),
	nameTimeout: (seconds: number) => notice(`No name given within ${seconds} seconds; closing.`),
	lineTooLong: (maxBytes: number) =>
		notice(`Line too long (over ${maxBytes} bytes); it was not sent.`),
	slowConsumer: notice('You are not reading fast enough; disconnecting.'),
} as const;

/** One protocol line as bytes: UTF-8, terminated by a single LF. */
export const encodeLine = (line: string): Buffer => Buffer.from(`${line}\n`, 'utf8');
