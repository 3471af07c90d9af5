// How every command ends on a signal, the built CLI as a child process: serve, connect (line mode
// and, through tmux, the full-screen client) and demo each shut down gracefully on SIGINT or
// SIGTERM and exit 0; a second signal during a slow shutdown exits at once, also with code 0; and
// the terminal is given back either way.

import assert from 'node:assert/strict';
import net from 'node:net';
import {afterEach, describe, test} from 'node:test';
import {startServer} from '../source/index.js';
import {CLI_PATH, CliProcess} from './helpers/cli-process.js';
import {LineClient} from './helpers/line-client.js';
import {hasTmux, TmuxPane} from './helpers/tmux.js';

/** Undone after each test, passed or failed, so a failure cannot leave the process running. */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Rejects if `promise` has not settled within `ms`, saying what did not happen. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** How the CLI exited, within 15 s (the shutdown deadline is 4.5 s). */
const exitOf = (cli: CliProcess) => within(cli.exited, 15_000, 'the CLI to exit');

/**
 * A server that names its one client and then ignores it: it never says Bye! and never closes,
 * so a client's quit stays unfinished until the client gives up waiting.
 */
async function deafServer() {
	const sockets = new Set<net.Socket>();
	let heard: () => void = () => {};
	const quitHeard = new Promise<void>((resolve) => {
		heard = resolve;
	});
	const server = net.createServer({allowHalfOpen: true}, (socket) => {
		sockets.add(socket);
		socket.on('error', () => {});
		socket.setEncoding('utf8');
		socket.write("Hi, what's your name?\n");
		let named = false;
		let buffer = '';
		socket.on('data', (text: string) => {
			buffer += text;
			const lines = buffer.split('\n');
			buffer = lines.pop() ?? '';
			for (const line of lines) {
				if (!named) socket.write(`Welcome, ${line}!\n`);
				else if (line === 'quit') heard();
				named = true;
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	cleanups.push(() => {
		for (const socket of sockets) socket.destroy();
		server.close();
	});
	return {
		port: (server.address() as net.AddressInfo).port,
		/** Resolves when the client has said quit. */
		quitHeard: (timeoutMs = 5000) => within(quitHeard, timeoutMs, 'the client to say quit'),
	};
}

/** A chat server on port 0, closed after the test. */
async function chatServer() {
	const server = await startServer({port: 0, host: '127.0.0.1'});
	cleanups.push(() => server.close());
	return server;
}

/** A raw-socket user, like nc, named and disconnected after the test. */
async function namedUser(port: number, name: string) {
	const user = await LineClient.named(port, name);
	cleanups.push(() => user.destroy());
	return user;
}

/** The built CLI, killed after the test if it is still running. */
function startCli(args: string[]) {
	const cli = new CliProcess(args);
	cleanups.push(() => cli.kill('SIGKILL'));
	return cli;
}

describe('signals, piped (built CLI)', () => {
	test('chat connect: SIGTERM says quit like a person would, and exits 0', async () => {
		const server = await chatServer();
		const sam = await namedUser(server.port, 'sam');
		const cli = startCli(['connect', `127.0.0.1:${server.port}`, '--name', 'piper']);
		await sam.expect('--> piper entered.');
		cli.kill('SIGTERM');
		await sam.expect('<-- piper left.');
		assert.deepEqual(await exitOf(cli), {code: 0, signal: null});
		assert.match(cli.stdout, /\nBye!\n$/);
		assert.equal(cli.stderr, '');
	});

	test('chat connect: a second signal while the server never says Bye! exits at once, 0', async () => {
		const deaf = await deafServer();
		const cli = startCli(['connect', `127.0.0.1:${deaf.port}`, '--name', 'piper']);
		await cli.waitForStdout(/Welcome, piper!\n/);
		cli.kill('SIGTERM');
		await deaf.quitHeard();
		cli.kill('SIGTERM');
		assert.deepEqual(await exitOf(cli), {code: 0, signal: null});
	});

	test('chat demo: SIGINT shuts the embedded server down for everyone, exit 0', async () => {
		const demo = startCli(['demo', '--port', '0', '--name', 'host', '--bots', '0']);
		const port = Number((await demo.waitForStdout(/nc localhost (\d+) /))[1]);
		await demo.waitForStdout(/Welcome, host!\n/);
		const sam = await namedUser(port, 'sam');
		demo.kill('SIGINT');
		await sam.waitFor((line) => line === '*** Server shutting down.');
		await sam.waitClosed();
		assert.deepEqual(await exitOf(demo), {code: 0, signal: null});
	});

	test('chat demo: a second SIGTERM while a reader never reads exits at once, 0', async () => {
		const demo = startCli(['demo', '--port', '0', '--name', 'host', '--bots', '0']);
		const port = Number((await demo.waitForStdout(/nc localhost (\d+) /))[1]);
		await demo.waitForStdout(/Welcome, host!\n/);
		const sleeper = await namedUser(port, 'sleeper');
		sleeper.socket.pause(); // never reads, so the server's shutdown waits out its grace period
		const witness = await namedUser(port, 'witness');
		demo.kill('SIGTERM');
		await witness.waitFor((line) => line === '*** Server shutting down.');
		demo.kill('SIGTERM');
		assert.deepEqual(await exitOf(demo), {code: 0, signal: null});
	});

	test('chat serve: a second SIGINT while a reader never reads exits at once, 0', async () => {
		const serve = startCli(['serve', '--port', '0', '--quiet', '--host', '127.0.0.1']);
		const port = await serve.listeningPort();
		const sleeper = await namedUser(port, 'sleeper');
		sleeper.socket.pause();
		const witness = await namedUser(port, 'witness');
		serve.kill('SIGINT');
		await witness.waitFor((line) => line === '*** Server shutting down.');
		serve.kill('SIGINT');
		assert.deepEqual(await exitOf(serve), {code: 0, signal: null});
	});
});

// tmux is required in CI (.ci/run installs it); elsewhere these are skipped with a reason.
const skip = !hasTmux && !process.env.CI ? 'tmux is not installed' : false;

describe('signals, in a terminal (tmux)', {skip}, () => {
	/** A terminal, closed after the test. */
	function terminal() {
		const pane = new TmuxPane({width: 100, height: 24});
		cleanups.push(() => pane.kill());
		return pane;
	}

	/** Runs `chat connect` in the pane, printing its pid first; returns the pid. */
	async function startConnect(pane: TmuxPane, port: number, name: string): Promise<number> {
		pane.type(
			`sh -c 'echo PID=$$; exec ${process.execPath} ${CLI_PATH} connect 127.0.0.1:${port} --name ${name}'; echo "EXIT=$?"`,
		);
		pane.press('Enter');
		const screen = await pane.waitFor(/^PID=\d+$/m);
		return Number(/^PID=(\d+)$/m.exec(screen)?.[1]);
	}

	/** The shell is usable again: line editing and echo on, the cursor visible. */
	async function assertTerminalRestored(pane: TmuxPane): Promise<void> {
		pane.type("stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo");
		pane.press('Enter');
		await pane.waitFor(/^icanon echo\s*$/m);
		assert.equal(pane.format('#{cursor_flag}'), '1', 'the cursor is visible again');
	}

	test('chat connect: SIGINT from kill quits, exits 0 and gives the terminal back', async () => {
		const server = await chatServer();
		const sam = await namedUser(server.port, 'sam');
		const pane = terminal();
		const pid = await startConnect(pane, server.port, 'zoe');
		await sam.expect('--> zoe entered.');
		await pane.waitFor('● connected · zoe · ');
		process.kill(pid, 'SIGINT');
		await sam.expect('<-- zoe left.');
		await pane.waitFor('EXIT=0');
		await assertTerminalRestored(pane);
	});

	test('chat connect: a second SIGTERM while the server never says Bye! exits 0, terminal restored', async () => {
		const deaf = await deafServer();
		const pane = terminal();
		const pid = await startConnect(pane, deaf.port, 'zoe');
		await pane.waitFor('● connected · zoe · ');
		process.kill(pid, 'SIGTERM');
		await deaf.quitHeard();
		process.kill(pid, 'SIGTERM');
		await pane.waitFor('EXIT=0');
		await assertTerminalRestored(pane);
	});
});
