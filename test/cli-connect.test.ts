// `chat connect` as a process: the plain line mode through pipes (as scripts use it), the
// start-up error path, a lost connection with --no-reconnect, and bad arguments.

import assert from 'node:assert/strict';
import net from 'node:net';
import {describe, test} from 'node:test';
import {startServer} from '../source/index.js';
import {CliProcess, runCli} from './helpers/cli-process.js';
import {LineClient} from './helpers/line-client.js';
import {httpThenClose, scriptedServer, silent} from './helpers/scripted-server.js';

describe('chat connect (built CLI, line mode)', () => {
	test("printf 'hello' | chat connect HOST --name bot: a one-shot message, exit 0", async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const sam = await LineClient.named(server.port, 'sam');
		const result = await runCli(['connect', `127.0.0.1:${server.port}`, '--name', 'bot'], {
			input: 'hello\n',
		});
		await sam.expect('--> bot entered.');
		await sam.expect('bot: hello');
		await sam.expect('<-- bot left.');
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, 'Welcome, bot!\nBye!\n', 'with --name the prompt is not shown');
		assert.equal(result.stderr, '');
		sam.destroy();
		await server.close();
	});

	test('without --name the first stdin line is the name; server lines go to stdout', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const sam = await LineClient.named(server.port, 'sam');
		const cli = new CliProcess(['connect', '127.0.0.1', '--port', String(server.port)]);
		cli.child.stdin?.write('piper\n');
		await sam.expect('--> piper entered.');
		sam.send('hi piper');
		await cli.waitForStdout(/sam: hi piper\n/);
		cli.child.stdin?.write('line one\nline two\n');
		await sam.expect('piper: line one');
		await sam.expect('piper: line two');
		cli.child.stdin?.end();
		await sam.expect('<-- piper left.');
		assert.equal((await cli.exited).code, 0);
		assert.match(cli.stdout, /^Hi, what's your name\?\nWelcome, piper!\nsam: hi piper\nBye!\n$/);
		sam.destroy();
		await server.close();
	});

	test('every piped line arrives, in order, even past the flood limit', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1', rateLinesPerSecond: 50});
		const sam = await LineClient.named(server.port, 'sam');
		const lines = Array.from({length: 120}, (_, index) => `piped ${index}`);
		const run = runCli(['connect', `127.0.0.1:${server.port}`, '--name', 'bulk'], {
			input: `${lines.join('\n')}\n`,
		});
		await sam.expect('--> bulk entered.');
		for (const line of lines) await sam.expect(`bulk: ${line}`);
		await sam.expect('<-- bulk left.');
		assert.equal((await run).code, 0);
		sam.destroy();
		await server.close();
	});

	test('a name the server rejects: one line on stderr, exit 1', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const owner = await LineClient.named(server.port, 'bot');
		const result = await runCli(['connect', `127.0.0.1:${server.port}`, '--name', 'BOT'], {
			input: 'hi\n',
		});
		assert.equal(result.code, 1);
		assert.equal(
			result.stderr,
			'chat connect: the server did not accept the name "BOT": The name BOT is taken; please choose another.\n',
		);
		owner.destroy();
		await server.close();
	});

	test('a server that never speaks: one line and exit 1 at the connect timeout, not a hang', async () => {
		const server = await scriptedServer(silent);
		try {
			const result = await runCli(['connect', `127.0.0.1:${server.port}`, '--name', 'x'], {
				input: 'hi\n',
				timeoutMs: 30_000, // the connect timeout is 10 s; SIGKILL after 30 s would mean a hang
			});
			assert.equal(result.code, 1);
			assert.equal(
				result.stderr,
				`chat connect: cannot connect to 127.0.0.1:${server.port}: no name prompt from the server within 10 s (is it a chat server?)\n`,
			);
			assert.equal(result.stdout, '');
		} finally {
			await server.close();
		}
	});

	test('an HTTP server: one line and exit 1', async () => {
		const server = await scriptedServer(httpThenClose);
		try {
			const result = await runCli(['connect', `127.0.0.1:${server.port}`, '--name', 'x'], {
				input: 'hi\n',
			});
			assert.equal(result.code, 1);
			assert.equal(
				result.stderr,
				`chat connect: cannot connect to 127.0.0.1:${server.port}: the server closed the connection without asking for a name (is it a chat server?)\n`,
			);
			assert.equal(result.stdout, '');
		} finally {
			await server.close();
		}
	});

	test('cannot connect at start: one line naming host, port and reason; exit 1', async () => {
		const probe = net.createServer();
		await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
		const {port} = probe.address() as net.AddressInfo;
		await new Promise<void>((resolve) => probe.close(() => resolve())); // now nothing listens there
		const result = await runCli(['connect', `127.0.0.1:${port}`]);
		assert.equal(result.code, 1);
		assert.equal(
			result.stderr,
			`chat connect: cannot connect to 127.0.0.1:${port}: connection refused\n`,
		);
		assert.equal(result.stdout, '');
	});

	test('--no-reconnect: a lost connection is one clear line and exit 1', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const cli = new CliProcess([
			'connect',
			`127.0.0.1:${server.port}`,
			'--name',
			'solo',
			'--no-reconnect',
		]);
		await cli.waitForStdout(/Welcome, solo!\n/);
		await server.close();
		const {code} = await cli.exited;
		assert.equal(code, 1);
		assert.match(cli.stdout, /\*\*\* Server shutting down\.\n$/);
		assert.equal(cli.stderr, 'chat connect: connection lost: connection closed by the server\n');
	});

	for (const [args, message] of [
		[['--name', 'two words'], '--name: A name may contain only letters, digits, "_", "-" and ".".'],
		[['--port', 'x'], '--port must be a whole number from 1 to 65535 (got "x")'],
		[['host:99999'], 'the port in "host:99999" must be a whole number from 1 to 65535'],
		[['a', 'b'], 'unexpected argument "b" (connect takes HOST[:PORT])'],
		[
			['localhost', '5000'],
			'unexpected argument "5000" (connect takes HOST[:PORT]; for the port, use --port 5000)',
		],
		[
			['http://localhost:4343'],
			'"http://localhost:4343" is a URL; give HOST or HOST:PORT, such as localhost:4343',
		],
		[['--frobnicate'], 'unknown flag --frobnicate'],
	] as const) {
		test(`bad arguments ${args.join(' ')}: one line, exit 2`, async () => {
			const result = await runCli(['connect', ...args]);
			assert.equal(result.code, 2);
			assert.equal(
				result.stderr,
				`chat connect: ${message}\nRun 'chat connect --help' for usage.\n`,
			);
		});
	}
});
