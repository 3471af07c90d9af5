// The operators' commands applied: `/op` with its password checks, and kick, ban, unban, bans,
// mute and unmute. Each action is logged with who did what to whom and why.

import {parseRange} from '../protocol/addresses.js';
import type {Command} from '../protocol/commands.js';
import * as wire from '../protocol/wire.js';
import {canonical} from './bans.js';
import type {UserInfo} from './presence.js';
import type {Session} from './session.js';
import {whenSent} from './when-sent.js';

/** Wrong passwords one connection may give; the last of them closes it. */
export const MAX_WRONG_PASSWORDS = 3;

type OperatorCommand = Extract<
	Command,
	{kind: 'op' | 'kick' | 'ban' | 'unban' | 'bans' | 'mute' | 'unmute'}
>;

export function applyOperatorCommand(
	user: Session,
	command: OperatorCommand,
): void | Promise<void> {
	const {password} = user.moderation;
	if (!password.configured) {
		user.send(wire.notices.noOperators);
		return;
	}
	if (command.kind === 'op') return op(user, command.password);
	if (!user.operator) {
		user.send(wire.notices.notOperator);
		return;
	}
	switch (command.kind) {
		case 'kick':
			return kick(user, command.name, command.reason);
		case 'ban':
			return ban(user, command.target, command.minutes);
		case 'unban':
			return unban(user, command.address);
		case 'bans':
			bans(user);
			return;
		case 'mute':
		case 'unmute':
			return mute(user, command.name, command.kind === 'mute');
	}
}

function op(user: Session, attempt: string): void | Promise<void> {
	if (!user.encrypted) user.send(wire.notices.plainPassword);
	if (user.operator) {
		user.send(wire.notices.alreadyOperator);
		return;
	}
	if (user.moderation.password.check(attempt)) {
		return whenSent(user, user.hub.update(user.id, {op: true}), () => {
			user.send(wire.notices.nowOperator);
			user.log({type: 'op', op: user.name, action: 'op', peer: user.peer});
		});
	}
	user.wrongPasswords++;
	user.send(wire.notices.wrongPassword);
	user.log({type: 'op', op: user.name, action: 'wrong-password', peer: user.peer});
	if (user.wrongPasswords >= MAX_WRONG_PASSWORDS) {
		user.disconnect(wire.notices.tooManyWrongPasswords, 'too many wrong passwords');
	}
}

/** The target of an operator's action, or undefined after telling the operator why not. */
function target(user: Session, name: string, verb: string): UserInfo | undefined {
	const found = user.hub.find(name);
	if (found === undefined) user.send(wire.notices.noSuchUser(name));
	else if (found.id === user.id) user.send(wire.notices.notOnYourself(verb));
	else return found;
	return undefined;
}

function kick(user: Session, name: string, reason: string): void | Promise<void> {
	const victim = target(user, name, 'kick');
	if (!victim) return;
	user.log({
		type: 'op',
		op: user.name,
		action: 'kick',
		target: victim.name,
		detail: reason,
		peer: user.peer,
	});
	const sent = user.hub.disconnect(victim, wire.notices.kicked(user.name, reason), 'kicked');
	return whenSent(user, sent, () => user.send(wire.notices.kickDone(victim.name)));
}

function ban(user: Session, what: string, minutes: number): void | Promise<void> {
	const online = user.hub.find(what);
	const range = online ? parseRange(online.address) : parseRange(what);
	if (online?.id === user.id) {
		user.send(wire.notices.notOnYourself('ban'));
		return;
	}
	if (!range) {
		user.send(wire.notices.notAnAddress(what));
		return;
	}
	const until = minutes === 0 ? null : Date.now() + minutes * 60_000;
	// On every server of the chat (each keeps and saves its copy), then the user is sent away.
	return whenSent(user, user.hub.ban({address: range.text, until, by: user.name}), () => {
		const detail = `${range.text}, ${minutes === 0 ? 'until lifted' : `${minutes} minutes`}`;
		user.log({
			type: 'op',
			op: user.name,
			action: 'ban',
			target: online?.name ?? range.text,
			detail,
			peer: user.peer,
		});
		if (online) user.hub.disconnect(online, wire.notices.banned(user.name), 'banned');
		user.send(
			wire.notices.banDone(online ? `${online.name} (${range.text})` : range.text, minutes),
		);
	});
}

function unban(user: Session, address: string): void | Promise<void> {
	if (!user.moderation.bans.has(address, Date.now())) {
		user.send(wire.notices.noSuchBan(address));
		return;
	}
	return whenSent(user, user.hub.unban(canonical(address)), () => {
		user.log({type: 'op', op: user.name, action: 'unban', target: address, peer: user.peer});
		user.send(wire.notices.unbanDone(address));
	});
}

function bans(user: Session): void {
	const list = user.moderation.bans.list(Date.now());
	if (list.length === 0) user.send(wire.notices.noBans);
	for (const ban of list) {
		const until = ban.until === undefined ? undefined : new Date(ban.until);
		user.send(wire.notices.ban(ban.range.text, until, ban.by));
	}
}

function mute(user: Session, name: string, muting: boolean): void | Promise<void> {
	const victim = target(user, name, muting ? 'mute' : 'unmute');
	if (!victim) return;
	if (!muting && !victim.muted) {
		user.send(wire.notices.notMuted(victim.name));
		return;
	}
	return whenSent(user, user.hub.update(victim.id, {muted: muting}), () => {
		user.log({
			type: 'op',
			op: user.name,
			action: muting ? 'mute' : 'unmute',
			target: victim.name,
			peer: user.peer,
		});
		user.send(muting ? wire.notices.muteDone(victim.name) : wire.notices.unmuteDone(victim.name));
	});
}
