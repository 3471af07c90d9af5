// Starts the server under test in its own process on its own core: natter's built CLI, the
// tutorial baseline, or the blast fan-out that measures the generator's ceiling. Samples its
// CPU and memory from /proc.

import {type ChildProcess, spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {onCores, SERVER_CORES} from './cpu-pinning.js';
import {type ProcSample, sample} from './proc-stats.js';

export type Target = 'natter' | 'baseline' | 'blast';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function command(target: Target, extra: string[]): string[] {
	switch (target) {
		case 'natter':
			// Flood control off: the benchmark measures fan-out, not the per-client rate limit.
			return [
				path.join(root, 'dist/cli.js'),
				'serve',
				'--port',
				'0',
				'--host',
				'127.0.0.1',
				'--quiet',
				'--rate',
				'0',
				'--max-clients',
				'20000',
				...extra,
			];
		case 'baseline':
			return [path.join(root, 'bench/baseline/server.mjs'), '0'];
		case 'blast':
			return [path.join(root, 'bench/baseline/blast-server.mjs'), '0'];
	}
}

export class ServerProcess {
	readonly child: ChildProcess;
	readonly port: number;

	private constructor(child: ChildProcess, port: number) {
		this.child = child;
		this.port = port;
	}

	static start(target: Target, extra: string[] = []): Promise<ServerProcess> {
		const argv = [...onCores(SERVER_CORES), process.execPath, ...command(target, extra)];
		const child = spawn(argv[0] as string, argv.slice(1), {stdio: ['ignore', 'pipe', 'inherit']});
		return new Promise((resolve, reject) => {
			let output = '';
			child.stdout?.setEncoding('utf8').on('data', (text: string) => {
				output += text;
				const match = /Listening on (?:.*:)?(\d+)\n/.exec(output);
				if (match) resolve(new ServerProcess(child, Number(match[1])));
			});
			child.once('exit', (code) =>
				reject(new Error(`${target} server exited (${code}) before listening`)),
			);
		});
	}

	get pid(): number {
		return this.child.pid as number;
	}

	/** CPU seconds so far, resident and peak resident bytes. */
	sample(): ProcSample {
		return sample(this.pid);
	}

	get alive(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	async stop(): Promise<void> {
		if (!this.alive) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.kill('SIGKILL');
		await exited;
	}
}
