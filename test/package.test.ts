// The npx one-off: `npm pack` holds only what runs, and the tarball works from an empty directory
// with no access to the source tree: --version, --help, `npx natter demo`, both bin names (chat and
// natter), and a serve smoke test over a raw socket.

import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {CliProcess} from './helpers/cli-process.js';
import {LineClient} from './helpers/line-client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;

describe('the packed tarball', {timeout: 180_000}, () => {
	let empty: string;
	let tarball: string;
	let files: string[];

	before(() => {
		empty = mkdtempSync(path.join(os.tmpdir(), 'natter-npx-'));
		// The suite runs on a fresh `npm run build` (npm test does it first), so packing skips the
		// prepack rebuild: it would empty dist/ while other test files run dist/cli.js.
		const output = execFileSync(
			'npm',
			['pack', '--json', '--ignore-scripts', '--pack-destination', empty],
			{
				cwd: root,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore'],
			},
		);
		const [packed] = JSON.parse(output) as {filename: string; files: {path: string}[]}[];
		tarball = path.join(empty, packed?.filename ?? '');
		files = (packed?.files ?? []).map((file) => file.path);
		execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', empty, tarball], {
			cwd: empty,
			stdio: 'ignore',
		});
	});
	after(() => rmSync(empty, {recursive: true, force: true}));

	test('holds only what runs', () => {
		assert.equal(path.basename(tarball), `natter-${version}.tgz`);
		assert.ok(files.includes('dist/cli.js'));
		assert.ok(files.includes('README.md') && files.includes('LICENSE'));
		const stray = files.filter(
			(file) => !/^(dist\/|docs\/|README\.md$|LICENSE$|package\.json$)/.test(file),
		);
		assert.deepEqual(stray, []);
		assert.equal(
			files.some((file) => file.endsWith('.ts') && !file.endsWith('.d.ts')),
			false,
			'no TypeScript sources',
		);
	});

	test('no two paths differ only by case (they would collide on macOS and Windows)', () => {
		const byFolded = new Map<string, string>();
		const collisions: string[] = [];
		for (const file of files) {
			const other = byFolded.get(file.toLowerCase());
			if (other !== undefined) collisions.push(`${other} and ${file}`);
			byFolded.set(file.toLowerCase(), file);
		}
		assert.deepEqual(collisions, []);
	});

	// npm exec runs the first bin when every bin is the same file, so package.json lists natter first.
	test('npx --yes ./natter-VERSION.tgz runs natter: --version, --help and demo, from an empty directory', () => {
		const npx = (...args: string[]) =>
			execFileSync('npx', ['--yes', `./${path.basename(tarball)}`, ...args], {
				cwd: empty,
				encoding: 'utf8',
				env: {...process.env, npm_config_update_notifier: 'false'},
				stdio: ['ignore', 'pipe', 'pipe'],
				timeout: 60_000,
			});
		assert.equal(npx('--version').trim(), version);
		const help = npx('--help');
		assert.match(help, /^ +\$ natter <command> \[options\]$/m, 'the help names natter');
		for (const command of ['serve', 'connect', 'demo'])
			assert.match(help, new RegExp(`\\b${command}\\b`));
		// stdin is empty, so the demo's line mode joins, says quit, and shuts the server down.
		const demo = npx('demo', '--port', '0', '--bots', '0', '--name', 'packed');
		assert.match(demo, /^natter demo on port \d+: you are packed, with 0 bots\.\n/);
		assert.match(demo, /\nWelcome, packed!\nBye!\n$/);
	});

	test('installed as both chat and natter, each naming itself in help and errors', () => {
		for (const bin of ['chat', 'natter']) {
			const file = path.join(empty, 'node_modules/.bin', bin);
			const help = spawnSync(file, ['--help'], {encoding: 'utf8', timeout: 30_000});
			assert.equal(help.status, 0, `${bin} --help: ${help.stderr}`);
			assert.match(help.stdout, new RegExp(`^ +\\$ ${bin} <command> \\[options\\]$`, 'm'));
			const mistake = spawnSync(file, ['serve', '--bogus'], {encoding: 'utf8', timeout: 30_000});
			assert.equal(mistake.status, 2);
			assert.equal(
				mistake.stderr,
				`${bin} serve: unknown flag --bogus\nRun '${bin} serve --help' for usage.\n`,
			);
		}
	});

	test('the installed CLI serves a raw-socket user under this Node', async () => {
		const cli = path.join(empty, 'node_modules/natter/dist/cli.js');
		const serve = new CliProcess(['serve', '--port', '0', '--quiet'], {cwd: empty, cliPath: cli});
		const port = await serve.listeningPort();
		const user = await LineClient.named(port, 'packed');
		user.send('quit');
		await user.expect('Bye!');
		serve.kill('SIGTERM');
		assert.equal((await serve.exited).code, 0);
	});
});
