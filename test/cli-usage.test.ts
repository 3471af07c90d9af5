// How the `chat` command reads a command line, for every command: help (which wins wherever
// --help or -h appears), the version, `chat help [COMMAND]`, bare `chat`, and usage mistakes.
// The pure decision first, then the built CLI as a child process.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {parseInvocation} from '../source/cli/invocation.js';
import {programName} from '../source/cli/program-name.js';
import {CLI_PATH, CliProcess, runCli} from './helpers/cli-process.js';

const commands = ['serve', 'connect', 'demo'];

describe('parseInvocation', () => {
	test('--help and -h win wherever they appear, over bad flags, values and commands', () => {
		const cases: [string[], string | undefined][] = [
			[['--help'], undefined],
			[['-h'], undefined],
			[['serve', '--port', '4242', '--help'], 'serve'],
			[['serve', '--bogus', '-h'], 'serve'],
			[['connect', 'http://example.org', '--port', 'x', '--help'], 'connect'],
			[['--help', 'demo'], 'demo'],
			[['help', 'demo', '--help'], 'demo'],
			[['frobnicate', '--help'], undefined],
			[['serve', '--version', '--help'], 'serve'],
		];
		for (const [argv, command] of cases) {
			const expected = command === undefined ? {kind: 'help'} : {kind: 'help', command};
			assert.deepEqual(parseInvocation(argv, commands), expected, argv.join(' '));
		}
	});

	test('after --, --help is an argument', () => {
		assert.deepEqual(parseInvocation(['connect', '--', '--help'], commands), {
			kind: 'run',
			command: 'connect',
			argv: ['--', '--help'],
		});
	});

	test('--version and -v, for the program or after a command', () => {
		for (const argv of [
			['--version'],
			['-v'],
			['serve', '-v'],
			['demo', '--bots', '3', '--version'],
		])
			assert.deepEqual(parseInvocation(argv, commands), {kind: 'version'}, argv.join(' '));
	});

	test('bare chat and chat help [COMMAND] are help', () => {
		assert.deepEqual(parseInvocation([], commands), {kind: 'help'});
		assert.deepEqual(parseInvocation(['help'], commands), {kind: 'help'});
		assert.deepEqual(parseInvocation(['help', 'connect'], commands), {
			kind: 'help',
			command: 'connect',
		});
	});

	test('mistakes before a command', () => {
		const mistake = (message: string) => ({kind: 'mistake', message});
		assert.deepEqual(
			parseInvocation(['frobnicate'], commands),
			mistake('unknown command "frobnicate"'),
		);
		assert.deepEqual(
			parseInvocation(['--port=5', 'serve'], commands),
			mistake('unknown flag --port'),
		);
		assert.deepEqual(
			parseInvocation(['help', 'nope'], commands),
			mistake('unknown command "nope"'),
		);
		assert.deepEqual(
			parseInvocation(['help', 'serve', 'demo'], commands),
			mistake('unexpected argument "demo" (help takes COMMAND)'),
		);
	});

	test('a command and the rest of its arguments', () => {
		assert.deepEqual(parseInvocation(['serve', '--port', '0'], commands), {
			kind: 'run',
			command: 'serve',
			argv: ['--port', '0'],
		});
	});
});

describe('programName', () => {
	test('natter when started as natter (the npm bin link), else chat', () => {
		assert.equal(programName('/usr/local/lib/node_modules/.bin/natter'), 'natter');
		assert.equal(programName('/usr/local/bin/chat'), 'chat');
		assert.equal(programName('/home/zoe/natter/dist/cli.js'), 'chat');
		assert.equal(programName(undefined), 'chat');
	});
});

/** The first line of a command's help, which names it: `$ chat serve [options]`. */
const usageLine = (command: string) => new RegExp(`^ +\\$ chat ${command} `, 'm');

describe('help and version (built CLI)', () => {
	test('bare chat prints the overview on stdout and exits 0', async () => {
		const result = await runCli([]);
		assert.equal(result.code, 0);
		assert.match(result.stdout, /^ +\$ chat <command> \[options\]$/m);
		assert.equal(result.stderr, '');
	});

	for (const argv of [['-h'], ['--help'], ['help']]) {
		test(`chat ${argv.join(' ')} prints the overview, exit 0`, async () => {
			const result = await runCli(argv);
			assert.equal(result.code, 0);
			for (const command of [...commands, 'help'])
				assert.match(result.stdout, new RegExp(`^\\s+${command}\\b`, 'm'));
			assert.equal(result.stderr, '');
		});
	}

	for (const argv of [['-v'], ['--version'], ['serve', '-v']]) {
		test(`chat ${argv.join(' ')} prints the version, exit 0`, async () => {
			const result = await runCli(argv);
			assert.equal(result.code, 0);
			assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
		});
	}

	for (const command of commands) {
		for (const argv of [
			[command, '-h'],
			['help', command],
		]) {
			test(`chat ${argv.join(' ')} prints the ${command} help, exit 0`, async () => {
				const result = await runCli(argv);
				assert.equal(result.code, 0);
				assert.match(result.stdout, usageLine(command));
				assert.match(result.stdout, /--port PORT/);
			});
		}
	}

	for (const argv of [
		['serve', '--port', '4242', '--help'],
		['serve', '--bogus', '--help'],
		['connect', 'a', 'b', '-h'],
		['demo', '--bots', 'many', '--help'],
	]) {
		test(`--help wins: chat ${argv.join(' ')} prints the help, exit 0`, async () => {
			const result = await runCli(argv);
			assert.equal(result.code, 0);
			assert.match(result.stdout, usageLine(argv[0] as string));
			assert.equal(result.stderr, '');
		});
	}

	test('chat help with an unknown command: one line, exit 2', async () => {
		const result = await runCli(['help', 'frobnicate']);
		assert.equal(result.code, 2);
		assert.equal(
			result.stderr,
			`chat: unknown command "frobnicate"\nRun 'chat --help' for usage.\n`,
		);
		assert.equal(result.stdout, '');
	});
});

describe('started as natter (built CLI through a link named natter)', () => {
	test('help and usage errors name natter, not chat', async () => {
		const folder = mkdtempSync(path.join(os.tmpdir(), 'natter-bin-'));
		try {
			const natter = path.join(folder, 'natter');
			symlinkSync(CLI_PATH, natter);
			const help = new CliProcess(['serve', '--help'], {cliPath: natter});
			help.child.stdin?.end();
			assert.equal((await help.exited).code, 0);
			assert.match(help.stdout, /^ +\$ natter serve \[options\]$/m);
			assert.doesNotMatch(help.stdout, /\$ chat /);
			const mistake = new CliProcess(['serve', '5000'], {cliPath: natter});
			mistake.child.stdin?.end();
			assert.equal((await mistake.exited).code, 2);
			assert.match(mistake.stderr, /^natter serve: unexpected argument "5000"/);
			assert.match(mistake.stderr, /\nRun 'natter serve --help' for usage\.\n$/);
		} finally {
			rmSync(folder, {recursive: true, force: true});
		}
	});
});
