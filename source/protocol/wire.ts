// Every line the server sends, in one place, each defined once by its template (see
// line-format.ts), which gives its writer here and its parser in server-line.ts. Each writer
// returns one line without its LF; `encodeLine` adds the `\n` once.

import {lineFormat} from './line-format.js';
import {foldCase} from './names.js';

/** Server notices to one user always start with this marker. */
export const NOTICE_PREFIX = '*** ';

/** The formats, by what they mean; the order of `SERVER_LINES` in server-line.ts is the parse order. */
export const formats = {
	prompt: lineFormat("Hi, what's your name?"),
	welcome: lineFormat('Welcome, {name}!'),
	bye: lineFormat('Bye!'),
	join: lineFormat('--> {name} entered.'),
	leave: lineFormat('<-- {name} left.'),
	message: lineFormat('{from}: {text}'),
	action: lineFormat('* {from} {text}'),
	private: lineFormat('{from} (private): {text}'),
	nick: lineFormat('--- {old} is now {new}.'),
	who: lineFormat('*** In {room} ({count}): {list}'),
	rooms: lineFormat('*** Rooms: {list}'),
	roomChange: lineFormat('*** You are now in {room} ({count} here: {list}).'),
	renamed: lineFormat('*** You are now {name}.'),
	away: lineFormat('*** You are away.'),
	back: lineFormat('*** You are back.'),
	awayReply: lineFormat('*** {name} is away: {text}'),
	awayReplyBare: lineFormat('*** {name} is away.'),
	historyStart: lineFormat('*** Last {count} messages in {room}:'),
	historyEnd: lineFormat('*** End of history.'),
	notice: lineFormat('*** {text}'),
} as const;

/** The prompt sent on connect and after every rejected name. */
export const PROMPT = formats.prompt.format({});
export const BYE = formats.bye.format({});

export const welcome = (name: string): string => formats.welcome.format({name});
export const entered = (name: string): string => formats.join.format({name});
export const left = (name: string): string => formats.leave.format({name});
export const chat = (name: string, text: string): string =>
	formats.message.format({from: name, text});
export const action = (name: string, text: string): string =>
	formats.action.format({from: name, text});
export const privateMessage = (from: string, text: string): string =>
	formats.private.format({from, text});
export const nickChange = (old: string, name: string): string =>
	formats.nick.format({old, new: name});
export const notice = (text: string): string => formats.notice.format({text});

/** A user as `/who` shows one: the name, then `(op)` for an operator and `(away)` if away. */
export interface WhoEntry {
	name: string;
	away: boolean;
	op?: boolean;
}

/** `A (op), B (away), C`: names in the order given, each with its marks. */
export const nameList = (users: readonly WhoEntry[]): string =>
	users
		.map((user) => `${user.name}${user.op ? ' (op)' : ''}${user.away ? ' (away)' : ''}`)
		.join(', ');

/** `*** In #ROOM (N): A, B (away), C` */
export const who = (room: string, users: readonly WhoEntry[]): string =>
	formats.who.format({room, count: users.length, list: nameList(users)});

/** `*** Rooms: #lobby (12), #dev (3)`, in the order given. */
export const rooms = (list: readonly {room: string; count: number}[]): string =>
	formats.rooms.format({list: list.map(({room, count}) => `${room} (${count})`).join(', ')});

/** `*** You are now in #ROOM (N here: A, B, C).` */
export const roomChange = (room: string, names: readonly string[]): string =>
	formats.roomChange.format({room, count: names.length, list: names.join(', ')});

export const historyStart = (count: number, room: string): string =>
	formats.historyStart.format({count, room});
export const HISTORY_END = formats.historyEnd.format({});

/** Why a name was refused: taken, or so like an online name (`online`) that it would pass for it. */

/** The lines that end a session: `quit` as in the seed, and `/quit` as IRC users type it. */
export const isQuitCommand = (line: string): boolean => line === 'quit' || line === '/quit';

/** Every other notice, by what it answers. */
export const notices = {
	shuttingDown: notice('Server shutting down.'),
	full: (max: number) => notice(`Server is full (${max} connections); please try again later.`),
	nameTimeout: (seconds: number) => notice(`No name given within ${seconds} seconds; closing.`),
	lineTooLong: (maxBytes: number) =>
		notice(`Line too long (over ${maxBytes} bytes); it was not sent.`),
	nameTaken: (name: string, online: string) =>
		notice(
			foldCase(name) === foldCase(online)
				? `The name ${name} is taken; please choose another.`
				: `The name ${name} is taken: it looks like ${online}; please choose another.`,
		),
	renamed: (name: string) => formats.renamed.format({name}),
	sameName: (name: string) => notice(`You are already ${name}.`),
	away: formats.away.format({}),
	back: formats.back.format({}),
	notAway: notice('You were not away.'),
	awayReply: (name: string, reason: string) =>
		reason ? formats.awayReply.format({name, text: reason}) : formats.awayReplyBare.format({name}),
	noSuchUser: (name: string) => notice(`There is nobody called ${name} on this server.`),
	nobodyToReply: notice('Nobody has sent you a private message yet.'),
	alreadyInRoom: (room: string) => notice(`You are already in ${room}.`),
	tooManyRooms: (max: number) =>
		notice(`This server allows at most ${max} rooms, and all are in use; join one of them.`),
	goneSince: (name: string) => notice(`${name} has left; your message was not sent.`),
	slashEscapeHelp: notice('//TEXT: say a line that starts with / (it is sent as /TEXT)'),
	unknownCommand: (word: string) => notice(`Unknown command /${word}; /help lists the commands.`),
	usage: (usage: string, what: string) => notice(`Usage: ${usage} (${what}).`),
	commandsHeader: notice('Commands:'),
	notDelivered: notice(
		'That was not delivered: this server has lost contact with the rest of the chat.',
	),
	lostContact: notice('Lost contact with the rest of the chat; reconnecting.'),
	backInContact: notice('Back in contact with the rest of the chat.'),
	// Moderation
	noOperators: notice('There are no operators on this server.'),
	notOperator: notice('You are not an operator.'),
	nowOperator: notice('You are now an operator.'),
	alreadyOperator: notice('You are already an operator.'),
	wrongPassword: notice('Wrong operator password.'),
	tooManyWrongPasswords: notice('Too many wrong passwords.'),
	plainPassword: notice('Warning: that password crossed the network unencrypted; use TLS.'),
	notOnYourself: (verb: string) => notice(`You cannot ${verb} yourself.`),
	kicked: (op: string, reason: string) =>
		notice(reason ? `You were kicked by ${op}: ${reason}` : `You were kicked by ${op}.`),
	kickDone: (name: string) => notice(`Kicked ${name}.`),
	banned: (op: string) => notice(`You were banned by ${op}.`),
	banDone: (what: string, minutes: number) =>
		notice(
			minutes === 0 ? `Banned ${what} until lifted.` : `Banned ${what} for ${minutes} minutes.`,
		),
	notAnAddress: (text: string) =>
		notice(
			`${text} is neither someone on this server nor an address or range (such as 203.0.113.7 or 2001:db8::/32).`,
		),
	bannedFromServer: notice('You are banned from this server.'),
	unbanDone: (address: string) => notice(`Unbanned ${address}.`),
	noSuchBan: (address: string) => notice(`There is no ban on ${address}.`),
	noBans: notice('There are no bans.'),
	ban: (address: string, until: Date | undefined, by: string) =>
		notice(
			`${address} banned ${until ? `until ${until.toISOString().replace(/\.\d{3}Z$/, 'Z')}` : 'until lifted'}, set by ${by}`,
		),
	muted: notice('You are muted.'),
	muteDone: (name: string) => notice(`Muted ${name}.`),
	unmuteDone: (name: string) => notice(`Unmuted ${name}.`),
	notMuted: (name: string) => notice(`${name} is not muted.`),
	tooManyFromAddress: notice('Too many connections from your address.'),
} as const;

/** One protocol line as bytes: UTF-8, terminated by a single LF. */
export const encodeLine = (line: string): Buffer => Buffer.from(`${line}\n`, 'utf8');
