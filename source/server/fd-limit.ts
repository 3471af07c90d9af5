// The process's limit on open files, where the system tells it (Linux's /proc/self/limits), so
// the server can warn at start when the limit is below its connection cap. Past that limit the
// system closes new connections before the server sees them (libuv's EMFILE handling), which
// would otherwise go unnoticed.

import {readFileSync} from 'node:fs';

/** Descriptors the process needs beyond one per connection: stdio, the listener, Node's own. */
export const FD_HEADROOM = 32;

/** The soft limit on open files, or undefined where it cannot be read. */
export function openFileLimit(limitsText = readLimits()): number | undefined {
	const match = /^Max open files\s+(\d+|unlimited)\s/m.exec(limitsText ?? '');
	if (!match) return undefined;
	return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

function readLimits(): string | undefined {
	try {
		return readFileSync('/proc/self/limits', 'utf8');
	} catch {
		return undefined;
	}
}
