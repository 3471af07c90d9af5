// Each chat command applied: what it changes in the hub and exactly which lines who gets (the
// wire strings are in protocol/wire.ts, the parsing in protocol/commands.ts). One small function
// per command, so a command's rules read in one place.

import {COMMANDS, type Command, helpLine} from '../protocol/commands.js';
import {checkName} from '../protocol/names.js';
import {checkRoom} from '../protocol/rooms.js';
import {isBlank} from '../protocol/sanitize.js';
import * as wire from '../protocol/wire.js';
import type {Claim} from './bus.js';
import {applyOperatorCommand} from './operator-commands.js';
import type {UserInfo} from './presence.js';
import type {Session} from './session.js';
import {whenSent} from './when-sent.js';

export function applyCommand(user: Session, command: Command): void | Promise<void> {
	switch (command.kind) {
		case 'say':
			if (isBlank(command.text)) return;
			return say(user, wire.chat(user.name, command.text));
		case 'me':
			return say(user, wire.action(user.name, command.text));
		case 'op':
		case 'kick':
		case 'ban':
		case 'unban':
		case 'bans':
		case 'mute':
		case 'unmute':
			return applyOperatorCommand(user, command);
		case 'quit':
			user.quit();
			return;
		case 'help':
			help(user);
			return;
		case 'who':
			who(user);
			return;
		case 'msg':
			return message(user, user.hub.find(command.to), command.to, command.text);
		case 'reply':
			return reply(user, command.text);
		case 'nick':
			return nick(user, command.name);
		case 'away':
			return whenSent(user, user.hub.update(user.id, {away: command.reason}), () =>
				user.send(wire.notices.away),
			);
		case 'back':
			if (user.away === undefined) {
				user.send(wire.notices.notAway);
				return;
			}
			return whenSent(user, user.hub.update(user.id, {away: null}), () =>
				user.send(wire.notices.back),
			);
		case 'join':
			return join(user, command.room);
		case 'rooms':
			user.send(wire.rooms(user.hub.rooms()));
			return;
		case 'usage':
			user.send(wire.notices.usage(command.spec.usage, command.spec.summary));
			return;
		case 'unknown':
			user.send(wire.notices.unknownCommand(command.word));
			return;
		default:
			command satisfies never;
	}
}

/** A muted user is told, and nothing it says goes anywhere. */
function silenced(user: Session): boolean {
	if (user.muted) user.send(wire.notices.muted);
	return user.muted;
}

/** A chat line or an action: to the room, and into its history. */
function say(user: Session, line: string): void | Promise<void> {
	if (silenced(user)) return;
	return whenSent(user, user.hub.say(user, line, true));
}

function help(user: Session): void {
	user.send(wire.notices.commandsHeader);
	for (const spec of COMMANDS) user.send(wire.notice(helpLine(spec)));
	user.send(wire.notices.slashEscapeHelp);
}

function who(user: Session): void {
	const users = user.hub.who(user).map((member) => ({
		name: member.name,
		away: member.away !== null,
		op: member.op,
	}));
	user.send(wire.who(user.room, users));
}

function message(
	user: Session,
	to: UserInfo | undefined,
	typed: string,
	text: string,
): void | Promise<void> {
	if (to === undefined) {
		user.send(wire.notices.noSuchUser(typed));
		return;
	}
	if (silenced(user)) return;
	const away = to.away;
	return whenSent(user, user.hub.privateTo(user, to, wire.privateMessage(user.name, text)), () => {
		if (away !== null) user.send(wire.notices.awayReply(to.name, away));
	});
}

function reply(user: Session, text: string): void | Promise<void> {
	const to = user.replyTo;
	if (to === undefined) {
		user.send(wire.notices.nobodyToReply);
		return;
	}
	const online = user.hub.presence.get(to.id);
	if (online === undefined) user.send(wire.notices.goneSince(to.name));
	else return message(user, online, online.name, text);
}

function nick(user: Session, typed: string): void | Promise<void> {
	const check = checkName(typed);
	if (!check.ok) {
		user.send(wire.notice(check.reason));
		return;
	}
	const old = user.name;
	if (check.name === old) {
		user.send(wire.notices.sameName(old));
		return;
	}
	const claimed = (claim: Claim | undefined): void | Promise<void> => {
		if (user.state !== 'chatting') return;
		if (claim === undefined) user.send(wire.notices.notDelivered);
		else if (!claim.ok) user.send(wire.notices.nameTaken(check.name, claim.online));
		else {
			return whenSent(user, user.hub.rename(user, check.name), () => {
				user.send(wire.notices.renamed(check.name));
				user.log({type: 'nick', old, name: check.name, peer: user.peer});
			});
		}
	};
	const claim = user.hub.claim(user, check.name);
	if (claim instanceof Promise) return claim.then(claimed, () => claimed(undefined));
	claimed(claim);
}

function join(user: Session, typed: string): void | Promise<void> {
	const check = checkRoom(typed);
	if (!check.ok) {
		user.send(wire.notice(check.reason));
		return;
	}
	const tooMany = () => user.send(wire.notices.tooManyRooms(user.hub.maxRooms));
	const result = user.hub.join(user, check.room);
	if (result === 'same room') user.send(wire.notices.alreadyInRoom(user.room));
	else if (result === 'too many rooms') tooMany();
	else return whenSent(user, result, undefined, tooMany);
}
