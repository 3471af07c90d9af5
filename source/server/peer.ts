// How a remote endpoint is named in logs: `127.0.0.1:50000`, `[::1]:50000`.
// One helper so the server and its connections print peers the same way.

import type {Socket} from 'node:net';

export const formatHostPort = (host: string, port: number): string =>
	`${host.includes(':') ? `[${host}]` : host}:${port}`;

export const formatPeer = (socket: Socket): string =>
	formatHostPort(socket.remoteAddress ?? 'unknown', socket.remotePort ?? 0);
