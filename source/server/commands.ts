// Each chat command applied: what it changes in the hub and exactly which lines who gets (the
// wire strings are in protocol/wire.ts, the parsing in protocol/commands.ts). One small function
// per command, so a command's rules read in one place.

import {COMMANDS, type Command, helpLine} from '../protocol/commands.js';
import {checkName} from '../protocol/names.js';
import {checkRoom} from '../protocol/rooms.js';
import {isBlank} from '../protocol/sanitize.js';
import * as wire from '../protocol/wire.js';
import {applyOperatorCommand} from './operator-commands.js';
import type {Session} from './session.js';

export function applyCommand(user: Session, command: Command): void {
	switch (command.kind) {
		case 'say':
			if (!isBlank(command.text)) say(user, wire.chat(user.name, command.text));
			return;
		case 'me':
			say(user, wire.action(user.name, command.text));
			return;
		case 'op':
		case 'kick':
		case 'ban':
		case 'unban':
		case 'bans':
		case 'mute':
		case 'unmute':
			applyOperatorCommand(user, command);
			return;
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
			message(user, user.hub.find(command.to), command.to, command.text);
			return;
		case 'reply':
			reply(user, command.text);
			return;
		case 'nick':
			nick(user, command.name);
			return;
		case 'away':
			user.away = command.reason;
			user.send(wire.notices.away);
			return;
		case 'back':
			user.send(user.away === undefined ? wire.notices.notAway : wire.notices.back);
			user.away = undefined;
			return;
		case 'join':
			join(user, command.room);
			return;
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
function say(user: Session, line: string): void {
	if (silenced(user)) return;
	user.hub.toRoom(user.room, line, user, {history: true});
}

function help(user: Session): void {
	user.send(wire.notices.commandsHeader);
	for (const spec of COMMANDS) user.send(wire.notice(helpLine(spec)));
	user.send(wire.notices.slashEscapeHelp);
}

function who(user: Session): void {
	const users = [...user.room.members()].map((member) => ({
		name: member.name,
		away: member.away !== undefined,
		op: member.operator,
	}));
	user.send(wire.who(user.room.name, users));
}

function message(user: Session, to: Session | undefined, typed: string, text: string): void {
	if (to === undefined) {
		user.send(wire.notices.noSuchUser(typed));
		return;
	}
	if (silenced(user)) return;
	user.hub.toUser(to, wire.privateMessage(user.name, text));
	to.replyTo = user;
	if (to.away !== undefined) user.send(wire.notices.awayReply(to.name, to.away));
}

function reply(user: Session, text: string): void {
	const to = user.replyTo;
	if (to === undefined) user.send(wire.notices.nobodyToReply);
	else if (!user.hub.isOnline(to)) user.send(wire.notices.goneSince(to.name));
	else message(user, to, to.name, text);
}

function nick(user: Session, typed: string): void {
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
	const claim = user.hub.claim(user, check.name);
	if (!claim.ok) {
		user.send(wire.notices.nameTaken(check.name, claim.online));
		return;
	}
	user.rename(check.name);
	user.send(wire.notices.renamed(check.name));
	user.hub.toRoom(user.room, wire.nickChange(old, check.name), user);
	user.log({type: 'nick', old, name: check.name, peer: user.peer});
}

function join(user: Session, typed: string): void {
	const check = checkRoom(typed);
	if (!check.ok) {
		user.send(wire.notice(check.reason));
		return;
	}
	const hub = user.hub;
	const from = user.room;
	if (hub.findRoom(check.room) === from) {
		user.send(wire.notices.alreadyInRoom(from.name));
		return;
	}
	const to = hub.openRoom(check.room, from);
	if (to === undefined) {
		user.send(wire.notices.tooManyRooms(hub.maxRooms));
		return;
	}
	hub.toRoom(from, wire.left(user.name), user);
	hub.enter(user, to);
	hub.toRoom(to, wire.entered(user.name), user);
	user.send(
		wire.roomChange(
			to.name,
			[...to.members()].map((member) => member.name),
		),
	);
	user.sendHistory(to);
}
