// Where `chat connect` should connect: `HOST`, `HOST:PORT`, `[IPv6]:PORT` or a bare IPv6 address
// (or several, comma-separated, for a cluster), with `--port` as the fallback; a URL is refused
// with the HOST:PORT to type instead. Pure, so
// every form is tested without a network.

import {formatHostPort} from '../net/host-port.js';
import {DEFAULT_PORT} from '../server/options.js';
import {parseNumberFlag} from './flags.js';
import {UsageError} from './usage-error.js';

export interface Target {
	host: string;
	port: number;
}

const portRule = {integer: true, min: 1, max: 65_535};

/** `scheme://`: a URL, which a plain TCP chat has no use for. */
const URL_SCHEME = /^[a-z][a-z\d+.-]*:\/\//i;

/**
 * `HOST[:PORT]`, or several separated by commas (`a.example:4242,b.example:4242`: servers of one
 * cluster, tried in turn). `defaultPort` is the port when neither the target nor `--port` gives one.
 */
export function parseTargets(
	argument: string | undefined,
	portFlag: string | undefined,
	defaultPort: number = DEFAULT_PORT,
): Target[] {
	const parts = (argument ?? '').split(',').map((part) => part.trim());
	if (parts.length > 1 && parts.some((part) => part === '')) {
		throw new UsageError(
			`an empty server in "${argument}"; separate HOST:PORT entries with commas`,
		);
	}
	return parts.map((part) => parseTarget(part, portFlag, defaultPort));
}

export function parseTarget(
	argument: string | undefined,
	portFlag: string | undefined,
	defaultPort: number = DEFAULT_PORT,
): Target {
	const flagPort = portFlag === undefined ? undefined : parseNumberFlag('port', portFlag, portRule);
	const text = (argument ?? '').trim();
	if (!text) return {host: 'localhost', port: flagPort ?? defaultPort};
	if (URL_SCHEME.test(text)) {
		throw new UsageError(
			`"${text}" is a URL; give HOST or HOST:PORT, such as ${targetInUrl(text) ?? `localhost:${DEFAULT_PORT}`}`,
		);
	}
	let host = text;
	let port: string | undefined;
	const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
	if (bracketed) {
		host = bracketed[1] as string;
		port = bracketed[2];
	} else if (text.split(':').length === 2) {
		[host, port] = text.split(':') as [string, string];
	}
	if (!host) throw new UsageError(`no host in "${text}"`);
	if (port === undefined) return {host, port: flagPort ?? defaultPort};
	const value = Number(port);
	if (!/^\d+$/.test(port) || value < 1 || value > 65_535) {
		throw new UsageError(`the port in "${text}" must be a whole number from 1 to 65535`);
	}
	return {host, port: value};
}

/** The `HOST:PORT` a URL names (with the chat port if it gives none), if it names a host. */
function targetInUrl(text: string): string | undefined {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return undefined;
	}
	const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
	if (!host) return undefined;
	return formatHostPort(host, url.port ? Number(url.port) : DEFAULT_PORT);
}
