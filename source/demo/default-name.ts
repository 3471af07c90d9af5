// The demo's default name for you: the OS user name, made into a valid chat name.

import os from 'node:os';
import {checkName, NAME_MAX_LENGTH} from '../protocol/names.js';

export function nameFromUser(user: string): string {
	const cleaned = [...user.replace(/[^\p{L}\p{M}\p{Nd}_.-]/gu, '_')]
		.slice(0, NAME_MAX_LENGTH)
		.join('');
	const check = checkName(cleaned);
	return check.ok ? check.name : 'me';
}

export function defaultName(): string {
	try {
		return nameFromUser(os.userInfo().username);
	} catch {
		return nameFromUser(process.env.USER ?? '');
	}
}
