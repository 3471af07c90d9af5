// How a remote endpoint is named in logs: `127.0.0.1:50000`, `[::1]:50000`.
// The formatting itself is `formatHostPort` (source/net/host-port.ts), re-exported for the server.

import type {Socket} from 'node:net';
import {formatHostPort} from '../net/host-port.js';

export {formatHostPort};

export const formatPeer = (socket: Socket): string =>
	formatHostPort(socket.remoteAddress ?? 'unknown', socket.remotePort ?? 0);
