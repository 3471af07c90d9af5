// The cluster scenario: one room (the lobby) of N clients spread evenly over natter instances
// that share one Redis, 10 senders at full speed, closed-loop, as in fanout. Measures deliveries,
// latency, the instances' CPU and Redis's own CPU per line published, from /proc.

import {RedisServer} from '../tools/redis-server.js';
import {onCores, SERVER_CORES} from './cpu-pinning.js';
import {LoadGenerator} from './generator/coordinator.js';
import {lobbyClients, settledLines} from './layout.js';
import {type ProcSample, sample} from './proc-stats.js';
import {measureSending, type Result, type Sizes} from './rig.js';
import {type Sampled, ServerProcess} from './server-process.js';

/** The throwaway redis-server (tools/redis-server.ts) on the server's core, measured from /proc. */
class RedisProcess implements Sampled {
	readonly #server: RedisServer;

	private constructor(server: RedisServer) {
		this.#server = server;
	}

	static async start(): Promise<RedisProcess> {
		return new RedisProcess(await RedisServer.start({wrapper: onCores(SERVER_CORES)}));
	}

	get url(): string {
		return this.#server.url();
	}

	get alive(): boolean {
		return this.#server.running;
	}

	sample(): ProcSample {
		return sample(this.#server.pid as number);
	}

	stop(): Promise<void> {
		return this.#server.dispose();
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
