// The demo's default name for you: the OS user name, made into a valid chat name.

import os from 'node:os';
import {checkName, NAME_CHARACTER_CLASS, NAME_MAX_LENGTH} from '../protocol/names.js';

/** Any one code point that may not be in a name. */
const NOT_A_NAME_CHARACTER = new RegExp(`(?!${NAME_CHARACTER_CLASS}).`, 'gsu');

export function nameFromUser(user: string): string {
	const cleaned = [...user.replace(NOT_A_NAME_CHARACTER, '_')].slice(0, NAME_MAX_LENGTH).join('');
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
