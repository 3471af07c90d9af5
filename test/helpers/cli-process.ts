// Runs the built CLI (`dist/cli.js`) as a child process, the way a user would, and lets tests
// await its output, its `Listening on` port and its exit, without sleeping.

import {type ChildProcess, spawn} from 'node:child_process';
import path from 'node:path';
import {after} from 'node:test';
import {fileURLToPath} from 'node:url';

export const CLI_PATH = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	'../../dist/cli.js',
);

/**
 * Children still running. Killed once the file's tests are done, so that a test that failed or
 * timed out before stopping its child cannot keep the test process alive.
 */
const running = new Set<ChildProcess>();
after(() => {
	for (const child of running) child.kill('SIGKILL');
});

export class CliProcess {
	readonly child: ChildProcess;
	stdout = '';
	stderr = '';
	readonly exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
	#waiters: (() => void)[] = [];

	constructor(
		args: string[],
		options: {
			env?: NodeJS.ProcessEnv;
			cwd?: string;
			cliPath?: string;
			/** A command that runs node, such as `['prlimit', '--nofile=64', '--']`. */
			wrapper?: string[];
		} = {},
	) {
		const [command, ...wrapperArgs] = [...(options.wrapper ?? []), process.execPath];
		this.child = spawn(command as string, [...wrapperArgs, options.cliPath ?? CLI_PATH, ...args], {
			stdio: ['pipe', 'pipe', 'pipe'],
			env: {...process.env, ...options.env},
			cwd: options.cwd,
		});
		this.child.stdout?.setEncoding('utf8').on('data', (text: string) => {
			this.stdout += text;
			this.#wake();
		});
		this.child.stderr?.setEncoding('utf8').on('data', (text: string) => {
			this.stderr += text;
			this.#wake();
		});
		running.add(this.child);
		this.exited = new Promise((resolve) => {
			this.child.on('exit', (code, signal) => {
				running.delete(this.child);
				resolve({code, signal});
				this.#wake();
			});
		});
	}

	/** Waits until stdout matches `pattern` and returns the match. */
	waitForStdout(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
		return this.#waitFor('stdout', pattern, timeoutMs);
	}

	/** Waits until stderr (the event log) matches `pattern` and returns the match. */
	waitForStderr(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
		return this.#waitFor('stderr', pattern, timeoutMs);
	}

	async #waitFor(
		stream: 'stdout' | 'stderr',
		pattern: RegExp,
		timeoutMs: number,
	): Promise<RegExpMatchArray> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const match = this[stream].match(pattern);
			if (match) return match;
			if (this.child.exitCode !== null) {
				throw new Error(
					`CLI exited (${this.child.exitCode}) before printing ${pattern}; stderr: ${this.stderr}`,
				);
			}
			if (Date.now() > deadline)
				throw new Error(`timed out waiting for ${pattern} in: ${this[stream]}`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
				this.#waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	/** For `chat serve`: waits for `Listening on HOST:PORT` and returns the port. */
	async listeningPort(): Promise<number> {
		const match = await this.waitForStdout(/Listening on (.+):(\d+)\n/);
		return Number(match[2]);
	}

	kill(signal: NodeJS.Signals = 'SIGTERM'): void {
		this.child.kill(signal);
	}

	#wake(): void {
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const wake of waiters) wake();
	}
}

/** Runs the CLI to completion and returns its exit code and output. */
export async function runCli(
	args: string[],
	options: {env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number} = {},
): Promise<{code: number | null; stdout: string; stderr: string}> {
	const cli = new CliProcess(args, options);
	cli.child.stdin?.end(options.input ?? '');
	const timer = setTimeout(() => cli.kill('SIGKILL'), options.timeoutMs ?? 15_000);
	const {code} = await cli.exited;
	clearTimeout(timer);
	return {code, stdout: cli.stdout, stderr: cli.stderr};
}
