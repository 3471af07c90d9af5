// Builds natter at another git commit, for `--compare-ref`: that commit's tree from `git archive`
// in a temporary directory (no `git worktree`, so the repository's worktree list is untouched),
// this checkout's node_modules linked in when the lockfiles match (`npm ci` there otherwise), then
// `tsc`. The build is kept per commit under the OS temp directory and reused.

import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ReferenceBuild {
	commit: string;
	cli: string;
}

/** The built CLI of `ref` (any name git knows: HEAD~1, a branch, a hash). */
export function buildReference(ref: string): ReferenceBuild {
	const git = (...args: string[]) =>
		execFileSync('git', args, {cwd: root, encoding: 'utf8'}).trim();
	const commit = git('rev-parse', '--verify', `${ref}^{commit}`);
	const dir = path.join(os.tmpdir(), `natter-ref-${commit.slice(0, 12)}`);
	const cli = path.join(dir, 'dist/cli.js');
	// Written last, so a build that failed half-way is redone rather than reused.
	const built = path.join(dir, '.bench-built');
	if (existsSync(built)) return {commit, cli};
	const log = (text: string) => process.stderr.write(`bench: reference ${ref}: ${text}\n`);
	rmSync(dir, {recursive: true, force: true});
	mkdirSync(dir, {recursive: true});
	log(`extracting ${commit.slice(0, 12)} into ${dir}`);
	const tar = path.join(dir, 'tree.tar');
	git('archive', '--format=tar', `--output=${tar}`, commit);
	execFileSync('tar', ['-xf', tar, '-C', dir]);
	rmSync(tar);
	const lock = (at: string) => readFileSync(path.join(at, 'package-lock.json'), 'utf8');
	if (lock(dir) === lock(root)) {
		symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	} else {
		log('its package-lock.json differs: npm ci');
		execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {cwd: dir, stdio: ['ignore', 2, 2]});
	}
	log('building');
	const tsc = path.join(dir, 'node_modules/typescript/bin/tsc');
	try {
		execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
			cwd: dir,
			stdio: ['ignore', 2, 2],
		});
	} catch {
		throw new Error(`natter at ${ref} (${commit.slice(0, 12)}) does not build (tsc output above)`);
	}
	writeFileSync(built, `${commit}\n`);
	return {commit, cli};
}
