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
		...(extra.includes('--max-clients') ? [] : ['--max-clients', '20000']),
		...noHistory(cli),
		...extra,
	];
}

function blastTls(extra: string[]): string[] {
	const cert = extra[extra.indexOf('--tls-cert') + 1];
	const key = extra[extra.indexOf('--tls-key') + 1];
	return extra.includes('--tls-cert') && cert && key ? [cert, key] : [];
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
			// With TLS flags: the same over TLS (its port is then the only one, printed once).
			return [path.join(root, 'bench/baseline/blast-server.mjs'), '0', ...blastTls(extra)];
	}
}

/** What a process on the server's side offers the rig: its CPU and memory, and whether it runs. */
export interface Sampled {
	sample(): ProcSample;
	readonly alive: boolean;
}

export class ServerProcess implements Sampled {
	readonly child: ChildProcess;
	readonly port: number;
	/** The TLS listener's port, when it was started with `--tls-cert`. */
	readonly tlsPort: number | undefined;

	private constructor(child: ChildProcess, port: number, tlsPort: number | undefined) {
		this.child = child;
		this.port = port;
		this.tlsPort = tlsPort;
	}

	/** Starts a server with `extra` flags (natter targets only); with `--tls-cert`, also waits for its TLS port. */
	static start(target: Target, extra: string[] = []): Promise<ServerProcess> {
		const argv = [...onCores(SERVER_CORES), process.execPath, ...command(target, extra)];
		const child = spawn(argv[0] as string, argv.slice(1), {stdio: ['ignore', 'pipe', 'inherit']});
		const tls = extra.includes('--tls-cert') && target !== 'blast';
		return new Promise((resolve, reject) => {
			let output = '';
			child.stdout?.setEncoding('utf8').on('data', (text: string) => {
				output += text;
				const plain = /Listening on (?:.*:)?(\d+)\n/.exec(output);
				const secure = /Listening on (?:.*:)?(\d+) \(TLS\)\n/.exec(output);
				if (plain && (!tls || secure))
					resolve(
						new ServerProcess(child, Number(plain[1]), secure ? Number(secure[1]) : undefined),
					);
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
