// The process under test: the built `chat serve`, with the soak's diagnostics preload (for
// `--cluster`, a real redis-server comes from tools/redis-server.ts). Every wait is bounded.

import {type ChildProcess, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseServerLog} from './checker.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(root, 'dist/cli.js');
const PRELOAD = path.join(root, 'soak/diagnostics.mjs');

export interface Diagnostics {
	gc: boolean;
	rss: number;
	heapUsed: number;
	heapTotal: number;
	external: number;
	arrayBuffers: number;
	handles: number;
	resources: Record<string, number>;
	timers: number;
	listeners: number;
	connections: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

/** The server's stderr, digested: the event log's counts, and anything that is not a log line. */
export interface ServerLog {
	joins: number;
	leaves: number;
	leaveReasons: Record<string, number>;
	rejects: Record<string, number>;
	stackLines: string[];
	otherLines: string[];
}

export class SoakServer {
	readonly child: ChildProcess;
	readonly port: number;
	readonly label: string;
	readonly #diagnosticsFile: string;
	readonly log: ServerLog = {
		joins: 0,
		leaves: 0,
		leaveReasons: {},
		rejects: {},
		stackLines: [],
		otherLines: [],
	};
	/** Set if it exited before it was asked to. */
	exitedEarly: string | undefined;
	/** Called if it exits before it was asked to. */
	onEarlyExit: (() => void) | undefined;
	#stopping = false;

	private constructor(child: ChildProcess, port: number, label: string, diagnosticsFile: string) {
		this.child = child;
		this.port = port;
		this.label = label;
		this.#diagnosticsFile = diagnosticsFile;
		child.once('exit', (code, signal) => {
			if (this.#stopping) return;
			this.exitedEarly = `exit code ${code}, signal ${signal}`;
			this.onEarlyExit?.();
		});
	}

	static async start(label: string, extra: string[], tmp: string): Promise<SoakServer> {
		const diagnosticsFile = path.join(tmp, `${label}-diagnostics.json`);
		const child = spawn(
			process.execPath,
			[
				'--expose-gc',
				'--import',
				PRELOAD,
				CLI,
				'serve',
				'--port',
				'0',
				'--host',
				'127.0.0.1',
				...extra,
			],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
				env: {...process.env, NATTER_SOAK_DIAGNOSTICS: diagnosticsFile},
			},
		);
		const port = await new Promise<number>((resolve, reject) => {
			let output = '';
			const timer = setTimeout(
				() => reject(new Error(`${label}: no "Listening on" in 15 s`)),
				15_000,
			);
			child.stdout?.setEncoding('utf8').on('data', (text: string) => {
				output += text;
				const match = /Listening on (?:.*:)?(\d+)\n/.exec(output);
				if (match) {
					clearTimeout(timer);
					resolve(Number(match[1]));
				}
			});
			child.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`${label} exited (${code}) before listening`));
			});
		});
		const server = new SoakServer(child, port, label, diagnosticsFile);
		server.#readLog();
		return server;
	}

	#readLog(): void {
		let partial = '';
		this.child.stderr?.setEncoding('utf8').on('data', (text: string) => {
			const lines = (partial + text).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) this.#logLine(line);
		});
	}

	#logLine(line: string): void {
		if (line === '') return;
		const entry = parseServerLog(line);
		const {log} = this;
		if (entry === 'stack') {
			if (log.stackLines.length < 40) log.stackLines.push(line);
		} else if (entry === 'other') {
			if (log.otherLines.length < 40) log.otherLines.push(line);
		} else if (entry.type === 'join') log.joins++;
		else if (entry.type === 'leave') {
			log.leaves++;
			const reason = entry.reason ?? '?';
			log.leaveReasons[reason] = (log.leaveReasons[reason] ?? 0) + 1;
		} else if (entry.type === 'reject') {
			const reason = entry.reason ?? '?';
			log.rejects[reason] = (log.rejects[reason] ?? 0) + 1;
		} else if (entry.type !== 'nick' && entry.type !== 'info') {
			if (log.otherLines.length < 40) log.otherLines.push(line);
		}
	}

	/** Forces a GC in the server and reads its counts (the preload's SIGUSR2 handler). */
	async diagnostics(): Promise<Diagnostics> {
		fs.rmSync(this.#diagnosticsFile, {force: true});
		this.child.kill('SIGUSR2');
		for (let waited = 0; waited < 10_000; waited += 50) {
			await sleep(50);
			if (fs.existsSync(this.#diagnosticsFile)) {
				return JSON.parse(fs.readFileSync(this.#diagnosticsFile, 'utf8')) as Diagnostics;
			}
		}
		throw new Error(`${this.label}: no diagnostics within 10 s`);
	}

	/** Peak resident memory so far (VmHWM), in bytes. */
	peakRss(): number {
		try {
			const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
			const match = /VmHWM:\s+(\d+) kB/.exec(status);
			return match ? Number(match[1]) * 1024 : 0;
		} catch {
			return 0;
		}
	}

	/** SIGTERM (a graceful shutdown); SIGKILL if it has not exited in 8 s. The exit code. */
	async stop(): Promise<number | null> {
		this.#stopping = true;
		this.child.kill('SIGTERM');
		if (!(await exited(this.child, 8000))) {
			this.child.kill('SIGKILL');
			await exited(this.child, 5000);
		}
		return this.child.exitCode;
	}
}

export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'natter-soak-'));
