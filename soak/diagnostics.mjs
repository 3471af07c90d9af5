// Soak-only preload for the server under test, never part of natter itself:
//   node --expose-gc --import ./soak/diagnostics.mjs dist/cli.js serve ...
// On SIGUSR2 it forces garbage collection and writes what the soak checks to the file named by
// NATTER_SOAK_DIAGNOSTICS (atomically): memory, open connections on the chat listeners, and the
// process's active handles and resources (timers among them).

import fs from 'node:fs';
import net from 'node:net';

const file = process.env.NATTER_SOAK_DIAGNOSTICS;

// The listening servers the CLI creates, to count their connections (net.Server#getConnections).
const servers = [];
const createServer = net.createServer;
net.createServer = function (...args) {
	const server = createServer.apply(this, args);
	servers.push(server);
	return server;
};

/**
 * Node's count of open handles. `process._getActiveHandles()` is undocumented (it has been in
 * every release since 0.x and is what `why-is-node-running` uses); it is used here alone, and the
 * documented `process.getActiveResourcesInfo()` gives the breakdown by type next to it.
 */
function activeHandleCount() {
	return typeof process._getActiveHandles === 'function' ? process._getActiveHandles().length : -1;
}

function connections(server) {
	return new Promise((resolve) =>
		server.getConnections((error, count) => resolve(error ? -1 : count)),
	);
}

async function report() {
	for (let round = 0; round < 3; round++) {
		globalThis.gc?.();
		await new Promise((resolve) => setImmediate(resolve));
	}
	const resources = {};
	for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
	const listening = servers.filter((server) => server.listening);
	const counts = await Promise.all(listening.map(connections));
	const memory = process.memoryUsage();
	const data = {
		gc: typeof globalThis.gc === 'function',
		rss: memory.rss,
		heapUsed: memory.heapUsed,
		heapTotal: memory.heapTotal,
		external: memory.external,
		arrayBuffers: memory.arrayBuffers,
		handles: activeHandleCount(),
		resources,
		timers: (resources.Timeout ?? 0) + (resources.Immediate ?? 0),
		listeners: listening.length,
		connections: counts.reduce((sum, count) => sum + count, 0),
	};
	fs.writeFileSync(`${file}.tmp`, JSON.stringify(data));
	fs.renameSync(`${file}.tmp`, file);
}

if (file) process.on('SIGUSR2', () => void report());
