// The TLS listener over real sockets: the same protocol inside TLS, plain and TLS users together,
// every limit applied to TLS connections as to plain ones, and handshakes that stall, fail, are
// refused by the client, or flood. Certificates are made with the openssl command at test time
// (test/helpers/certificates.ts); without openssl these tests are skipped.

import assert from 'node:assert/strict';
import net from 'node:net';
import {describe, test} from 'node:test';
import tls from 'node:tls';
import {
	type ChatServer,
	type ServerEvent,
	type ServerOptions,
	startServer,
} from '../source/index.js';
import {OPENSSL_MISSING, testCertificates} from './helpers/certificates.js';
import {LineClient} from './helpers/line-client.js';
import {type TlsClientOptions, TlsLineClient} from './helpers/tls-line-client.js';

const PROMPT = "Hi, what's your name?";
const skip = OPENSSL_MISSING;

/** Client sockets a test opened, reset (RST) after it, so no server socket outlives the test. */
const opened = new Set<net.Socket>();

/** A server with plain TCP and TLS, both on free ports of 127.0.0.1. */
async function withServer(
	options: ServerOptions,
	body: (
		ports: {plain: number; tls: number},
		server: ChatServer,
		events: ServerEvent[],
	) => Promise<void>,
): Promise<void> {
	const {server: cert} = testCertificates();
	const events: ServerEvent[] = [];
	const server = await startServer({
		port: 0,
		host: '127.0.0.1',
		rateLinesPerSecond: 0,
		historyLines: 0,
		tls: {cert: cert.cert.pem, key: cert.key.pem},
		tlsPort: 0,
		log: (event) => events.push(event),
		shutdownGraceMs: 300,
		...options,
	});
	let failure: unknown;
	try {
		const tlsPort = server.tlsAddress?.port;
		assert.ok(tlsPort, 'the server has a TLS listener');
		await body({plain: server.port, tls: tlsPort}, server, events);
	} catch (error) {
		failure = error;
	}
	for (const socket of opened) {
		if (socket.destroyed) continue;
		if (socket instanceof tls.TLSSocket) socket.destroy();
		else socket.resetAndDestroy();
	}
	opened.clear();
	try {
		await closeWithin(server, 3000);
	} catch (error) {
		// The test's own failure comes first; a close that hangs as well is added to it.
		if (failure instanceof Error) failure.message += ` (and then: ${(error as Error).message})`;
		else failure ??= error;
	}
	if (failure) throw failure;
}

/** `server.close()`, failing the test if it has not resolved within `ms`. */
async function closeWithin(server: ChatServer, ms: number): Promise<void> {
	await deadline(server.close(), ms, `server.close() did not resolve within ${ms} ms`);
}

async function deadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(message)), ms);
	});
	try {
		return await Promise.race([promise, late]);
	} finally {
		clearTimeout(timer);
	}
}

const trust = (): TlsClientOptions => ({ca: testCertificates().ca.pem});

/** A raw TCP connection (no TLS) to a port, and how long until the server closed it. */
interface RawConnection {
	socket: net.Socket;
	/** Milliseconds from opening to the server closing it; throws if still open after `ms`. */
	closedWithin(ms: number): Promise<number>;
	readonly isClosed: boolean;
}

function rawConnect(port: number): Promise<RawConnection> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({port, host: '127.0.0.1'}, () => {
			const openedAt = Date.now();
			let isClosed = false;
			const closed = new Promise<number>((done) =>
				socket.once('close', () => {
					isClosed = true;
					done(Date.now() - openedAt);
				}),
			);
			resolve({
				socket,
				closedWithin: (ms) => deadline(closed, ms, `the connection was still open after ${ms} ms`),
				get isClosed() {
					return isClosed;
				},
			});
		});
		opened.add(socket);
		socket.resume(); // read (and drop) whatever comes, such as an alert, so the close is seen
		socket.on('error', () => {});
		socket.once('error', reject);
	});
}

/** A verifying TLS client (trusting the test CA unless told otherwise), reset after the test. */
async function tlsConnect(
	port: number,
	options: Partial<TlsClientOptions> = {},
): Promise<TlsLineClient> {
	const client = await TlsLineClient.connect(port, {...trust(), ...options});
	opened.add(client.socket);
	return client;
}

async function tlsNamed(
	port: number,
	name: string,
	options: Partial<TlsClientOptions> = {},
): Promise<TlsLineClient> {
	const client = await tlsConnect(port, options);
	await client.expect(PROMPT);
	client.send(name);
	await client.expect(`Welcome, ${name}!`);
	return client;
}

/** Tries a TLS connection; resolves with the client, or with the error that ended the attempt. */
function tryTls(
	port: number,
	options: Partial<TlsClientOptions> = {},
): Promise<TlsLineClient | Error> {
	return deadline(tlsConnect(port, options), 3000, 'the TLS handshake did not finish in 3 s').catch(
		(error: Error) => error,
	);
}

/** What a TLS client sees of the server: its first line, or how the attempt ended. */
async function firstWordsOverTls(port: number): Promise<string> {
	const client = await tryTls(port);
	if (client instanceof Error) {
		return `handshake failed: ${(client as NodeJS.ErrnoException).code ?? client.message}`;
	}
	try {
		return await client.line(3000);
	} catch (error) {
		return `no line: ${(error as Error).message}`;
	} finally {
		client.destroy();
	}
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(ready: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!ready()) {
		if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await delay(20);
	}
}

const within = (ms: number, low: number, high: number, what: string) =>
	assert.ok(ms >= low && ms <= high, `${what} after ${ms} ms; expected ${low}-${high} ms`);

/** The bytes a real TLS client sends first (its ClientHello), captured with a throwaway server. */
function captureClientHello(): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const sink = net.createServer((socket) => {
			socket.once('data', (chunk: Buffer) => {
				resolve(chunk);
				socket.destroy();
				sink.close();
			});
		});
		sink.on('error', reject);
		sink.listen(0, '127.0.0.1', () => {
			const {port} = sink.address() as net.AddressInfo;
			const client = tls.connect({
				port,
				host: '127.0.0.1',
				servername: 'localhost',
				rejectUnauthorized: false,
			});
			client.on('error', () => {});
		});
	});
}

describe('the same protocol inside TLS', {skip}, () => {
	test('prompt, welcome, chat, /me, /who and quit over TLS, with the configured certificate', () =>
		withServer({}, async (ports) => {
			assert.notEqual(ports.tls, ports.plain);
			const alice = await tlsConnect(ports.tls);
			assert.equal(alice.socket.authorized, true);
			assert.equal(alice.peerCertificate.fingerprint256, testCertificates().server.fingerprint256);
			await alice.expect(PROMPT);
			alice.send('alice');
			await alice.expect('Welcome, alice!');
			const bob = await tlsNamed(ports.tls, 'bob');
			await alice.expect('--> bob entered.');
			bob.send('hello over TLS');
			await alice.expect('bob: hello over TLS');
			alice.send('/me waves');
			await bob.expect('* alice waves');
			alice.send('/who');
			await alice.expect('*** In #lobby (2): alice, bob');
			bob.send('quit');
			await bob.expect('Bye!');
			await bob.waitClosed();
			await alice.expect('<-- bob left.');
			assert.equal(
				bob.raw.toString(),
				"Hi, what's your name?\nWelcome, bob!\n* alice waves\nBye!\n",
			);
		}));

	test('CRLF lines and /QUIT at the prompt work over TLS as over plain TCP', () =>
		withServer({}, async (ports) => {
			const alice = await tlsNamed(ports.tls, 'alice');
			const bob = await tlsConnect(ports.tls);
			await bob.expect(PROMPT);
			bob.write('bob\r\n');
			await bob.expect('Welcome, bob!');
			await alice.expect('--> bob entered.');
			bob.write('crlf line\r\n');
			await alice.expect('bob: crlf line');
			const carol = await tlsConnect(ports.tls);
			await carol.expect(PROMPT);
			carol.send('/QUIT');
			await carol.expect('Bye!');
			await carol.waitClosed();
		}));

	test('a self-signed certificate is served as configured', () => {
		const {selfSigned} = testCertificates();
		return withServer(
			{tls: {cert: selfSigned.cert.pem, key: selfSigned.key.pem}},
			async (ports) => {
				const client = await tlsNamed(ports.tls, 'zoe', {ca: selfSigned.cert.pem});
				assert.equal(client.peerCertificate.fingerprint256, selfSigned.fingerprint256);
				client.send('/who');
				await client.expect('*** In #lobby (1): zoe');
			},
		);
	});

	test('plain: false listens with TLS only', async () => {
		const {server: cert} = testCertificates();
		const server = await startServer({
			host: '127.0.0.1',
			plain: false,
			tls: {cert: cert.cert.pem, key: cert.key.pem},
			tlsPort: 0,
		});
		try {
			const port = server.tlsAddress?.port as number;
			const client = await tlsNamed(port, 'zoe');
			client.send('/who');
			await client.expect('*** In #lobby (1): zoe');
			client.send('quit');
			await client.waitClosed();
		} finally {
			await closeWithin(server, 3000);
		}
	});
});

describe('plain and TLS users together', {skip}, () => {
	test('they share #lobby and other rooms, both ways, with private messages', () =>
		withServer({}, async (ports) => {
			const plain = await LineClient.named(ports.plain, 'plain');
			const secure = await tlsNamed(ports.tls, 'secure');
			await plain.expect('--> secure entered.');
			secure.send('from TLS');
			await plain.expect('secure: from TLS');
			plain.send('from TCP');
			await secure.expect('plain: from TCP');
			plain.send('/msg secure psst');
			await secure.expect('plain (private): psst');
			secure.send('/reply back');
			await plain.expect('secure (private): back');
			secure.send('/join #dev');
			await secure.expect('*** You are now in #dev (1 here: secure).');
			await plain.expect('<-- secure left.');
			plain.send('/join #dev');
			await plain.expect('*** You are now in #dev (2 here: secure, plain).');
			await secure.expect('--> plain entered.');
			secure.send('in dev');
			await plain.expect('secure: in dev');
			plain.send('/who');
			await plain.expect('*** In #dev (2): secure, plain');
			secure.send('quit');
			await secure.expect('Bye!');
			await plain.expect('<-- secure left.');
		}));

	test('names are one namespace across both listeners', () =>
		withServer({}, async (ports) => {
			await LineClient.named(ports.plain, 'zoe');
			const secure = await tlsConnect(ports.tls);
			await secure.expect(PROMPT);
			secure.send('ZOE');
			await secure.expect('*** The name ZOE is taken; please choose another.');
			await secure.expect(PROMPT);
		}));
});

describe('every limit applies to TLS connections', {skip}, () => {
	test('line length: an overlong line is refused with the same notice, while naming too', () =>
		withServer({maxLineBytes: 100}, async (ports) => {
			const alice = await LineClient.named(ports.plain, 'alice');
			const bob = await tlsNamed(ports.tls, 'bob');
			await alice.expect('--> bob entered.');
			bob.send('x'.repeat(101));
			await bob.expect('*** Line too long (over 100 bytes); it was not sent.');
			bob.send('y'.repeat(100));
			await alice.expect(`bob: ${'y'.repeat(100)}`);
			const naming = await tlsConnect(ports.tls);
			await naming.expect(PROMPT);
			naming.send('n'.repeat(101));
			await naming.expect('*** Line too long (over 100 bytes); it was not sent.');
			await naming.expect(PROMPT);
		}));

	test('name timeout: a TLS connection that gives no name is told and closed', () =>
		withServer({nameTimeoutSeconds: 0.5}, async (ports) => {
			const started = Date.now();
			const slow = await tlsConnect(ports.tls);
			await slow.expect(PROMPT);
			await slow.expect('*** No name given within 0.5 seconds; closing.', 3000);
			await slow.waitClosed();
			within(Date.now() - started, 400, 2000, 'closed');
		}));

	test('capacity: TLS connections count like plain ones; one too many is closed before its handshake', () =>
		withServer({maxClients: 3}, async (ports) => {
			const alice = await LineClient.named(ports.plain, 'alice');
			await tlsNamed(ports.tls, 'bob');
			await alice.expect('--> bob entered.');
			const unnamed = await tlsConnect(ports.tls);
			await unnamed.expect(PROMPT);
			// Full now: a plain newcomer gets the notice instead of the prompt...
			const plainExtra = await LineClient.connect(ports.plain);
			await plainExtra.expect('*** Server is full (3 connections); please try again later.');
			await plainExtra.waitClosed();
			// ...while a TLS newcomer is closed before its handshake: nothing can be said to it without
			// one, and completing handshakes past the cap is what a handshake flood would cost.
			assert.match(await firstWordsOverTls(ports.tls), /^handshake failed: /);
		}));

	test('capacity: a slot freed by a TLS user is taken by the next one', () =>
		withServer({maxClients: 2}, async (ports) => {
			const alice = await LineClient.named(ports.plain, 'alice');
			const bob = await tlsNamed(ports.tls, 'bob');
			await alice.expect('--> bob entered.');
			bob.send('quit');
			await alice.expect('<-- bob left.');
			const carol = await tlsNamed(ports.tls, 'carol');
			await alice.expect('--> carol entered.');
			carol.send('quit');
			await carol.waitClosed();
		}));

	test('slow consumer: a TLS client that never reads is dropped; others get everything', () =>
		withServer({maxQueueBytes: 256 * 1024}, async (ports) => {
			const reader = await tlsNamed(ports.tls, 'reader');
			const sleeper = await tlsNamed(ports.tls, 'sleeper');
			await reader.expect('--> sleeper entered.');
			sleeper.socket.pause();
			const sender = await LineClient.named(ports.plain, 'sender');
			await reader.expect('--> sender entered.');
			const text = 'm'.repeat(4000);
			let sleeperLeft = false;
			for (let round = 0; round < 100 && !sleeperLeft; round++) {
				for (let index = 0; index < 100; index++) sender.send(`${round}.${index} ${text}`);
				for (let index = 0; index < 100; ) {
					const line = await reader.line(10_000);
					if (line === '<-- sleeper left.') sleeperLeft = true;
					else assert.equal(line, `sender: ${round}.${index++} ${text}`);
				}
			}
			assert.equal(sleeperLeft, true, 'the TLS sleeper was dropped');
			assert.equal(reader.closed, false);
		}));

	test('flood control: a TLS flood is slowed, not cut', () =>
		withServer({rateLinesPerSecond: 50}, async (ports) => {
			const reader = await LineClient.named(ports.plain, 'reader');
			const flooder = await tlsNamed(ports.tls, 'flooder');
			await reader.expect('--> flooder entered.');
			const started = Date.now();
			flooder.write(Array.from({length: 150}, (_, index) => `flood ${index}\n`).join(''));
			for (let index = 0; index < 150; index++) await reader.expect(`flooder: flood ${index}`);
			const elapsed = Date.now() - started;
			assert.ok(elapsed >= 800, `the flood took ${elapsed} ms; expected about 1 s`);
		}));
});

describe('handshakes that stall', {skip}, () => {
	test('a TLS handshake that never starts is closed after the name timeout', () =>
		withServer({nameTimeoutSeconds: 0.5}, async (ports) => {
			const raw = await rawConnect(ports.tls);
			within(await raw.closedWithin(3000), 400, 2000, 'the stalled handshake was closed');
		}));

	test('a TLS handshake that stalls half-way is closed after the name timeout', () =>
		withServer({nameTimeoutSeconds: 0.5}, async (ports) => {
			const hello = await captureClientHello();
			const raw = await rawConnect(ports.tls);
			raw.socket.write(hello);
			within(await raw.closedWithin(3000), 400, 2000, 'the half-done handshake was closed');
		}));

	test('a client that hangs up mid-handshake frees its slot within the name timeout', () =>
		withServer({maxClients: 2, nameTimeoutSeconds: 1}, async (ports) => {
			for (let index = 0; index < 4; index++) {
				const raw = await rawConnect(ports.tls);
				raw.socket.end(); // FIN, as nc does at the end of its input
				await raw.closedWithin(3000);
			}
			const zoe = await tlsNamed(ports.tls, 'zoe');
			zoe.send('quit');
			await zoe.waitClosed();
		}));

	test('a client that refuses the certificate frees its slot at once', () =>
		withServer({maxClients: 2, nameTimeoutSeconds: 30}, async (ports, server) => {
			// Trusting another CA, as a client with the wrong CA bundle does.
			for (let index = 0; index < 3; index++) {
				const refused = await tryTls(ports.tls, {ca: testCertificates().ca2.pem});
				assert.ok(refused instanceof Error, 'the client refused the certificate');
			}
			assert.equal(server.connectionCount, 0);
			// The server frees each slot when it sees the refusal, a moment after the client has.
			let result = await tryTls(ports.tls);
			for (let attempt = 0; attempt < 20 && result instanceof Error; attempt++) {
				await new Promise((resolve) => setTimeout(resolve, 50));
				result = await tryTls(ports.tls);
			}
			assert.ok(
				!(result instanceof Error),
				`a trusting client after three refusals: ${(result as Error).message}`,
			);
			const zoe = result as TlsLineClient;
			await zoe.expect(PROMPT);
		}));

	test('close() resolves promptly while a handshake is stalled, and closes it', async () => {
		const {server: cert} = testCertificates();
		const server = await startServer({
			port: 0,
			host: '127.0.0.1',
			tls: {cert: cert.cert.pem, key: cert.key.pem},
			tlsPort: 0,
			nameTimeoutSeconds: 10,
			shutdownGraceMs: 300,
		});
		const raw = await rawConnect(server.tlsAddress?.port as number);
		const started = Date.now();
		try {
			await closeWithin(server, 3000);
			assert.ok(Date.now() - started < 3000);
			await raw.closedWithin(1000);
		} finally {
			raw.socket.resetAndDestroy();
			await server.close();
		}
	});
});

describe('broken and hostile handshakes', {skip}, () => {
	test('garbage instead of a handshake is closed and logged as a reject; the server serves on', () =>
		withServer({}, async (ports, _server, events) => {
			const http = await rawConnect(ports.tls);
			http.socket.write('GET / HTTP/1.0\r\n\r\n');
			await http.closedWithin(2000).catch((error: Error) => {
				throw new Error(`an HTTP request: ${error.message}`);
			});
			const junk = await rawConnect(ports.tls);
			junk.socket.write(Buffer.from([0x16, 3, 1, 0, 4, 1, 0, 0, 0])); // an empty ClientHello
			await junk.closedWithin(2000).catch((error: Error) => {
				throw new Error(`a broken handshake record: ${error.message}`);
			});
			const fine = await tlsNamed(ports.tls, 'fine');
			fine.send('/who');
			await fine.expect('*** In #lobby (1): fine');
			const rejects = events.filter((event) => event.type === 'reject');
			assert.equal(rejects.length, 2, JSON.stringify(events));
			for (const event of rejects) {
				assert.match(
					JSON.stringify(event),
					/"peer":"127\.0\.0\.1:\d+","reason":"TLS handshake failed: /,
				);
			}
		}));

	test('a plain-text client on the TLS port gets no prompt and is closed', () =>
		withServer({}, async (ports) => {
			const nc = await LineClient.connect(ports.tls);
			opened.add(nc.socket);
			nc.send('alice');
			await nc.waitClosed();
			assert.ok(!nc.raw.toString().includes(PROMPT));
		}));

	test('a TLS client on the plain port fails its handshake; the server serves on', () =>
		withServer({}, async (ports) => {
			const result = await tryTls(ports.plain);
			assert.ok(result instanceof Error);
			const fine = await LineClient.named(ports.plain, 'fine');
			fine.send('/who');
			await fine.expect('*** In #lobby (1): fine');
		}));
});

describe('a TLS handshake flood', {skip}, () => {
	test('stalled handshakes past the cap are closed at once; the rest after the name timeout', () =>
		withServer({maxClients: 5, nameTimeoutSeconds: 1}, async (ports, server, events) => {
			const raws = await Promise.all(Array.from({length: 10}, () => rawConnect(ports.tls)));
			await delay(400);
			const closedAtOnce = raws.filter((raw) => raw.isClosed).length;
			assert.equal(closedAtOnce, 5, `closed at once: ${closedAtOnce} of 10`);
			// During the flood, a legitimate TLS client finds no slot for its handshake.
			const during = await firstWordsOverTls(ports.tls);
			assert.notEqual(during, PROMPT, 'a sixth connection got in past the cap of 5');
			// The stalled ones are closed by the name timeout...
			for (const raw of raws)
				within(await raw.closedWithin(3000), 0, 2500, 'a stalled handshake closed');
			// ...and every slot is usable again.
			for (let index = 0; index < 5; index++) await tlsNamed(ports.tls, `u${index}`);
			assert.equal(server.connectionCount, 5);
			assert.ok(
				events.every((event) => !JSON.stringify(event).includes('unknown:0')),
				`every reject names its peer: ${JSON.stringify(events.filter((event) => JSON.stringify(event).includes('unknown')))}`,
			);
		}));

	test('a TLS connection refused for capacity is logged with its peer, once', () =>
		withServer({maxClients: 1}, async (ports, _server, events) => {
			await LineClient.named(ports.plain, 'alice');
			await firstWordsOverTls(ports.tls);
			await delay(200);
			const rejects = events.filter((event) => event.type === 'reject');
			assert.equal(rejects.length, 1, JSON.stringify(rejects));
			assert.match(JSON.stringify(rejects[0]), /"peer":"127\.0\.0\.1:\d+","reason":"server full"/);
		}));

	test('stalled TLS handshakes count toward the cap for plain connections too', () =>
		withServer({maxClients: 5, nameTimeoutSeconds: 5}, async (ports) => {
			await Promise.all(Array.from({length: 5}, () => rawConnect(ports.tls)));
			await delay(100);
			// Five connections are open (in their handshakes): the server is at its cap.
			const plain = await LineClient.connect(ports.plain);
			opened.add(plain.socket);
			assert.equal(
				await plain.line(),
				'*** Server is full (5 connections); please try again later.',
			);
		}));

	test('TLS slots are given back: users and failed handshakes come and go, and the cap is exact', () =>
		withServer({maxClients: 3}, async (ports, server) => {
			for (let round = 0; round < 5; round++) {
				const users = [];
				for (let index = 0; index < 3; index++) {
					users.push(await tlsNamed(ports.tls, `r${round}u${index}`));
				}
				const [first, ...rest] = users;
				first?.send('quit');
				await first?.waitClosed();
				for (const user of rest) user.destroy();
				for (const user of rest) await user.waitClosed();
				const junk = await rawConnect(ports.tls);
				junk.socket.write('nonsense\n');
				await junk.closedWithin(2000);
				await waitUntil(() => server.connectionCount === 0, 'every connection to leave');
			}
			for (let index = 0; index < 3; index++) await tlsNamed(ports.tls, `last${index}`);
			assert.equal(server.connectionCount, 3);
		}));
});
