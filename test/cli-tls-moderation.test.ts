// `chat serve` with TLS, operators, bans on disk and per-address limits, as a user runs it: the
// built CLI in a child process, talked to over raw and TLS sockets; its stdout, stderr and exit.

import assert from 'node:assert/strict';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {OPENSSL_MISSING, testCertificates} from './helpers/certificates.js';
import {CliProcess, runCli} from './helpers/cli-process.js';
import {LineClient} from './helpers/line-client.js';
import {TlsLineClient} from './helpers/tls-line-client.js';

const PASSWORD = 'hunter2 is long';
const PLAIN_WARNING = '*** Warning: that password crossed the network unencrypted; use TLS.';
const STACK_LINE = /^\s+at /m;

const tempDirs: string[] = [];
after(() => {
	for (const dir of tempDirs) rmSync(dir, {recursive: true, force: true});
});
function tempDir(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'natter-cli-'));
	tempDirs.push(dir);
	return dir;
}

/** The TLS listener's port from `Listening on HOST:PORT (TLS)`. */
async function tlsListeningPort(serve: CliProcess): Promise<number> {
	const match = await serve.waitForStdout(/Listening on .+:(\d+) \(TLS\)\n/);
	return Number(match[1]);
}

/** Copies of the test certificate and key, so a test may overwrite them (for SIGHUP). */
function certFiles(): {cert: string; key: string; dir: string} {
	const dir = tempDir();
	const {server} = testCertificates();
	const cert = path.join(dir, 'cert.pem');
	const key = path.join(dir, 'key.pem');
	copyFileSync(server.cert.file, cert);
	copyFileSync(server.key.file, key);
	return {cert, key, dir};
}

function passwordFile(text = `${PASSWORD}\nsecond line is ignored\n`): string {
	const file = path.join(tempDir(), 'op-password');
	writeFileSync(file, text);
	return file;
}

async function stop(serve: CliProcess): Promise<void> {
	serve.kill('SIGTERM');
	const {code} = await serve.exited;
	assert.equal(code, 0, `exit code; stderr: ${serve.stderr}`);
}

function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = net.createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, () => probe.close(() => resolve(true)));
	});
}

const ca = () => testCertificates().ca.pem;

describe('chat serve --help', () => {
	test('lists every new flag, the TLS port default and the password variable', async () => {
		const help = await runCli(['serve', '--help']);
		assert.equal(help.code, 0);
		for (const text of [
			'--tls-cert',
			'--tls-key',
			'--tls-port',
			'--no-plain',
			'--op-password-file',
			'NATTER_OP_PASSWORD',
			'--state-dir',
			'--max-per-address',
			'4243',
			'SIGHUP',
		]) {
			assert.ok(help.stdout.includes(text), `help mentions ${text}`);
		}
		assert.match(help.stdout, /--max-per-address N.*\(default 0\)/);
		assert.ok(!/--op-password\s/.test(help.stdout), 'no flag takes the password itself');
	});
});

describe('chat serve with TLS', {skip: OPENSSL_MISSING}, () => {
	test('listens on both, prints a line for each, and plain and TLS users chat together', async () => {
		const files = certFiles();
		const serve = new CliProcess([
			'serve',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--tls-port',
			'0',
			'--tls-cert',
			files.cert,
			'--tls-key',
			files.key,
		]);
		const tlsPort = await tlsListeningPort(serve);
		const port = await serve.listeningPort();
		assert.equal(
			serve.stdout,
			`Listening on 127.0.0.1:${port}\nListening on 127.0.0.1:${tlsPort} (TLS)\n`,
		);
		const plain = await LineClient.named(port, 'plain');
		const secure = await TlsLineClient.named(tlsPort, 'secure', {ca: ca()});
		await plain.expect('--> secure entered.');
		secure.send('hi from TLS');
		await plain.expect('secure: hi from TLS');
		plain.send('hi from nc');
		await secure.expect('plain: hi from nc');
		await stop(serve);
		await secure.expect('*** Server shutting down.');
		await plain.expect('*** Server shutting down.');
	});

	test('--no-plain listens with TLS only and prints only the TLS line', async () => {
		const files = certFiles();
		const serve = new CliProcess([
			'serve',
			'--host',
			'127.0.0.1',
			'--no-plain',
			'--tls-port',
			'0',
			'--tls-cert',
			files.cert,
			'--tls-key',
			files.key,
		]);
		const tlsPort = await tlsListeningPort(serve);
		assert.equal(serve.stdout, `Listening on 127.0.0.1:${tlsPort} (TLS)\n`);
		const secure = await TlsLineClient.named(tlsPort, 'secure', {ca: ca()});
		secure.send('/who');
		await secure.expect('*** In #lobby (1): secure');
		await stop(serve);
	});

	test('the TLS port defaults to 4243', async (t) => {
		if (!(await isPortFree(4243))) {
			t.skip('port 4243 is in use on this machine');
			return;
		}
		const files = certFiles();
		const serve = new CliProcess([
			'serve',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--tls-cert',
			files.cert,
			'--tls-key',
			files.key,
		]);
		assert.equal(await tlsListeningPort(serve), 4243);
		await stop(serve);
	});

	for (const [args, message] of [
		[['--tls-port', '5000'], '--tls-port needs --tls-cert and --tls-key'],
		[['--no-plain'], '--no-plain needs --tls-cert and --tls-key'],
	] as const) {
		test(`${args.join(' ')} without a certificate is a usage error (exit 2)`, async () => {
			const result = await runCli(['serve', '--port', '0', ...args]);
			assert.equal(result.code, 2);
			assert.equal(result.stderr, `chat serve: ${message}\nRun 'chat serve --help' for usage.\n`);
			assert.equal(result.stdout, '');
		});
	}

	test('--tls-cert without --tls-key (and the reverse) is a usage error (exit 2)', async () => {
		const files = certFiles();
		for (const args of [
			['--tls-cert', files.cert],
			['--tls-key', files.key],
		]) {
			const result = await runCli(['serve', '--port', '0', ...args]);
			assert.equal(result.code, 2, result.stderr);
		}
	});

	const bad = (): [string, string[], string][] => {
		const files = certFiles();
		const missing = path.join(files.dir, 'missing.pem');
		const garbage = path.join(files.dir, 'garbage.pem');
		writeFileSync(garbage, 'not a certificate\n');
		const {strayKey} = testCertificates();
		return [
			['a missing certificate', ['--tls-cert', missing, '--tls-key', files.key], missing],
			['a missing key', ['--tls-cert', files.cert, '--tls-key', missing], missing],
			['a directory as certificate', ['--tls-cert', files.dir, '--tls-key', files.key], files.dir],
			['a file with no certificate', ['--tls-cert', garbage, '--tls-key', files.key], garbage],
			['a file with no key', ['--tls-cert', files.cert, '--tls-key', garbage], garbage],
			[
				'a key that does not match',
				['--tls-cert', files.cert, '--tls-key', strayKey.file],
				strayKey.file,
			],
			[
				'a certificate given as key',
				['--tls-cert', files.cert, '--tls-key', files.cert],
				files.cert,
			],
		];
	};
	test('an unreadable or mismatched certificate or key: one line naming the file, exit 1', async () => {
		for (const [what, args, file] of bad()) {
			const result = await runCli(['serve', '--port', '0', '--tls-port', '0', ...args]);
			assert.equal(result.code, 1, `${what}: ${result.stderr}`);
			assert.equal(result.stdout, '', what);
			const lines = result.stderr.split('\n').filter(Boolean);
			assert.equal(lines.length, 1, `${what}: ${result.stderr}`);
			assert.ok(lines[0]?.includes(file), `${what}: ${lines[0]} names ${file}`);
			assert.doesNotMatch(result.stderr, STACK_LINE);
		}
	});

	test('SIGHUP reloads the certificate: everyone stays and chats, a new TLS connection sees the new one', async () => {
		const files = certFiles();
		const serve = new CliProcess([
			'serve',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--tls-port',
			'0',
			'--tls-cert',
			files.cert,
			'--tls-key',
			files.key,
		]);
		const tlsPort = await tlsListeningPort(serve);
		const port = await serve.listeningPort();
		const {server, server2, ca2} = testCertificates();
		const plain = await LineClient.named(port, 'plain');
		const secure = await TlsLineClient.named(tlsPort, 'secure', {ca: ca()});
		await plain.expect('--> secure entered.');
		assert.equal(secure.peerCertificate.fingerprint256, server.fingerprint256);

		copyFileSync(server2.cert.file, files.cert);
		copyFileSync(server2.key.file, files.key);
		serve.kill('SIGHUP');
		await serve.waitForStderr(/ info TLS certificate reloaded from .*cert\.pem\n/);

		secure.send('still here over TLS');
		await plain.expect('secure: still here over TLS');
		plain.send('still here over TCP');
		await secure.expect('plain: still here over TCP');
		const fresh = await TlsLineClient.named(tlsPort, 'fresh', {ca: ca2.pem});
		assert.equal(fresh.peerCertificate.fingerprint256, server2.fingerprint256);
		await plain.expect('--> fresh entered.');
		await assert.rejects(
			TlsLineClient.connect(tlsPort, {ca: ca()}),
			'the old CA no longer verifies',
		);

		// A broken certificate on SIGHUP: a warning, and the last good one stays in use.
		writeFileSync(files.cert, 'broken\n');
		serve.kill('SIGHUP');
		await serve.waitForStderr(/ warning TLS certificate not reloaded: .*cert\.pem.*\n/);
		const again = await TlsLineClient.named(tlsPort, 'again', {ca: ca2.pem});
		assert.equal(again.peerCertificate.fingerprint256, server2.fingerprint256);
		await plain.expect('--> again entered.');
		secure.send('and still');
		await plain.expect('secure: and still');
		assert.doesNotMatch(serve.stderr, STACK_LINE);
		await stop(serve);
	});

	test('garbage handshakes print no stack trace, and the server serves on', async () => {
		const files = certFiles();
		const serve = new CliProcess([
			'serve',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--tls-port',
			'0',
			'--tls-cert',
			files.cert,
			'--tls-key',
			files.key,
		]);
		const tlsPort = await tlsListeningPort(serve);
		for (const payload of [
			'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
			Buffer.from([0x16, 3, 1, 0, 4, 1, 0, 0, 0]),
			Buffer.alloc(20_000, 0x16),
			'\x00\xff\xfe garbage\n',
		]) {
			const socket = net.connect({port: tlsPort, host: '127.0.0.1'});
			socket.on('error', () => {});
			socket.resume();
			socket.write(payload);
			await new Promise((resolve) => setTimeout(resolve, 100));
			socket.resetAndDestroy();
		}
		const fine = await TlsLineClient.named(tlsPort, 'fine', {ca: ca()});
		fine.send('/who');
		await fine.expect('*** In #lobby (1): fine');
		assert.doesNotMatch(serve.stderr, STACK_LINE);
		for (const line of serve.stderr.trim().split('\n')) {
			assert.match(line, /^\d{4}-\d\d-\d\dT\S+Z (reject|join) /, line);
		}
		assert.match(serve.stderr, / reject 127\.0\.0\.1:\d+ \(TLS handshake failed: /);
		await stop(serve);
	});

	test('a stalled handshake is closed after --name-timeout', async () => {
		const files = certFiles();
		const serve = new CliProcess([
			'serve',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--tls-port',
			'0',
			'--name-timeout',
			'1',
			'--tls-cert',
			files.cert,
			'--tls-key',
			files.key,
		]);
		const tlsPort = await tlsListeningPort(serve);
		const socket = net.connect({port: tlsPort, host: '127.0.0.1'});
		socket.on('error', () => {});
		socket.resume();
		const started = Date.now();
		const closed = await Promise.race([
			new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started))),
			new Promise<number>((resolve) => setTimeout(() => resolve(-1), 4000)),
		]);
		socket.resetAndDestroy();
		await stop(serve);
		assert.ok(closed >= 0, 'the stalled handshake was still open after 4 s');
		assert.ok(closed >= 800 && closed <= 2500, `closed after ${closed} ms`);
	});
});

describe('chat serve operators', () => {
	async function serveWith(args: string[], env: NodeJS.ProcessEnv = {}) {
		const serve = new CliProcess(['serve', '--host', '127.0.0.1', '--port', '0', ...args], {
			env: {NATTER_OP_PASSWORD: '', ...env},
		});
		return {serve, port: await serve.listeningPort()};
	}

	test('the password from --op-password-file (its first line); every action is logged on stderr', async () => {
		const {serve, port} = await serveWith(['--op-password-file', passwordFile()]);
		const alice = await LineClient.named(port, 'alice');
		await LineClient.named(port, 'bob', {localAddress: '127.0.0.2'});
		await alice.expect('--> bob entered.');
		alice.send('/op second line is ignored');
		await alice.expect(PLAIN_WARNING);
		await alice.expect('*** Wrong operator password.');
		alice.send(`/op ${PASSWORD}`);
		await alice.expect(PLAIN_WARNING);
		await alice.expect('*** You are now an operator.');
		alice.send('/mute bob');
		await alice.expect('*** Muted bob.');
		alice.send('/kick bob spam');
		await alice.waitFor((line) => line === '*** Kicked bob.');
		alice.send('/ban 10.1.2.3 0');
		await alice.expect('*** Banned 10.1.2.3 until lifted.');
		alice.send('/unban 10.1.2.3');
		await alice.expect('*** Unbanned 10.1.2.3.');
		await stop(serve);
		const log = serve.stderr.replace(/^\S+ /gm, '');
		const alicePeer = /^join alice from (127\.0\.0\.1:\d+)$/m.exec(log)?.[1];
		assert.ok(alicePeer, log);
		for (const line of [
			`op alice wrong-password from ${alicePeer}`,
			`op alice op from ${alicePeer}`,
			`op alice mute bob from ${alicePeer}`,
			`op alice kick bob (spam) from ${alicePeer}`,
			`op alice ban 10.1.2.3 (10.1.2.3, until lifted) from ${alicePeer}`,
			`op alice unban 10.1.2.3 from ${alicePeer}`,
		]) {
			assert.ok(log.split('\n').includes(line), `stderr has "${line}":\n${log}`);
		}
		assert.match(log, /^leave bob from 127\.0\.0\.2:\d+ \(kicked\)$/m);
		assert.ok(!serve.stderr.includes(PASSWORD) && !serve.stdout.includes(PASSWORD));
	});

	test('the password from NATTER_OP_PASSWORD', async () => {
		const {serve, port} = await serveWith([], {NATTER_OP_PASSWORD: PASSWORD});
		const alice = await LineClient.named(port, 'alice');
		alice.send(`/op ${PASSWORD}`);
		await alice.expect(PLAIN_WARNING);
		await alice.expect('*** You are now an operator.');
		await stop(serve);
	});

	test('without either there are no operators', async () => {
		const {serve, port} = await serveWith([]);
		const alice = await LineClient.named(port, 'alice');
		alice.send('/op anything');
		await alice.expect('*** There are no operators on this server.');
		alice.send('/kick bob');
		await alice.expect('*** There are no operators on this server.');
		await stop(serve);
	});

	test('never from a command-line argument', async () => {
		for (const flag of ['--op-password', '--password']) {
			const result = await runCli(['serve', '--port', '0', flag, PASSWORD]);
			assert.equal(result.code, 2, `${flag}: ${result.stderr}`);
		}
	});

	test('an unreadable or empty password file: one line naming it, exit 1', async () => {
		const missing = path.join(tempDir(), 'nope');
		const empty = passwordFile('\nsecond\n');
		for (const file of [missing, empty]) {
			const result = await runCli(['serve', '--port', '0', '--op-password-file', file]);
			assert.equal(result.code, 1, result.stderr);
			const lines = result.stderr.split('\n').filter(Boolean);
			assert.equal(lines.length, 1, result.stderr);
			assert.ok(lines[0]?.includes(file), lines[0]);
		}
	});

	test('--state-dir: bans survive a restart of the CLI, in DIR/bans.json', async () => {
		const dir = tempDir();
		const first = await serveWith(['--state-dir', dir], {NATTER_OP_PASSWORD: PASSWORD});
		const alice = await LineClient.named(first.port, 'alice');
		alice.send(`/op ${PASSWORD}`);
		await alice.waitFor((line) => line === '*** You are now an operator.');
		const bob = await LineClient.named(first.port, 'bob', {localAddress: '127.0.0.2'});
		await alice.expect('--> bob entered.');
		alice.send('/ban bob 0');
		await bob.expect('*** You were banned by alice.');
		await alice.waitFor((line) => line === '*** Banned bob (127.0.0.2) until lifted.');
		await stop(first.serve);
		assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'bans.json'), 'utf8')), [
			{address: '127.0.0.2', until: null, by: 'alice'},
		]);
		const second = await serveWith(['--state-dir', dir]);
		const refused = await LineClient.connect(second.port, '127.0.0.1', {localAddress: '127.0.0.2'});
		await refused.waitClosed();
		assert.equal(refused.raw.toString(), '*** You are banned from this server.\n');
		await LineClient.named(second.port, 'carol', {localAddress: '127.0.0.3'});
		await stop(second.serve);
		assert.match(second.serve.stderr, / reject 127\.0\.0\.2:\d+ \(banned\)\n/);
	});

	test('--state-dir with a corrupt bans.json: one clear line naming it, exit 1', async () => {
		const dir = tempDir();
		mkdirSync(dir, {recursive: true});
		const file = path.join(dir, 'bans.json');
		writeFileSync(file, '[{"address": "10.0.0.1", "until": null');
		const result = await runCli(['serve', '--port', '0', '--state-dir', dir]);
		assert.equal(result.code, 1);
		assert.equal(result.stdout, '');
		const lines = result.stderr.split('\n').filter(Boolean);
		assert.equal(lines.length, 1, result.stderr);
		assert.ok(lines[0]?.includes(file), lines[0]);
		assert.match(lines[0] ?? '', /corrupt/);
	});
});

describe('chat serve --max-per-address', () => {
	test('one more connection from the address is told and closed; others are not', async () => {
		const serve = new CliProcess([
			'serve',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--max-per-address',
			'1',
		]);
		const port = await serve.listeningPort();
		const alice = await LineClient.named(port, 'alice');
		const extra = await LineClient.connect(port);
		await extra.waitClosed();
		assert.equal(extra.raw.toString(), '*** Too many connections from your address.\n');
		await LineClient.named(port, 'bob', {localAddress: '127.0.0.2'});
		await alice.expect('--> bob entered.');
		await stop(serve);
		assert.match(
			serve.stderr,
			/ reject 127\.0\.0\.1:\d+ \(too many connections from the address\)\n/,
		);
	});

	for (const value of ['-1', '1.5', 'lots']) {
		test(`--max-per-address ${value} is a usage error (exit 2)`, async () => {
			const result = await runCli(['serve', '--port', '0', '--max-per-address', value]);
			assert.equal(result.code, 2);
			assert.match(result.stderr, /^chat serve: --max-per-address must be /);
		});
	}
});
