// Starts the server under test in its own process on its own core: natter's built CLI (this
// build, or a reference build to compare with), the tutorial baseline, or the blast fan-out that
// measures the generator's ceiling. Samples its CPU and memory from /proc.

import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {onCores, SERVER_CORES} from './cpu-pinning.js';
import {type ProcSample, sample} from './proc-stats.js';

export type Target = 'natter' | 'reference' | 'baseline' | 'blast';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The built CLI of each natter target; `reference` is set by the runner's --compare flags. */
const clis: {natter: string; reference?: string} = {natter: path.join(root, 'dist/cli.js')};

export function setReferenceCli(cli: string): void {
	clis.reference = cli;
}

const historyFlag = new Map<string, string[]>();

/** `--history 0` where the build has that flag: newcomers get no history block in a benchmark. */
function noHistory(cli: string): string[] {
	let flags = historyFlag.get(cli);
	if (flags === undefined) {
		const help = spawnSync(process.execPath, [cli, 'serve', '--help'], {encoding: 'utf8'});
		flags = `${help.stdout}`.includes('--history') ? ['--history', '0'] : [];
		historyFlag.set(cli, flags);
	}
	return flags;
}

function natterCommand(cli: string, extra: string[]): string[] {
	// Flood control off: the benchmark measures fan-out, not the per-client rate limit.
	return [
		cli,
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
		...noHistory(cli),
		...extra,
	];
}

function command(target: Target, extra: string[]): string[] {
	switch (target) {
		case 'natter':
			return natterCommand(clis.natter, extra);
		case 'reference':
			if (clis.reference === undefined) throw new Error('no reference build to compare with');
			return natterCommand(clis.reference, extra);
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
