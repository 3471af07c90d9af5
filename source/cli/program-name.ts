// The name the CLI was started as: `chat`, or `natter`, which is installed too because Debian's
// ppp package ships its own /usr/sbin/chat. Help and error lines use it, so they name the command
// the person typed.

import path from 'node:path';

/** `natter` when started through a file of that name (the npm bin link), else `chat`. */
export function programName(scriptPath: string | undefined): 'chat' | 'natter' {
	const base = path.basename(scriptPath ?? '').replace(/\.(cmd|ps1|exe)$/i, '');
	return base.toLowerCase() === 'natter' ? 'natter' : 'chat';
}

/** What this process was started as. */
export const PROGRAM = programName(process.argv[1]);
