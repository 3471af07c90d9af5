// `npm run bench`: runs the scenarios against natter and the tutorial baseline in the same run,
// prints a Markdown table with ratios, and writes bench/results/*.json. `--smoke` is the quick
// CI run (small sizes, asserting only zero loss); `--compare-ref`/`--compare-cli` add an A/B of
// the fanout scenarios against another natter build. `--help` lists the flags.

import {mkdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {clientRender} from './client-render/scenario.js';
import {clusterFanout} from './cluster-scenario.js';
import {GENERATOR_CORES, hasTaskset, MACHINE_CORES, SERVER_CORES} from './cpu-pinning.js';
import {handshakeFlood} from './handshake-flood.js';
import {buildReference} from './reference-build.js';
import {advantage, markdownTable, type Row} from './report.js';
import {dmStorm, rooms} from './room-scenarios.js';
import {ceiling, fanout, idle, type Result, type Sizes, slowConsumer} from './scenarios.js';
import {setReferenceCli, type Target} from './server-process.js';
import {median} from './stats.js';

const {values: flags} = parseArgs({
	options: {
		smoke: {type: 'boolean', default: false},
		scenarios: {type: 'string'},
		duration: {type: 'string'},
		workers: {type: 'string'},
		scale: {type: 'string'},
		'compare-ref': {type: 'string'},
		'compare-cli': {type: 'string'},
		help: {type: 'boolean', default: false},
	},
});

const ALL = [
	'fanout-100',
	'fanout-1000',
	'rooms',
	'dm-storm',
	'latency-1000',
	'idle-10k',
	'slow-consumer',
	'client-render',
	'fanout-1000-tls',
	'idle-tls',
	'tls-handshake-flood',
	'cluster',
];

/** Interleaved rounds of this build and the reference in a --compare A/B (1 when smoke). */
const COMPARE_ROUNDS = 3;

if (flags.help) {
	console.log(`Usage: npm run bench -- [--smoke] [--scenarios a,b] [--duration SECONDS] [--workers N]
                         [--scale F] [--compare-ref GIT_REF | --compare-cli PATH]

  --smoke        small sizes and 1.5 s runs, for CI; fails only on lost lines
  --scenarios    any of ${ALL.join(', ')} (default: all)
  --duration     seconds each sending phase lasts (default 10; smoke 1.5)
  --workers      load-generator processes (default 2)
  --scale        multiply the full runs' client counts (default 1)
  --compare-ref  also run the chosen fanout scenarios against natter built at GIT_REF (e.g.
                 HEAD~1), interleaved with this build, ${COMPARE_ROUNDS} rounds each, and print the ratio
  --compare-cli  the same against an already built dist/cli.js`);
	process.exit(0);
}

const smoke = flags.smoke;
const sizes: Sizes = {
	durationMs: Number(flags.duration ?? (smoke ? 1.5 : 10)) * 1000,
	workers: Number(flags.workers ?? 2),
	limitMs: smoke ? 20_000 : 120_000,
};
const scale = Number(flags.scale ?? 1);
if (!(scale > 0)) {
	console.error('bench: --scale must be a number greater than 0');
	process.exit(2);
}
/** Client counts: the scenario names give the full sizes; smoke runs use small ones. */
const n = (full: number, small: number) => (smoke ? small : Math.max(12, Math.round(full * scale)));
const chosen = flags.scenarios ? flags.scenarios.split(',').map((name) => name.trim()) : ALL;
for (const name of chosen) {
	if (!ALL.includes(name)) {
		console.error(`bench: unknown scenario "${name}" (have: ${ALL.join(', ')})`);
		process.exit(2);
	}
}

let reference: string | undefined;
if (flags['compare-ref'] && flags['compare-cli']) {
	console.error('bench: give --compare-ref or --compare-cli, not both');
	process.exit(2);
}
if (flags['compare-ref']) {
	let build: ReturnType<typeof buildReference>;
	try {
		build = buildReference(flags['compare-ref']);
	} catch (error) {
		console.error(`bench: --compare-ref: ${(error as Error).message}`);
		process.exit(2);
	}
	setReferenceCli(build.cli);
	const ref = flags['compare-ref'];
	reference = build.commit.startsWith(ref) ? ref : `${ref} (${build.commit.slice(0, 7)})`;
} else if (flags['compare-cli']) {
	setReferenceCli(path.resolve(flags['compare-cli']));
	reference = flags['compare-cli'];
}

const results: Record<string, Partial<Record<string, Result>>> = {};
/** The two runs a scenario's rows compare, when not natter and the baseline (TLS and plain, say). */
const columns: Record<string, [string, string]> = {};
const rows: Row[] = [];
let lost = false;

/**
 * Runs a scenario against each target, `rounds` times interleaved (natter, baseline, natter, ...)
 * so that a noisy moment hits both; each measure is then the median over the rounds.
 */
async function measure<T extends string = Target>(
	scenario: string,
	run: (target: T, round: number) => Promise<Result>,
	targets: T[] = ['natter', 'baseline'] as T[],
	rounds = 1,
) {
	const runs: Record<string, Result[]> = {};
	for (let round = 1; round <= rounds; round++) {
		for (const target of targets) {
			const label = rounds > 1 ? ` (round ${round} of ${rounds})` : '';
			process.stderr.write(`bench: ${scenario} against ${target}${label}...\n`);
			const result = await run(target, round);
			runs[target] = [...(runs[target] ?? []), result];
			// natter must lose nothing; a baseline server neither (or the harness miscounts), but the
			// naive baseline client may not have drawn everything by the end: that is its result.
			const mustNotLose = target === 'natter' || scenario !== 'client-render';
			if (mustNotLose && (result.values.loss ?? 0) !== 0) lost = true;
			for (const note of result.notes)
				process.stderr.write(`bench: ${scenario} ${target}: ${note}\n`);
		}
	}
	results[scenario] = {};
	for (const target of targets) {
		const all = runs[target] ?? [];
		const keys = Object.keys(all[0]?.values ?? {});
		const values = Object.fromEntries(
			keys.map((key) => [key, median(all.map((result) => result.values[key] ?? Number.NaN))]),
		);
		(results[scenario] as Record<string, Result>)[target] = {
			values,
			notes: all.flatMap((r) => r.notes),
		};
	}
}

function row(
	scenario: string,
	measure: string,
	key: string,
	better: Row['better'],
	target = '',
	meets?: (r: Row) => boolean,
) {
	const pair = results[scenario] ?? {};
	const [first, second] = columns[scenario] ?? ['natter', 'baseline'];
	const natter = pair[first]?.values[key] ?? pair['natter-client']?.values[key];
	const baseline = pair[second]?.values[key] ?? pair['baseline-client']?.values[key];
	if (natter === undefined) return;
	const entry: Row = {scenario, measure, natter, baseline, better, target};
	if (meets && !smoke) entry.met = meets(entry);
	rows.push(entry);
}

const atLeast = (factor: number) => (r: Row) => (advantage(r) ?? 0) >= factor;
const zero = (r: Row) => r.natter === 0;

/**
 * The regression check: a fanout scenario against this build and the reference, interleaved
 * (this, reference, this, ...), each measure the median of its rounds; the ratio must be ≥ 0.9.
 */
async function compareWithReference(name: string, clients: number, label: string) {
	const scenario = `${name} vs reference`;
	const rounds = smoke ? 1 : COMPARE_ROUNDS;
	await measure(
		scenario,
		(target) => fanout(target, clients, sizes),
		['natter', 'reference'],
		rounds,
	);
	const pair = results[scenario] ?? {};
	const add = (measure: string, key: string, better: Row['better'], target = '') => {
		const now = pair.natter?.values[key] ?? Number.NaN;
		const then = pair.reference?.values[key] ?? Number.NaN;
		const entry: Row = {scenario, measure, natter: now, baseline: then, better, target};
		if (target && !smoke) entry.met = (advantage(entry) ?? 0) >= 0.9;
		rows.push(entry);
	};
	add(
		`deliveries/s, this build vs ${label} in the baseline column (median of ${rounds})`,
		'deliveriesPerSecond',
		'higher',
		'≥ 0.9×',
	);
	add('server CPU per delivered line / ns', 'cpuNanosPerDelivery', 'lower');
	add('lines lost', 'loss', 'none');
}

/** 10 rooms of 100 (scaled), 10 senders each; natter only, as the baseline has no rooms. */
async function roomsScenario() {
	const layout = {
		rooms: smoke ? 4 : 10,
		perRoom: smoke ? 15 : Math.max(12, Math.round(100 * scale)),
		sendersPerRoom: smoke ? 3 : 10,
		auditorsPerRoom: 1,
	};
	await measure('rooms', (target) => rooms(target, layout, sizes), ['natter']);
	const shape = `${layout.rooms}×${layout.perRoom}`;
	row('rooms', `deliveries/s (${shape}, median of 1 s samples)`, 'deliveriesPerSecond', 'higher');
	row('rooms', 'lines lost', 'loss', 'none', '0', zero);
	row('rooms', 'out of order (audited clients)', 'outOfOrder', 'none', '0', zero);
	row('rooms', 'latency p50 / ms (at saturation)', 'latencyP50Ms', 'lower');
	row('rooms', 'latency p99 / ms (at saturation)', 'latencyP99Ms', 'lower');
	row('rooms', 'server CPU (cores)', 'serverCpuCores', 'none');
	row('rooms', 'server CPU per delivered line / ns', 'cpuNanosPerDelivery', 'lower');
	row('rooms', 'server peak RSS / MB', 'serverPeakRssMb', 'lower');
}

/** Private messages against broadcasts in rooms of two; natter only, as the baseline has no /msg. */
async function dmStormScenario() {
	// Rooms of two need clients/2 rooms besides the lobby, and the server allows 1,000 rooms.
	const clients = Math.min(n(1000, 60), 1998);
	const rounds = smoke ? 1 : 3;
	await measure(
		'dm-storm',
		(target, round) => dmStorm(target, clients, sizes, round % 2 === 0),
		['natter'],
		rounds,
	);
	const of = rounds > 1 ? `median of ${rounds} rounds' ratios` : 'one round';
	row(
		'dm-storm',
		`broadcast in rooms of 2: deliveries/s (${clients} clients)`,
		'broadcast.deliveriesPerSecond',
		'higher',
	);
	row(
		'dm-storm',
		'broadcast in rooms of 2: server CPU per delivered line / ns',
		'broadcast.cpuNanosPerDelivery',
		'lower',
	);
	row(
		'dm-storm',
		`/msg to random others: deliveries/s (${clients} clients)`,
		'dm.deliveriesPerSecond',
		'higher',
	);
	row(
		'dm-storm',
		'/msg to random others: server CPU per delivered line / ns',
		'dm.cpuNanosPerDelivery',
		'lower',
	);
	row('dm-storm', '/msg latency p50 / ms (at saturation)', 'dm.latencyP50Ms', 'lower');
	row('dm-storm', '/msg latency p99 / ms (at saturation)', 'dm.latencyP99Ms', 'lower');
	row(
		'dm-storm',
		`CPU per delivered line, /msg ÷ broadcast (${of})`,
		'cpuRatio',
		'lower',
		'≤ 1×',
		(r) => r.natter <= 1,
	);
	const dm = results['dm-storm']?.natter?.values['dm.cpuNanosPerDelivery'];
	const fan = results['fanout-1000']?.natter?.values.cpuNanosPerDelivery;
	if (dm !== undefined && fan !== undefined) {
		rows.push({
			scenario: 'dm-storm',
			measure: 'CPU per delivered line, /msg ÷ fanout-1000 (a line to 999 is written once)',
			natter: dm / fan,
			baseline: undefined,
			better: 'none',
			target: '',
		});
	}
	row('dm-storm', 'lines lost (both phases)', 'loss', 'none', '0', zero);
	row('dm-storm', 'out of order (both phases)', 'outOfOrder', 'none', '0', zero);
}

/** TLS against plain TCP on natter with both listeners, interleaved rounds (1 when smoke). */
async function tlsScenarios() {
	const rounds = smoke ? 1 : 3;
	const over = ['over TLS', 'over plain TCP'] as const;
	const as = (label: (typeof over)[number]) => (label === 'over TLS' ? 'tls' : 'plain');
	const inColumns = 'TLS in the natter column, plain TCP in the baseline column';
	if (chosen.includes('fanout-1000-tls')) {
		const clients = n(1000, 60);
		const name = 'fanout-1000-tls';
		columns[name] = [...over];
		await measure(
			name,
			(label) => fanout('natter', clients, sizes, 0, as(label)),
			[...over],
			rounds,
		);
		row(
			name,
			`deliveries/s, ${inColumns} (median of ${rounds})`,
			'deliveriesPerSecond',
			'higher',
			'≥ 0.25×',
			(r) => (advantage(r) ?? 0) >= 0.25,
		);
		row(name, 'lines lost', 'loss', 'none', '0', zero);
		row(name, 'out of order (audited clients)', 'outOfOrder', 'none', '0', zero);
		row(name, 'latency p50 / ms (at saturation)', 'latencyP50Ms', 'lower');
		row(name, 'latency p99 / ms (at saturation)', 'latencyP99Ms', 'lower');
		row(name, 'server CPU per delivered line / ns', 'cpuNanosPerDelivery', 'lower');
		row(name, 'server peak RSS / MB', 'serverPeakRssMb', 'lower');
		// How the server wrote: delivered lines per write system call (1 would be a write per line),
		// and over TLS the records in them, from the wire bytes beyond the clients' plaintext.
		for (const label of over) {
			const values = results[name]?.[label]?.values;
			if (!values) continue;
			values.linesPerWrite =
				((values.linesSent ?? Number.NaN) * (clients - 1)) / (values.writeCalls ?? Number.NaN);
			values.bytesPerWrite =
				(values.writtenBytes ?? Number.NaN) / (values.writeCalls ?? Number.NaN);
			// A TLS 1.3 record with AES-GCM or ChaCha20 adds 22 bytes: header, content type and tag.
			const records =
				((values.writtenBytes ?? Number.NaN) - (values.receivedBytes ?? Number.NaN)) / 22;
			values.recordsPerWrite =
				label === 'over TLS' ? records / (values.writeCalls ?? 1) : Number.NaN;
			values.bytesPerRecord =
				label === 'over TLS' ? (values.receivedBytes ?? Number.NaN) / records : Number.NaN;
		}
		row(name, 'delivered lines per write system call', 'linesPerWrite', 'higher');
		row(name, 'bytes per write system call', 'bytesPerWrite', 'none');
		row(name, 'TLS records per write system call (TLS only)', 'recordsPerWrite', 'none');
		row(name, 'plaintext bytes per TLS record (max 16,384)', 'bytesPerRecord', 'none');
	}
	if (chosen.includes('idle-tls')) {
		const clients = n(3000, 150);
		const name = 'idle-tls';
		columns[name] = [...over];
		await measure(name, (label) => idle('natter', clients, sizes, as(label)), [...over]);
		row(name, `seconds until every join arrived (${clients} clients)`, 'allJoinedSeconds', 'lower');
		row(
			name,
			`server memory per idle connection / bytes, ${inColumns}`,
			'bytesPerConnection',
			'lower',
		);
		row(name, 'server peak RSS / MB', 'serverPeakRssMb', 'lower');
		row(name, 'join lines lost', 'loss', 'none', '0', zero);
	}
	if (chosen.includes('tls-handshake-flood')) {
		const flood = {
			cap: smoke ? 50 : 200,
			flood: smoke ? 100 : 400,
			nameTimeoutSeconds: smoke ? 1 : 2,
		};
		const name = 'tls-handshake-flood';
		await measure(name, (target) => handshakeFlood(target, flood), ['natter']);
		const what = `${flood.flood} stalled handshakes, --max-clients ${flood.cap}`;
		row(
			name,
			`sockets the server held at once (${what})`,
			'peakHeld',
			'none',
			`≤ ${flood.cap}`,
			(r) => r.natter <= flood.cap,
		);
		row(name, 'stalled connections refused at once (over the cap)', 'refusedAtOnce', 'none');
		row(
			name,
			`longest a stalled handshake stayed open / s (--name-timeout ${flood.nameTimeoutSeconds})`,
			'longestStallSeconds',
			'lower',
			`≤ ${flood.nameTimeoutSeconds + 0.5}`,
			(r) => r.natter <= flood.nameTimeoutSeconds + 0.5,
		);
		row(
			name,
			'a TLS client during the flood got the prompt (0 = refused)',
			'legitDuringFlood',
			'none',
		);
		row(
			name,
			'a TLS client after the flood got the prompt (1 = yes)',
			'legitAfterFlood',
			'none',
			'1',
			(r) => r.natter === 1,
		);
	}
}

/** One room over 2 instances and one Redis against the same room on 1 instance with that Redis. */
async function clusterScenario() {
	const clients = n(1000, 60);
	const runs = ['2 instances', '1 instance'] as const;
	columns.cluster = [...runs];
	await measure(
		'cluster',
		(label) => clusterFanout(label === '2 instances' ? 2 : 1, clients, sizes),
		[...runs],
		smoke ? 1 : 3,
	);
	const inColumns = '2 instances in the natter column, 1 in the baseline column';
	row(
		'cluster',
		`deliveries/s, one room of ${clients}, ${inColumns}`,
		'deliveriesPerSecond',
		'higher',
	);
	row('cluster', 'lines sent/s (all senders)', 'linesSentPerSecond', 'higher');
	row('cluster', 'lines lost', 'loss', 'none', '0', zero);
	row('cluster', 'out of order (audited clients)', 'outOfOrder', 'none', '0', zero);
	row('cluster', 'latency p50 / ms (at saturation)', 'latencyP50Ms', 'lower');
	row('cluster', 'latency p99 / ms (at saturation)', 'latencyP99Ms', 'lower');
	row('cluster', 'instances CPU (cores, added up)', 'instanceCpuCores', 'none');
	row('cluster', 'Redis CPU (cores)', 'redisCpuCores', 'none');
	row('cluster', 'Redis CPU per line sent / µs', 'redisMicrosPerLine', 'lower');
}

async function main() {
	const started = Date.now();
	const fanoutSizes: [string, number][] = [
		['fanout-100', n(100, 20)],
		['fanout-1000', n(1000, 60)],
	];
	for (const [name, clients] of fanoutSizes) {
		if (!chosen.includes(name)) continue;
		await measure(name, (target) => fanout(target, clients, sizes));
		row(
			name,
			'deliveries/s (median of 1 s samples)',
			'deliveriesPerSecond',
			'higher',
			'≥ 5×',
			atLeast(5),
		);
		row(name, 'lines lost', 'loss', 'none', '0', zero);
		row(name, 'out of order (audited clients)', 'outOfOrder', 'none', '0', zero);
		row(name, 'latency p50 / ms (at saturation)', 'latencyP50Ms', 'lower');
		row(name, 'latency p99 / ms (at saturation)', 'latencyP99Ms', 'lower');
		row(name, 'server CPU (cores)', 'serverCpuCores', 'none');
		row(name, 'server CPU per delivered line / ns', 'cpuNanosPerDelivery', 'lower');
		row(name, 'server peak RSS / MB', 'serverPeakRssMb', 'lower');
	}
	if (reference !== undefined) {
		for (const [name, clients] of fanoutSizes) {
			if (chosen.includes(name)) await compareWithReference(name, clients, reference);
		}
	}
	if (chosen.includes('fanout-1000')) {
		// The generator's ceiling: the same load against a fan-out that does nothing but write.
		const clients = n(1000, 60);
		process.stderr.write('bench: generator ceiling (write-only fan-out)...\n');
		const top = await ceiling(clients, sizes);
		results['generator-ceiling'] = {blast: top};
		const natterRate = results['fanout-1000']?.natter?.values.deliveriesPerSecond ?? Number.NaN;
		rows.push({
			scenario: 'generator ceiling',
			measure: `lines/s the generator reads from a write-only fan-out (${clients} clients)`,
			natter: top.values.deliveriesPerSecond ?? Number.NaN,
			baseline: undefined,
			better: 'none',
			target: `> natter's fanout-1000 (${Math.round(natterRate).toLocaleString('en-US')})`,
			met: smoke ? undefined : (top.values.deliveriesPerSecond ?? 0) > natterRate,
		});
	}
	if (chosen.includes('rooms')) await roomsScenario();
	if (chosen.includes('dm-storm')) await dmStormScenario();
	if (chosen.includes('latency-1000')) {
		const clients = n(1000, 60);
		// 10 senders × 20 = 200 lines/s; three interleaved rounds, as milliseconds are noisy here.
		await measure(
			'latency-1000',
			(target) => fanout(target, clients, sizes, 20),
			['natter', 'baseline'],
			smoke ? 1 : 3,
		);
		row('latency-1000', 'latency p50 / ms (median of rounds)', 'latencyP50Ms', 'lower');
		const noWorse = (r: Row) => r.natter <= (r.baseline ?? 0);
		row(
			'latency-1000',
			'latency p99 / ms (median of rounds)',
			'latencyP99Ms',
			'lower',
			'≤ baseline',
			noWorse,
		);
		row('latency-1000', 'latency max / ms (median of rounds)', 'latencyMaxMs', 'lower');
		row('latency-1000', 'lines lost', 'loss', 'none', '0', zero);
	}
	if (chosen.includes('idle-10k')) {
		const clients = n(10_000, 300);
		await measure('idle-10k', (target) => idle(target, clients, sizes));
		row('idle-10k', 'seconds until all welcomed', 'welcomedSeconds', 'lower');
		row(
			'idle-10k',
			`seconds until every join arrived (limit ${sizes.limitMs / 1000} s)`,
			'allJoinedSeconds',
			'lower',
			'≥ 5× sooner',
			atLeast(5),
		);
		row(
			'idle-10k',
			'server memory per idle connection / bytes',
			'bytesPerConnection',
			'lower',
			'≤ 8192',
			(r) => r.natter <= 8192,
		);
		row('idle-10k', 'join lines lost', 'loss', 'none', '0', zero);
	}
	if (chosen.includes('slow-consumer')) {
		const clients = n(100, 20);
		await measure('slow-consumer', (target) => slowConsumer(target, clients, sizes));
		row('slow-consumer', 'deliveries/s to the others', 'deliveriesPerSecond', 'higher');
		const keep = (target: Target) =>
			(results['slow-consumer']?.[target]?.values.deliveriesPerSecond ?? Number.NaN) /
			(results['fanout-100']?.[target]?.values.deliveriesPerSecond ?? Number.NaN);
		if (results['fanout-100']) {
			rows.push({
				scenario: 'slow-consumer',
				measure: 'share of its own fanout-100 throughput',
				natter: keep('natter'),
				baseline: keep('baseline'),
				better: 'none',
				target: '≥ 0.9',
				met: smoke ? undefined : keep('natter') >= 0.9,
			});
		}
		row(
			'slow-consumer',
			'server peak RSS / MB',
			'serverPeakRssMb',
			'lower',
			'< 100',
			(r) => r.natter < 100,
		);
		row(
			'slow-consumer',
			'slow client dropped (1 = yes)',
			'sleeperDropped',
			'none',
			'1',
			(r) => r.natter === 1,
		);
		row('slow-consumer', 'lines lost (to the others)', 'loss', 'none', '0', zero);
	}
	await tlsScenarios();
	if (chosen.includes('cluster')) await clusterScenario();
	if (chosen.includes('client-render')) {
		const linesPerSecond = 1000;
		const durationMs = smoke ? 1500 : 10_000;
		await measure(
			'client-render',
			(target) =>
				clientRender(target === 'natter' ? 'natter' : 'baseline', linesPerSecond, durationMs),
			['natter', 'baseline'],
		);
		row('client-render', 'screen behind the stream, p99 / ms', 'lagP99Ms', 'lower');
		row(
			'client-render',
			'screen behind the stream, max / ms',
			'lagMaxMs',
			'lower',
			'≤ 250',
			(r) => r.natter <= 250,
		);
		row('client-render', 'frames rendered', 'frames', 'none');
		row('client-render', 'client CPU (cores)', 'cpuCores', 'lower', '< 0.5', (r) => r.natter < 0.5);
		row('client-render', 'client peak RSS / MB', 'peakRssMb', 'lower');
		row('client-render', 'lines lost (baseline: not drawn by the end)', 'loss', 'none', '0', zero);
	}

	const seconds = Math.round((Date.now() - started) / 1000);
	const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${MACHINE_CORES} cores, Node ${process.version}`;
	const pinning = hasTaskset
		? `server on core ${SERVER_CORES}, generator on core(s) ${GENERATOR_CORES} (taskset)`
		: 'no taskset: processes not pinned';
	console.log(
		`\n## natter benchmark${smoke ? ' (smoke)' : ''}, ${new Date().toISOString().slice(0, 10)}\n`,
	);
	console.log(
		`${machine}; ${pinning}; ${sizes.durationMs / 1000} s sending phases; ${seconds} s in all.\n`,
	);
	console.log(markdownTable(rows));
	const directory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
	mkdirSync(directory, {recursive: true});
	const file = path.join(
		directory,
		`${smoke ? 'smoke' : 'bench'}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
	);
	writeFileSync(
		file,
		`${JSON.stringify({date: new Date().toISOString(), machine, pinning, sizes, smoke, results, rows}, null, 2)}\n`,
	);
	console.log(`\nResults: ${path.relative(process.cwd(), file)}`);
	if (lost) {
		console.error('bench: lines were lost (see the table)');
		process.exit(1);
	}
	console.log(smoke ? '\nbench smoke: zero loss in every scenario' : '');
}

main().catch((error: Error) => {
	console.error(`bench: ${error.stack ?? error.message}`);
	process.exit(1);
});
