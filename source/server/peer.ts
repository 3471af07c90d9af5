// How a remote endpoint is named in logs: `127.0.0.1:50000`, `[::1]:50000`.
// One helper so the server and its connections print peers the same way.

import type {Socket} from 'node:net';

/** `HOST:PORT`, with IPv6 hosts in brackets and IPv4-mapped IPv6 addresses shown as IPv4. */
export function formatHostPort(host: string, port: number): string {
	const unmapped = host.startsWith('::ffff:') && host.includes('.') ? host.slice(7) : host;
	return `${unmapped.includes(':') ? `[${unmapped}]` : unmapped}:${port}`;
}

export const formatPeer = (socket: Socket): string =>
	formatHostPort(socket.remoteAddress ?? 'unknown', socket.remotePort ?? 0);
