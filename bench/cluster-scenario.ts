// The cluster scenario: one room (the lobby) of N clients spread evenly over natter instances
// that share one Redis, 10 senders at full speed, closed-loop, as in fanout. Measures deliveries,
// latency, the instances' CPU and Redis's own CPU per line published, from /proc.

import {spawn} from 'node:child_process';
import net from 'node:net';
import {onCores, SERVER_CORES} from './cpu-pinning.js';
import {LoadGenerator} from './generator/coordinator.js';
import {lobbyClients, settledLines} from './layout.js';
import {type ProcSample, sample} from './proc-stats.js';
import {measureSending, type Result, type Sizes} from './rig.js';
import {type Sampled, ServerProcess} from './server-process.js';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const {port} = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

/** A throwaway redis-server on the server's core, without persistence. */
class RedisProcess implements Sampled {
	readonly #pid: number;
	readonly #kill: () => Promise<void>;
	readonly url: string;
	#alive = true;

	private constructor(pid: number, url: string, kill: () => Promise<void>) {
		this.#pid = pid;
		this.url = url;
		this.#kill = kill;
	}

	static async start(): Promise<RedisProcess> {
		const port = await freePort();
		const argv = [
			...onCores(SERVER_CORES),
			'redis-server',
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
		];
		const child = spawn(argv[0] as string, argv.slice(1), {stdio: ['ignore', 'pipe', 'inherit']});
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		await new Promise<void>((resolve, reject) => {
			let output = '';
			child.stdout?.setEncoding('utf8').on('data', (text: string) => {
				output += text;
				if (output.includes('Ready to accept connections')) resolve();
			});
			child.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
		});
		const redis = new RedisProcess(child.pid as number, `redis://127.0.0.1:${port}`, async () => {
			child.kill('SIGKILL');
			await exited;
		});
		void exited.then(() => {
			redis.#alive = false;
		});
		return redis;
	}

	get alive(): boolean {
		return this.#alive;
	}

	sample(): ProcSample {
		return sample(this.#pid);
	}

	stop(): Promise<void> {
		return this.#kill();
	}
}

/** Several processes measured as one: CPU seconds and memory added up. */
function together(parts: Sampled[]): Sampled {
	return {
		get alive() {
			return parts.every((part) => part.alive);
		},
		sample() {
			const samples = parts.map((part) => part.sample());
			const sum = (key: keyof ProcSample) => samples.reduce((total, s) => total + s[key], 0);
			return {cpuSeconds: sum('cpuSeconds'), rss: sum('rss'), peakRss: sum('peakRss')};
		},
	};
}

/**
 * One room of `clients` spread over `instances` natter instances and one Redis, all on the
 * server's core; client K joins instance K mod `instances`, senders and audited receivers too.
 */
export async function clusterFanout(
	instances: number,
	clients: number,
	sizes: Sizes,
): Promise<Result> {
	const redis = await RedisProcess.start();
	const servers: ServerProcess[] = [];
	let generator: LoadGenerator | undefined;
	try {
		for (let index = 0; index < instances; index++) {
			servers.push(await ServerProcess.start('natter', ['--redis', redis.url]));
		}
		generator = LoadGenerator.start(sizes.workers);
		await generator.connect(
			servers.map((server) => server.port),
			lobbyClients(clients, 10, 10),
			100,
		);
		const settled = settledLines(clients);
		const ready = await generator.waitUntil((t) => t.lines >= settled, 5000, sizes.limitMs);
		if (ready.lines < settled)
			return {values: {loss: settled - ready.lines}, notes: ['joins never settled']};
		const redisBefore = redis.sample().cpuSeconds;
		const started = Date.now();
		const {values} = await measureSending(together(servers), generator, sizes, {
			receiversPerLine: clients - 1,
		});
		const redisSeconds = redis.sample().cpuSeconds - redisBefore;
		const elapsed = (Date.now() - started) / 1000;
		return {
			values: {
				...values,
				instanceCpuCores: values.serverCpuCores ?? Number.NaN,
				redisCpuCores: redisSeconds / elapsed,
				// Redis's CPU per line sent: one EVALSHA, and one PUBLISH to every instance.
				redisMicrosPerLine: (redisSeconds * 1e6) / (values.linesSent ?? Number.NaN),
				linesSentPerSecond: (values.linesSent ?? Number.NaN) / (sizes.durationMs / 1000),
			},
			notes: [],
		};
	} finally {
		generator?.close();
		await Promise.all(servers.map((server) => server.stop()));
		await redis.stop();
	}
}
