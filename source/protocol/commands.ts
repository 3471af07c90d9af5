// What a chatting user's line asks for: a chat line, `quit`, or a `/` command parsed into a typed
// request, with its arguments checked. Pure and total (any line gives a Command, nothing throws);
// the server applies the result, and `/help` is written from the same table the parser reads.

export type Command =
	/** An ordinary line to the room (`//TEXT` arrives here as `/TEXT`). */
	| {kind: 'say'; text: string}
	| {kind: 'quit'}
	| {kind: 'help'}
	| {kind: 'who'}
	| {kind: 'me'; text: string}
	| {kind: 'msg'; to: string; text: string}
	| {kind: 'reply'; text: string}
	| {kind: 'nick'; name: string}
	| {kind: 'away'; reason: string}
	| {kind: 'back'}
	| {kind: 'join'; room: string}
	| {kind: 'rooms'}
	| {kind: 'op'; password: string}
	| {kind: 'kick'; name: string; reason: string}
	/** `target` is a name or an address or range; `minutes` 0 bans until lifted. */
	| {kind: 'ban'; target: string; minutes: number}
	| {kind: 'unban'; address: string}
	| {kind: 'bans'}
	| {kind: 'mute'; name: string}
	| {kind: 'unmute'; name: string}
	/** A known command with missing or extra arguments: how to use it. */
	| {kind: 'usage'; spec: CommandSpec}
	| {kind: 'unknown'; word: string};

export interface CommandSpec {
	readonly name: string;
	readonly aliases: readonly string[];
	/** As typed, e.g. `/msg NAME TEXT`. */
	readonly usage: string;
	readonly summary: string;
	/** Only for operators. */
	readonly operator?: boolean;
}

/** Minutes a `/ban` lasts when none are given. */
export const DEFAULT_BAN_MINUTES = 60;

type Parse = (args: string) => Command | undefined;

const WHITE_SPACE = /\s/u;

/** Splits off the first white-space separated word (`args` has no leading white space). */
function firstWord(args: string): [string, string] {
	const end = args.search(WHITE_SPACE);
	return end === -1 ? [args, ''] : [args.slice(0, end), args.slice(end).trimStart()];
}

const none =
	(command: Command): Parse =>
	(args) =>
		args === '' ? command : undefined;

const text =
	(make: (text: string) => Command): Parse =>
	(args) =>
		args === '' ? undefined : make(args);

const table: readonly (CommandSpec & {parse: Parse})[] = [
	{
		name: 'help',
		aliases: [],
		usage: '/help',
		summary: 'this list',
		parse: () => ({kind: 'help'}),
	},
	{
		name: 'who',
		aliases: ['names'],
		usage: '/who',
		summary: 'who is in your room',
		parse: none({kind: 'who'}),
	},
	{
		name: 'me',
		aliases: [],
		usage: '/me TEXT',
		summary: 'an action: * NAME TEXT',
		parse: text((action) => ({kind: 'me', text: action})),
	},
	{
		name: 'msg',
		aliases: ['tell'],
		usage: '/msg NAME TEXT',
		summary: 'a private message to anyone on the server',
		parse: (args) => {
			const [to, rest] = firstWord(args);
			return to && rest ? {kind: 'msg', to, text: rest} : undefined;
		},
	},
	{
		name: 'reply',
		aliases: [],
		usage: '/reply TEXT',
		summary: 'a private message to whoever last sent you one',
		parse: text((reply) => ({kind: 'reply', text: reply})),
	},
	{
		name: 'nick',
		aliases: [],
		usage: '/nick NEW',
		summary: 'change your name',
		parse: (args) => (args && !/\s/u.test(args) ? {kind: 'nick', name: args} : undefined),
	},
	{
		name: 'away',
		aliases: [],
		usage: '/away [REASON]',
		summary: 'mark yourself away',
		parse: (args) => ({kind: 'away', reason: args}),
	},
	{
		name: 'back',
		aliases: [],
		usage: '/back',
		summary: 'mark yourself back',
		parse: none({kind: 'back'}),
	},
	{
		name: 'join',
		aliases: [],
		usage: '/join ROOM',
		summary: 'move to ROOM (# optional), creating it if needed',
		parse: (args) => (args && !/\s/u.test(args) ? {kind: 'join', room: args} : undefined),
	},
	{
		name: 'rooms',
		aliases: [],
		usage: '/rooms',
		summary: 'list the rooms',
		parse: none({kind: 'rooms'}),
	},
	{
		name: 'op',
		aliases: [],
		usage: '/op PASSWORD',
		summary: 'become an operator',
		parse: (args) => (args ? {kind: 'op', password: args} : undefined),
	},
	{
		name: 'kick',
		aliases: [],
		usage: '/kick NAME [REASON]',
		summary: 'operators: disconnect NAME',
		operator: true,
		parse: (args) => {
			const [name, reason] = firstWord(args);
			return name ? {kind: 'kick', name, reason} : undefined;
		},
	},
	{
		name: 'ban',
		aliases: [],
		usage: '/ban NAME|ADDRESS [MINUTES]',
		summary: `operators: kick NAME and ban their address, or ban an address or range; ${DEFAULT_BAN_MINUTES} minutes unless given, 0 until lifted`,
		operator: true,
		parse: (args) => {
			const [target, rest] = firstWord(args);
			if (!target || (rest && !/^\d{1,9}$/.test(rest))) return undefined;
			return {kind: 'ban', target, minutes: rest ? Number(rest) : DEFAULT_BAN_MINUTES};
		},
	},
	{
		name: 'unban',
		aliases: [],
		usage: '/unban ADDRESS',
		summary: 'operators: lift a ban',
		operator: true,
		parse: (args) => (args && !/\s/u.test(args) ? {kind: 'unban', address: args} : undefined),
	},
	{
		name: 'bans',
		aliases: [],
		usage: '/bans',
		summary: 'operators: list the bans',
		operator: true,
		parse: none({kind: 'bans'}),
	},
	{
		name: 'mute',
		aliases: [],
		usage: '/mute NAME',
		summary: "operators: NAME's lines go nowhere",
		operator: true,
		parse: (args) => (args && !/\s/u.test(args) ? {kind: 'mute', name: args} : undefined),
	},
	{
		name: 'unmute',
		aliases: [],
		usage: '/unmute NAME',
		summary: 'operators: NAME may speak again',
		operator: true,
		parse: (args) => (args && !/\s/u.test(args) ? {kind: 'unmute', name: args} : undefined),
	},
	{
		name: 'quit',
		aliases: [],
		usage: '/quit',
		summary: 'leave (quit works too)',
		parse: () => ({kind: 'quit'}),
	},
];

/** Every command, in the order `/help` lists them. */
export const COMMANDS: readonly CommandSpec[] = table;

const byWord = new Map<string, (typeof table)[number]>();
for (const entry of table) {
	byWord.set(entry.name, entry);
	for (const alias of entry.aliases) byWord.set(alias, entry);
}

/** Parses a chatting user's (sanitised) line. */
export function parseCommand(line: string): Command {
	if (line === 'quit') return {kind: 'quit'};
	if (!line.startsWith('/')) return {kind: 'say', text: line};
	if (line.startsWith('//')) return {kind: 'say', text: line.slice(1)};
	const [word, args] = firstWord(line.slice(1));
	const entry = byWord.get(word.toLowerCase());
	if (!entry) return {kind: 'unknown', word};
	return entry.parse(args.trim()) ?? {kind: 'usage', spec: entry};
}

/** The `/help` line for one command: `/msg NAME TEXT (or /tell): a private message ...`. */
export function helpLine(spec: CommandSpec): string {
	const aliases = spec.aliases.map((alias) => ` (or /${alias})`).join('');
	return `${spec.usage}${aliases}: ${spec.summary}`;
}
