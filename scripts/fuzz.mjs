// The property tests (test/properties-*.test.ts) with many cases and one seed, which it prints
// first so a run can be repeated; then a table of each property's cases and time.
//   npm run fuzz [-- --runs N] [--seed S] [FILE ...]
// Defaults: 20000 cases per property, a fresh seed, every properties file. A failure prints
// fast-check's report: the shrunk counter-example, the seed and the path that replays it
// (FC_SEED=S FC_PATH=P node --import tsx --test --test-name-pattern=NAME FILE).

import {readdirSync} from 'node:fs';
import path from 'node:path';
import {run} from 'node:test';
import {spec} from 'node:test/reporters';
import {parseArgs} from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const {values, positionals} = parseArgs({
	options: {runs: {type: 'string', default: '20000'}, seed: {type: 'string'}},
	allowPositionals: true,
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? (Math.random() * 0x1_0000_0000) | 0 : Number(values.seed);
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed)) {
	console.error('usage: npm run fuzz -- [--runs N] [--seed S] [FILE ...]');
	process.exit(2);
}

const files =
	positionals.length > 0
		? positionals.map((file) => path.resolve(file))
		: readdirSync(path.join(root, 'test'))
				.filter((name) => /^properties-.*\.test\.tsx?$/.test(name))
				.sort()
				.map((name) => path.join(root, 'test', name));

const repeat = `npm run fuzz -- --runs ${runs} --seed ${seed}`;
console.log(`fuzz: ${runs} cases per property, seed ${seed} (repeat: ${repeat})\n`);

// The test files run in child processes, which inherit this process's --import tsx and these.
process.env.FC_RUNS = String(runs);
process.env.FC_SEED = String(seed);

const rows = [];
let failed = false;
const started = performance.now();
const stream = run({files, concurrency: 1});
stream.on('test:pass', (event) => record(event, event.skip || event.todo ? 'todo' : 'ok'));
stream.on('test:fail', (event) => record(event, event.todo ? 'todo' : 'FAIL'));
const report = stream.compose(spec);
report.pipe(process.stdout);
report.on('end', () => {
	const seconds = (performance.now() - started) / 1000;
	console.log(`\nfuzz: seed ${seed}, ${runs} cases per property, ${seconds.toFixed(1)} s in all\n`);
	console.log(table(['file', 'property', 'cases', 'time', 'result'], rows));
	if (failed) console.log(`\nfuzz: failed; repeat with ${repeat}`);
	process.exitCode = failed ? 1 : 0;
});

function record(event, result) {
	if (event.details?.type === 'suite' || event.file === undefined || event.nesting === 0) {
		if (result === 'FAIL') failed = true; // a file that failed to load, or a failing hook
		return;
	}
	if (result === 'FAIL') failed = true;
	rows.push([
		path.basename(event.file).replace(/\.test\.tsx?$/, ''),
		event.name,
		result === 'todo' ? '1' : String(runs),
		`${(event.details.duration_ms / 1000).toFixed(2)} s`,
		result,
	]);
}

function table(header, body) {
	const lines = [header, header.map(() => '---'), ...body];
	return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
