// A real TCP server on port 0 that is not natter: each connection is handed to a script, so tests
// can point clients at a silent server, an HTTP server, or one that refuses every name.

import net from 'node:net';

export interface ScriptedServer {
	readonly port: number;
	/** Connections accepted so far. */
	readonly connections: number;
	close(): Promise<void>;
}

/** Listens on 127.0.0.1, port 0; `script` gets each socket and its 0-based connection number. */
export async function scriptedServer(
	script: (socket: net.Socket, index: number) => void,
): Promise<ScriptedServer> {
	const sockets = new Set<net.Socket>();
	let connections = 0;
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('error', () => {});
		socket.on('close', () => sockets.delete(socket));
		script(socket, connections++);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		get connections() {
			return connections;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** Says nothing, ever, and keeps the connection open. */
export const silent = (): void => {};

/** Answers as an HTTP server does to a request it cannot parse, then hangs up. */
export const httpThenClose = (socket: net.Socket): void => {
	socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
};

/** Answers like an HTTP server sending a page, and keeps the connection open. */
export const httpKeepOpen = (socket: net.Socket): void => {
	socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<!doctype html>\r\n<html>\r\n');
};

/** Calls `onLine` with each line the client sends (without LF). */
export function onLines(socket: net.Socket, onLine: (line: string) => void): void {
	let partial = '';
	socket.setEncoding('utf8').on('data', (text: string) => {
		const parts = (partial + text).split('\n');
		partial = parts.pop() ?? '';
		for (const line of parts) onLine(line);
	});
}
