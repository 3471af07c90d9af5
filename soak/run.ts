// `npm run soak -- --minutes N [--clients N] [--seed S] [--cluster]`: churn against the built
// server, then proof. See soak/README.md.

import fs from 'node:fs';
import {parseArgs} from 'node:util';
import {RedisServer} from '../tools/redis-server.js';
import {
	Conn,
	FLOOD_ROOM,
	MISBEHAVIOURS,
	misbehaving,
	newCounts,
	ROOMS,
	type World,
	wellBehaved,
} from './actors.js';
import {Ledger, prng, Violations} from './checker.js';
import {CLI, type Diagnostics, SoakServer, tempDir} from './server.js';

const {values: flags} = parseArgs({
	options: {
		minutes: {type: 'string'},
		seconds: {type: 'string'},
		clients: {type: 'string', default: '300'},
		seed: {type: 'string'},
		cluster: {type: 'boolean', default: false},
		think: {type: 'string', default: '150'},
		'max-queue': {type: 'string', default: '65536'},
		rate: {type: 'string', default: '20'},
		warmup: {type: 'string', default: '5'},
	},
});

const seconds = flags.seconds
	? Number(flags.seconds)
	: flags.minutes
		? Number(flags.minutes) * 60
		: 30;
const clients = Number(flags.clients);
const seed = flags.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : Number(flags.seed);
const warmupSeconds = Math.min(Number(flags.warmup), seconds / 4);
if (![seconds, clients, seed, warmupSeconds].every(Number.isFinite) || seconds <= 0) {
	console.error('soak: --minutes/--seconds, --clients and --seed must be numbers');
	process.exit(2);
}
const replay = `npm run soak -- --seconds ${seconds} --clients ${clients} --seed ${seed}${flags.cluster ? ' --cluster' : ''}`;
console.log(
	`soak: seed ${seed}, ${seconds} s, ${clients} clients${flags.cluster ? ', cluster of 2 + redis' : ''}`,
);
if (!fs.existsSync(CLI)) {
	console.error('soak: dist/cli.js is missing; run npm run build (npm run soak does)');
	process.exit(2);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with the promise's outcome, or false once `ms` have passed. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<boolean>((resolve) => {
		timer = setTimeout(() => resolve(false), ms);
	});
	const ok = await Promise.race([promise.then(() => true), timeout]);
	clearTimeout(timer);
	return ok;
}

const violations = new Violations();
const world: World = {
	ledger: new Ledger(),
	violations,
	counts: newCounts(),
	online: new Map(),
	onlineIds: [],
	thinkMs: Number(flags.think),
	stopping: false,
	draining: false,
	sentinelNames: new Set(),
};
let nextId = 1;
/** Set when a server under test exits by itself: the churn stops at once and the run fails. */
let serverDown = false;
const actorRnd = (id: number) => prng((seed ^ Math.imul(id, 0x9e3779b1)) >>> 0);

/** One churn phase: `clients` slots, each running one actor after another until time is up. */
async function churn(ports: number[], duration: number, sentinels: boolean): Promise<void> {
	world.stopping = false;
	world.draining = false;
	const sentinelRuns: Promise<void>[] = [];
	if (sentinels) {
		for (const port of ports) {
			for (const room of [...ROOMS, FLOOD_ROOM]) {
				const id = nextId++;
				world.sentinelNames.add(`w${id}`);
				sentinelRuns.push(
					wellBehaved(world, {id, port, rnd: actorRnd(id), sentinel: room, actions: 0}),
				);
			}
		}
		await sleep(1000);
	}
	const deadline = Date.now() + duration * 1000;
	const slot = async (index: number) => {
		await sleep((index / clients) * 2000);
		while (Date.now() < deadline && !serverDown) {
			const id = nextId++;
			const rnd = actorRnd(id);
			const port = ports[id % ports.length] as number;
			if (rnd() < 0.78) {
				await wellBehaved(world, {id, port, rnd, actions: 4 + Math.floor(rnd() * 24)});
			} else {
				const kind = MISBEHAVIOURS[Math.floor(rnd() * MISBEHAVIOURS.length)] ?? 'vanish';
				await misbehaving(world, {id, port, rnd, kind});
			}
		}
	};
	const slots = Promise.all(Array.from({length: clients}, (_, index) => slot(index)));
	while (Date.now() < deadline && !serverDown) await sleep(200);
	world.stopping = true;
	if (!(await within(slots, 120_000))) {
		violations.add({kind: 'soak clients did not finish', detail: 'within 120 s of the end'});
	}
	world.draining = true;
	if (!(await within(Promise.all(sentinelRuns), 60_000))) {
		violations.add({kind: 'sentinels did not finish', detail: 'within 60 s'});
	}
}

/** After everyone left: a newcomer alone in #lobby, the only room. */
async function probe(port: number): Promise<void> {
	const id = nextId++;
	const name = `w${id}`;
	const lines: string[] = [];
	const conn = await Conn.open(port, (line) => lines.push(line));
	conn.send(name);
	conn.send('/who');
	conn.send('/rooms');
	conn.send('quit');
	await conn.waitFor((line) => line === 'Bye!', 10_000);
	await conn.closeWithin(5000);
	// #lobby always exists, so it may still have history: a well-formed block, which is skipped.
	const start = lines.findIndex((line) => /^\*\*\* Last \d+ messages in #lobby:$/.test(line));
	const end = lines.indexOf('*** End of history.');
	if (start === 2 && end > start) lines.splice(start, end - start + 1);
	const expected = [
		"Hi, what's your name?",
		`Welcome, ${name}!`,
		`*** In #lobby (1): ${name}`,
		'*** Rooms: #lobby (1)',
		'Bye!',
	];
	if (lines.join('\n') !== expected.join('\n')) {
		violations.add({
			kind: 'not empty after everyone left (ghost users or rooms)',
			detail: `probe on port ${port} got ${JSON.stringify(lines)}`,
		});
	}
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

async function main(): Promise<number> {
	const tmp = tempDir();
	let redis: RedisServer | undefined;
	const servers: SoakServer[] = [];
	const started = Date.now();
	try {
		const serve = ['--rate', flags.rate as string, '--max-queue', flags['max-queue'] as string];
		if (flags.cluster) {
			redis = await RedisServer.start({parent: tmp});
			for (const label of ['a', 'b']) {
				servers.push(await SoakServer.start(label, [...serve, '--redis', redis.url()], tmp));
			}
		} else servers.push(await SoakServer.start('server', serve, tmp));
		for (const server of servers) {
			server.onEarlyExit = () => {
				serverDown = true;
				world.stopping = true;
				console.error(`soak: ${server.label} exited by itself (${server.exitedEarly}); stopping`);
			};
		}
		const ports = servers.map((server) => server.port);
		const cold = await Promise.all(servers.map((server) => server.diagnostics()));
		// Warm-up: the same churn, briefly, so that what is loaded and compiled once (lazily
		// imported modules, optimised code) is part of the starting point.
		if (warmupSeconds > 0) await churn(ports, warmupSeconds, false);
		await sleep(1000);
		const start = await Promise.all(servers.map((server) => server.diagnostics()));
		const warmConnections = world.counts.connections;
		await churn(ports, seconds, true);
		for (const port of ports) await probe(port);
		await sleep(1500);
		const end = await Promise.all(servers.map((server) => server.diagnostics()));
		for (const violation of world.ledger.privateViolations()) violations.add(violation);
		const peaks = servers.map((server) => server.peakRss());
		for (const [index, server] of servers.entries()) {
			const before = start[index] as Diagnostics;
			const after = end[index] as Diagnostics;
			const where = server.label;
			if (server.exitedEarly)
				violations.add({kind: 'server exited', detail: `${where}: ${server.exitedEarly}`});
			if (server.log.stackLines.length > 0) {
				violations.add({
					kind: 'server printed a stack trace',
					detail: server.log.stackLines.slice(0, 8).join('\n'),
				});
			}
			if (server.log.otherLines.length > 0) {
				violations.add({
					kind: 'server printed an unexpected line',
					detail: server.log.otherLines.slice(0, 8).join('\n'),
				});
			}
			if (server.log.joins !== server.log.leaves) {
				violations.add({
					kind: 'joins and leaves differ in the server log',
					detail: `${where}: ${server.log.joins} joins, ${server.log.leaves} leaves`,
				});
			}
			if (!after.gc) violations.add({kind: 'no forced GC', detail: where});
			if (after.connections !== 0) {
				violations.add({kind: 'connections left open', detail: `${where}: ${after.connections}`});
			}
			if (after.handles !== before.handles) {
				violations.add({
					kind: 'handles not back to the start',
					detail: `${where}: ${before.handles} → ${after.handles} ${JSON.stringify(after.resources)}`,
				});
			}
			if (after.timers !== before.timers) {
				violations.add({
					kind: 'timers not back to the start',
					detail: `${where}: ${before.timers} → ${after.timers}`,
				});
			}
			if (after.heapUsed > before.heapUsed * 1.1) {
				violations.add({
					kind: 'memory not back within 10%',
					detail: `${where}: heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}`,
				});
			}
		}
		const exitCodes = await Promise.all(servers.map((server) => server.stop()));
		for (const [index, code] of exitCodes.entries()) {
			if (code !== 0)
				violations.add({
					kind: 'server did not exit 0 on SIGTERM',
					detail: `${servers[index]?.label}: ${code}`,
				});
		}
		printTable({
			cold,
			start,
			end,
			peaks,
			servers,
			warmConnections,
			elapsed: (Date.now() - started) / 1000,
		});
	} catch (error) {
		violations.add({kind: 'soak failed to run', detail: (error as Error).stack ?? String(error)});
		for (const server of servers) {
			if (server.exitedEarly) {
				violations.add({
					kind: 'server exited',
					detail: `${server.label}: ${server.exitedEarly}\n${[...server.log.stackLines, ...server.log.otherLines].slice(0, 30).join('\n')}`,
				});
			}
		}
	} finally {
		for (const server of servers) if (server.child.exitCode === null) await server.stop();
		await redis?.dispose();
		fs.rmSync(tmp, {recursive: true, force: true});
	}
	if (violations.total > 0) {
		console.log(`\nFAILED: ${violations.total} violations`);
		for (const [kind, n] of violations.byKind) console.log(`  ${n} × ${kind}`);
		for (const violation of violations.first)
			console.log(`- ${violation.kind}: ${violation.detail}`);
		console.log(`\nseed ${seed}; replay with: ${replay}`);
		return 1;
	}
	console.log(`\nPASSED (seed ${seed})`);
	return 0;
}

function printTable(data: {
	cold: Diagnostics[];
	start: Diagnostics[];
	end: Diagnostics[];
	peaks: number[];
	servers: SoakServer[];
	warmConnections: number;
	elapsed: number;
}): void {
	const {counts} = world;
	const rows: [string, string][] = [
		['seed', String(seed)],
		['mode', flags.cluster ? 'cluster: 2 instances + redis-server' : 'single server'],
		['churn / wall time', `${seconds} s / ${data.elapsed.toFixed(0)} s`],
		['concurrent clients (slots)', String(clients)],
		[
			'connections (warm-up included)',
			`${counts.connections.toLocaleString('en')} (${data.warmConnections.toLocaleString('en')} in warm-up)`,
		],
		['welcomed', counts.welcomed.toLocaleString('en')],
		[
			'clients by kind',
			Object.entries(counts.actors)
				.map(([k, n]) => `${k} ${n}`)
				.join(', '),
		],
		[
			'misbehaviour',
			Object.entries(counts.misdeeds)
				.map(([k, n]) => `${k} ${n}`)
				.join(', '),
		],
		['lines received', counts.lines.toLocaleString('en')],
		['lines checked (marked, from well-behaved)', counts.checked.toLocaleString('en')],
		['private pairs accounted', world.ledger.privatePairs.toLocaleString('en')],
		['soak connect failures', String(counts.connectFailures)],
	];
	for (const [index, server] of data.servers.entries()) {
		const cold = data.cold[index] as Diagnostics;
		const start = data.start[index] as Diagnostics;
		const end = data.end[index] as Diagnostics;
		const p = data.servers.length > 1 ? `${server.label}: ` : '';
		rows.push(
			[
				`${p}drops by reason (server log)`,
				Object.entries(server.log.leaveReasons)
					.map(([k, n]) => `${k} ${n}`)
					.join(', '),
			],
			[
				`${p}rejects`,
				Object.entries(server.log.rejects)
					.map(([k, n]) => `${k} ${n}`)
					.join(', ') || 'none',
			],
			[
				`${p}stack traces / stray stderr lines`,
				`${server.log.stackLines.length} / ${server.log.otherLines.length}`,
			],
			[
				`${p}heap used: cold / start (after warm-up) / end`,
				`${mb(cold.heapUsed)} / ${mb(start.heapUsed)} / ${mb(end.heapUsed)} (${(((end.heapUsed - start.heapUsed) / start.heapUsed) * 100).toFixed(1)}%)`,
			],
			[
				`${p}RSS: cold / start / peak / end`,
				`${mb(cold.rss)} / ${mb(start.rss)} / ${mb(data.peaks[index] ?? 0)} / ${mb(end.rss)}`,
			],
			[`${p}external: start / end`, `${mb(start.external)} / ${mb(end.external)}`],
			[
				`${p}connections / handles / timers at end (start)`,
				`${end.connections} / ${end.handles} (${start.handles}) / ${end.timers} (${start.timers})`,
			],
		);
	}
	rows.push(['violations', String(violations.total)]);
	const width = Math.max(...rows.map(([key]) => key.length));
	console.log(`\n| ${'measure'.padEnd(width)} | value |\n| ${'-'.repeat(width)} | ----- |`);
	for (const [key, value] of rows) console.log(`| ${key.padEnd(width)} | ${value} |`);
}

process.exitCode = await main();
