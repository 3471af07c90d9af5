// The cluster tests' Redis: tools/redis-server.ts's throwaway redis-server, disposed of once the
// test file is done, whatever happened.
//
// Without redis-server on PATH the tests that need it are skipped with a note, except under CI,
// where `redisSkip` is false and `RedisServer.start()` throws: CI must run them.

import {after} from 'node:test';
import {REDIS_SERVER_PATH, RedisServer as Server} from '../../tools/redis-server.js';

export {freePort} from '../../tools/redis-server.js';

/**
 * The `skip` option for tests that need Redis: a note when it is missing on a developer's
 * machine; false otherwise, and false under CI, where the missing server then fails the tests.
 */
export const redisSkip: string | false =
	REDIS_SERVER_PATH === undefined && !process.env.CI ? 'redis-server not installed' : false;

/** Servers not yet disposed of, disposed of once the file's tests are done. */
const servers = new Set<Server>();
after(async () => {
	await Promise.all([...servers].map((server) => server.dispose()));
});

export type RedisServer = Server;
export const RedisServer = {
	/** Starts a private redis-server; throws (also under CI) when there is none on PATH. */
	async start(): Promise<Server> {
		if (REDIS_SERVER_PATH === undefined) {
			throw new Error(
				'redis-server is not on PATH, and CI is set: the cluster tests must run in CI (install the redis-server package)',
			);
		}
		const server = await Server.start();
		servers.add(server);
		return server;
	},
};
