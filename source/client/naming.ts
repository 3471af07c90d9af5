// The naming handshake of one connection as a pure state machine: waiting for the server's
// prompt, a name offered, then welcomed or refused. Kept apart from the socket so every step,
// and every reason given to a person when it fails, is tested without a network.

import type {ServerLine} from '../protocol/server-line.js';

export type Naming =
	/** Connected, but the server has not asked for a name yet; `notice` is its last `***` line. */
	| {step: 'awaiting-prompt'; notice: string | undefined}
	/** The server asked and the client has no name of its own: its user must choose one. */
	| {step: 'prompted'; refusal: string | undefined}
	/** A name was sent; `auto` when the client sent it by itself rather than for its user. */
	| {step: 'offered'; name: string; auto: boolean; notice: string | undefined}
	| {step: 'welcomed'; name: string}
	/** The server refused the name the client offered by itself: this connection cannot go on. */
	| {step: 'refused'; name: string; reason: string};

export const startNaming = (): Naming => ({step: 'awaiting-prompt', notice: undefined});

/** Ready for its user: in the room, or (with no name of its own) asked for one. */
export const isReady = (naming: Naming): boolean =>
	naming.step === 'welcomed' || naming.step === 'prompted';

/**
 * The step after `line` arrives. `ownName` is the name the client answers prompts with by itself
 * (the one it was given, or the one it was last welcomed with); `offer` is a name to send now.
 */
export function nextNaming(
	naming: Naming,
	line: ServerLine,
	ownName: string | undefined,
): {naming: Naming; offer?: string} {
	if (naming.step === 'welcomed' || naming.step === 'refused') return {naming};
	switch (line.kind) {
		case 'welcome':
			return {naming: {step: 'welcomed', name: line.name}};
		case 'notice':
			return naming.step === 'prompted' ? {naming} : {naming: {...naming, notice: line.body}};
		case 'prompt':
			if (naming.step === 'offered') {
				const reason = naming.notice ?? 'the server asked for a name again';
				return {
					naming: naming.auto
						? {step: 'refused', name: naming.name, reason}
						: {step: 'prompted', refusal: reason},
				};
			}
			if (ownName === undefined) {
				return {
					naming: naming.step === 'prompted' ? naming : {step: 'prompted', refusal: undefined},
				};
			}
			return {
				naming: {step: 'offered', name: ownName, auto: true, notice: undefined},
				offer: ownName,
			};
		default:
			return {naming};
	}
}

/** The step after the user chooses `name`, or undefined when the server is not waiting for one. */
export function chooseName(
	naming: Naming,
	name: string,
): Extract<Naming, {step: 'offered'}> | undefined {
	if (naming.step !== 'prompted') return undefined;
	return {step: 'offered', name, auto: false, notice: undefined};
}

/** Why a connection that closed before it was ready did not get there, in a person's words. */
export function closedBeforeReady(naming: Naming): string {
	switch (naming.step) {
		case 'awaiting-prompt':
			return (
				naming.notice ??
				'the server closed the connection without asking for a name (is it a chat server?)'
			);
		case 'offered':
			return naming.notice ?? 'the server closed the connection before accepting the name';
		default:
			return 'connection closed by the server';
	}
}

/** Why a connection that was not ready within `timeoutMs` gave up, in a person's words. */
export function notReadyInTime(naming: Naming | undefined, timeoutMs: number): string {
	const within = `within ${timeoutMs / 1000} s`;
	if (naming?.step === 'awaiting-prompt') {
		return `no name prompt from the server ${within} (is it a chat server?)`;
	}
	if (naming?.step === 'offered') return `no welcome for the name "${naming.name}" ${within}`;
	return `timed out after ${timeoutMs / 1000} s`;
}

/** `connect()` failed because the server refused the client's own name. */
export class NameRefusedError extends Error {
	override name = 'NameRefusedError';
	/** The name that was refused. */
	readonly refusedName: string;
	/** The server's reason, such as `The name Zoë is taken; please choose another.` */
	readonly reason: string;

	constructor(refusedName: string, reason: string) {
		super(`the server did not accept the name "${refusedName}": ${reason}`);
		this.refusedName = refusedName;
		this.reason = reason;
	}
}
