// A throwaway `redis-server` for the cluster tests, the cluster benchmark and the cluster soak:
// on a free port of 127.0.0.1, in a temporary directory, with no persistence, so each user gets a
// clean, private Redis. It can be stopped and started again on the same port (an outage), and
// every wait is bounded. One launcher for all three, so they cannot drift apart.

import {type ChildProcess, spawn} from 'node:child_process';
import {accessSync, constants, mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** Tries when a port found free is taken by someone else before redis binds it. */
const START_ATTEMPTS = 5;

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

export interface RedisServerOptions {
	/** A command to run redis-server under, such as `['taskset', '-c', '0']`. */
	wrapper?: readonly string[];
	/** Where its temporary directory goes (the system's by default). */
	parent?: string;
}

export class RedisServer {
	readonly port: number;
	readonly dir: string;
	readonly #wrapper: readonly string[];
	#child: ChildProcess | undefined;
	#exited: Promise<void> = Promise.resolve();
	#output = '';

	private constructor(port: number, dir: string, wrapper: readonly string[]) {
		this.port = port;
		this.dir = dir;
		this.#wrapper = wrapper;
	}

	/** Starts a server on a free port and resolves once it answers PING. */
	static async start({
		wrapper = [],
		parent = os.tmpdir(),
	}: RedisServerOptions = {}): Promise<RedisServer> {
		if (REDIS_SERVER_PATH === undefined) {
			throw new Error('redis-server is not on PATH (install the redis-server package)');
		}
		let lastError: unknown;
		for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
			const dir = mkdtempSync(path.join(parent, 'natter-redis-'));
			const server = new RedisServer(await freePort(), dir, wrapper);
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

	/** The running process's id (under a wrapper such as taskset, the same process). */
	get pid(): number | undefined {
		return this.#child?.pid;
	}

	get running(): boolean {
		const child = this.#child;
		return child?.pid !== undefined && child.exitCode === null && !child.signalCode;
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
		rmSync(this.dir, {recursive: true, force: true});
	}

	async #launch(): Promise<void> {
		const argv = [
			...this.#wrapper,
			REDIS_SERVER_PATH as string,
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
		];
		const child = spawn(argv[0] as string, argv.slice(1), {stdio: ['ignore', 'pipe', 'pipe']});
		this.#child = child;
		this.#output = '';
		for (const stream of [child.stdout, child.stderr]) {
			stream?.setEncoding('utf8').on('data', (text: string) => {
				this.#output = (this.#output + text).slice(-4000);
			});
		}
		child.once('error', () => {}); // seen as not running below
		this.#exited = new Promise((resolve) => child.once('close', () => resolve()));
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
