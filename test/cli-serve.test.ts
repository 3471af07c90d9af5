// `chat serve` as a user runs it: the built CLI in a child process, talked to over a raw socket
// like nc; its start-up line, logging, flag errors, port conflicts and signal shutdown.

import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import net from 'node:net';
import {describe, test} from 'node:test';
import {CliProcess, runCli} from './helpers/cli-process.js';
import {LineClient} from './helpers/line-client.js';

const ISO_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

describe('chat serve (built CLI)', () => {
	test('the process is titled for ps: natter serve and its address', {
		skip: process.platform !== 'linux' && 'reads /proc',
	}, async () => {
		const serve = new CliProcess(['serve', '--port', '0', '--host', '127.0.0.1']);
		try {
			const port = await serve.listeningPort();
			const title = readFileSync(`/proc/${serve.child.pid}/cmdline`, 'utf8').replace(/\0+$/, '');
			assert.equal(title, `natter serve 127.0.0.1:${port}`);
		} finally {
			serve.kill();
			await serve.exited;
		}
	});

	test('prints its address, chats with raw sockets, logs events, and exits 0 on SIGTERM', async () => {
		const serve = new CliProcess(['serve', '--port', '0']);
		const port = await serve.listeningPort();
		assert.match(serve.stdout, /^Listening on (\[::\]|0\.0\.0\.0):\d+\n$/);
		const alice = await LineClient.named(port, 'alice');
		const bob = await LineClient.named(port, 'bob');
		await alice.expect('--> bob entered.');
		bob.send('hello from nc');
		await alice.expect('bob: hello from nc');
		bob.send('quit');
		await bob.expect('Bye!');
		await alice.expect('<-- bob left.');
		const unnamed = await LineClient.connect(port);
		await unnamed.expect("Hi, what's your name?");
		serve.kill('SIGTERM');
		await alice.expect('*** Server shutting down.');
		await unnamed.expect('*** Server shutting down.');
		const {code} = await serve.exited;
		assert.equal(code, 0);
		const log = serve.stderr.trim().split('\n');
		for (const line of log) assert.match(line, ISO_STAMP);
		assert.match(log[0] ?? '', / join alice from 127\.0\.0\.1:\d+$/);
		assert.match(log[1] ?? '', / join bob from /);
		assert.match(log[2] ?? '', / leave bob from .* \(quit\)$/);
	});

	test('warns at start when the open-file limit is below --max-clients, and serves on past it', async () => {
		const serve = new CliProcess(
			['serve', '--port', '0', '--host', '127.0.0.1', '--max-clients', '1000'],
			{wrapper: ['prlimit', '--nofile=64', '--']},
		);
		const port = await serve.listeningPort();
		assert.match(
			serve.stderr,
			/ warning the open-file limit \(64\) is below the connection limit \(1000\) plus 32: the system will close connections past about 32; raise it with ulimit -n\n/,
		);
		const clients = await Promise.all(Array.from({length: 80}, () => LineClient.connect(port)));
		const outcomes = await Promise.all(
			clients.map(async (client) => {
				try {
					await client.expect("Hi, what's your name?", 10_000);
					return 'prompt';
				} catch (error) {
					if (client.closed) return 'closed';
					throw error;
				}
			}),
		);
		assert.ok(outcomes.includes('prompt'), 'some were served');
		assert.ok(outcomes.includes('closed'), 'the system closed the ones past the limit');
		for (const client of clients) client.destroy();
		let joined = false;
		for (let attempt = 0; attempt < 50 && !joined; attempt++) {
			try {
				const after = await LineClient.named(port, 'after');
				after.destroy();
				joined = true;
			} catch {
				await new Promise((resolve) => setTimeout(resolve, 100)); // the server is freeing descriptors
			}
		}
		assert.ok(joined, 'a user joins once descriptors are free again');
		serve.kill('SIGTERM');
		assert.equal((await serve.exited).code, 0);
	});

	test('SIGINT with a client that never reads still exits 0 promptly', async () => {
		const serve = new CliProcess([
			'serve',
			'--port',
			'0',
			'--rate',
			'0',
			'--max-queue',
			'100000000',
			'--quiet',
		]);
		const port = await serve.listeningPort();
		const sleeper = await LineClient.named(port, 'sleeper');
		sleeper.socket.pause();
		const witness = await LineClient.named(port, 'witness');
		const sender = await LineClient.named(port, 'sender');
		const text = 's'.repeat(4000);
		for (let index = 0; index < 5000; index++) sender.send(text); // 20 MB the sleeper never reads
		sender.send('last');
		// Once a reading client has the last line, the server has handled all of them and holds
		// most of the 20 MB for the sleeper. (A 'drain' wait is not enough: if the kernel takes
		// every write at once, 'drain' never fires.)
		await witness.waitFor((line) => line === 'sender: last', 20_000);
		serve.kill('SIGINT');
		await sender.waitFor((line) => line === '*** Server shutting down.', 10_000);
		const {code} = await serve.exited;
		assert.equal(code, 0);
		assert.equal(serve.stderr, '', '--quiet logs nothing');
		sleeper.destroy();
		witness.destroy();
	});

	test('--quiet silences the event log but still prints the address', async () => {
		const serve = new CliProcess(['serve', '--port', '0', '--quiet', '--host', '127.0.0.1']);
		const port = await serve.listeningPort();
		assert.equal(serve.stdout, `Listening on 127.0.0.1:${port}\n`);
		const user = await LineClient.named(port, 'someone');
		user.send('quit');
		await user.waitClosed();
		serve.kill('SIGTERM');
		assert.equal((await serve.exited).code, 0);
		assert.equal(serve.stderr, '');
	});

	test('a port in use: one line on stderr, exit 1', async () => {
		const blocker = net.createServer();
		await new Promise<void>((resolve) => blocker.listen(0, resolve));
		const {port} = blocker.address() as net.AddressInfo;
		const result = await runCli(['serve', '--port', String(port)]);
		blocker.close();
		assert.equal(result.code, 1);
		assert.equal(
			result.stderr,
			`chat serve: cannot listen on port ${port}: the address is already in use\n`,
		);
		assert.equal(result.stdout, '');
	});

	for (const [args, message] of [
		[['--port', 'abc'], '--port must be a whole number from 0 to 65535 (got "abc")'],
		[['--port', '-1'], '--port must be a whole number from 0 to 65535 (got "-1")'],
		[['--port', '65536'], '--port must be a whole number from 0 to 65535 (got "65536")'],
		[['--max-line', '0'], '--max-line must be a whole number from 1 (got "0")'],
		[['--max-clients', '1.5'], '--max-clients must be a whole number from 1 (got "1.5")'],
		[['--max-queue', 'lots'], '--max-queue must be a whole number from 1 (got "lots")'],
		[['--name-timeout', '0'], '--name-timeout must be a number greater than 0 (got "0")'],
		[['--rate', '-5'], '--rate must be a number from 0 (got "-5")'],
		[['--bogus'], 'unknown flag --bogus'],
		[
			['5000'],
			'unexpected argument "5000" (serve takes no arguments; for the port, use --port 5000)',
		],
		[['--quiet', 'loudly'], 'unexpected argument "loudly" (serve takes no arguments)'],
	] as const) {
		test(`bad argument ${args.join(' ')}: one line naming it, exit 2`, async () => {
			const result = await runCli(['serve', ...args]);
			assert.equal(result.code, 2);
			assert.equal(result.stderr, `chat serve: ${message}\nRun 'chat serve --help' for usage.\n`);
		});
	}

	test('--help lists every flag with its default; --version prints the version', async () => {
		const help = await runCli(['serve', '--help']);
		assert.equal(help.code, 0);
		for (const flag of [
			'--port',
			'--host',
			'--max-line',
			'--name-timeout',
			'--max-clients',
			'--max-queue',
			'--rate',
			'--quiet',
		]) {
			assert.ok(help.stdout.includes(flag), `help mentions ${flag}`);
		}
		for (const value of ['4242', '4096', '60', '10000', '1048576', '(default 10)']) {
			assert.ok(help.stdout.includes(value), `help mentions ${value}`);
		}
		const version = await runCli(['--version']);
		assert.equal(version.code, 0);
		assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
	});

	test('an unknown command: a short error and exit 2', async () => {
		const result = await runCli(['frobnicate']);
		assert.equal(result.code, 2);
		assert.equal(
			result.stderr,
			`chat: unknown command "frobnicate"\nRun 'chat --help' for usage.\n`,
		);
	});
});
