// A real `redis-server` for the cluster tests: on a free port of 127.0.0.1, with a temporary
// directory and no persistence, so each test file gets a clean, private Redis. It can be stopped
// and started again on the same port (an outage), and every wait is bounded.
//
// Without redis-server on PATH the tests that need it are skipped with a note, except under CI,
// where `redisSkip` is false and `RedisServer.start()` throws: CI must run them.

import {type ChildProcess, spawn} from 'node:child_process';
import {accessSync, constants, mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after} from 'node:test';

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** The redis-server executable on PATH, if there is one. */
export const REDIS_SERVER_PATH: string | undefined = (process.env.PATH ?? '')
	.split(path.delimiter)
	.filter(Boolean)
	.map((dir) => path.join(dir, 'redis-server'))
	.find((candidate) => {
		try {
			accessSync(candidate, constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});

/**
 * The `skip` option for tests that need Redis: a note when it is missing on a developer's
 * machine; false otherwise, and false under CI, where the missing server then fails the tests.
 */
export const redisSkip: string | false =
	REDIS_SERVER_PATH === undefined && !process.env.CI ? 'redis-server not installed' : false;

/** Servers not yet disposed of, disposed of once the file's tests are done, whatever happened. */
const servers = new Set<RedisServer>();
after(async () => {
	await Promise.all([...servers].map((server) => server.dispose()));
});

export class RedisServer {
	readonly port: number;
	readonly dir: string;
	#child: ChildProcess | undefined;
	#exited: Promise<void> = Promise.resolve();
	#output = '';

	private constructor(port: number, dir: string) {
		this.port = port;
		this.dir = dir;
	}

	/** Starts a server on a free port and resolves once it answers PING. */
	static async start(): Promise<RedisServer> {
		if (REDIS_SERVER_PATH === undefined) {
			throw new Error(
				'redis-server is not on PATH, and CI is set: the cluster tests must run in CI (install the redis-server package)',
			);
		}
		let lastError: unknown;
		// A port found free can be taken by someone else before redis binds it: try a few.
		for (let attempt = 0; attempt < 5; attempt++) {
			const server = new RedisServer(
				await freePort(),
				mkdtempSync(path.join(os.tmpdir(), 'natter-redis-')),
			);
			try {
				await server.#launch();
				return server;
			} catch (error) {
				lastError = error;
				await server.dispose();
			}
		}
		throw lastError;
	}

	/** `redis://127.0.0.1:PORT`, with `/DB` if given. */
	url(db?: number): string {
		return `redis://127.0.0.1:${this.port}${db === undefined ? '' : `/${db}`}`;
	}

	get running(): boolean {
		return this.#child !== undefined && this.#child.exitCode === null && !this.#child.signalCode;
	}

	/**
	 * SIGTERM, then waits for the exit (SIGKILL after a bound). Its data is gone (nothing is
	 * saved); `restart()` starts it again on the same port.
	 */
	async stop(): Promise<void> {
		const child = this.#child;
		if (child && this.running) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
			await this.#exited;
			clearTimeout(timer);
		}
		this.#child = undefined;
	}

	/** Stops the server if it runs, and starts it again, empty, on the same port. */
	async restart(): Promise<void> {
		await this.stop();
		await this.#launch();
	}

	/** Stops it for good and removes its directory. */
	async dispose(): Promise<void> {
		await this.stop();
		servers.delete(this);
		rmSync(this.dir, {recursive: true, force: true});
	}

	async #launch(): Promise<void> {
		const child = spawn(
			REDIS_SERVER_PATH as string,
			[
				'--port',
				String(this.port),
				'--bind',
				'127.0.0.1',
				'--dir',
				this.dir,
				'--save',
				'',
				'--appendonly',
				'no',
				'--protected-mode',
				'no',
				'--daemonize',
				'no',
			],
			{stdio: ['ignore', 'pipe', 'pipe']},
		);
		this.#child = child;
		servers.add(this);
		this.#output = '';
		for (const stream of [child.stdout, child.stderr]) {
			stream?.setEncoding('utf8').on('data', (text: string) => {
				this.#output = (this.#output + text).slice(-4000);
			});
		}
		this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
		const deadline = Date.now() + START_TIMEOUT_MS;
		for (;;) {
			if (!this.running) {
				throw new Error(`redis-server exited at start on port ${this.port}: ${this.#output}`);
			}
			if (await ping(this.port)) return;
			if (Date.now() > deadline) {
				throw new Error(`redis-server did not answer PING on port ${this.port}: ${this.#output}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
	}
}

/** A port that was free a moment ago (bound to 0 by the system, then released). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Whether a Redis on `port` answers PING with PONG (within a second). */
function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({port, host: '127.0.0.1'});
		let reply = '';
		const done = (ok: boolean) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(ok);
		};
		const timer = setTimeout(() => done(false), 1000);
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.setEncoding('utf8').on('data', (text: string) => {
			reply += text;
			if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
		});
	});
}
