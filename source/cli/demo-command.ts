// `chat demo`: a server, a few bots and your client in one process. If the port is busy it takes
// a free one and says so; quitting the client shuts the server down gracefully and exits 0.

import {ChatClient} from '../client/chat-client.js';
import {startBots} from '../demo/bots.js';
import {defaultName} from '../demo/default-name.js';
import {joinHints, machineAddresses, tlsJoinHints} from '../demo/join-hints.js';
import {makeThrowawayCertificate} from '../demo/throwaway-certificate.js';
import {ChatServer} from '../server/chat-server.js';
import {DEFAULT_PORT, DEFAULT_TLS_PORT} from '../server/options.js';
import {parseListenPort, parseNameFlag, parseNumberFlag, parseRoomFlag} from './flags.js';
import {runClient} from './run-client.js';
import {exitOnSignals} from './signals.js';

export const demoFlags = {
	port: {type: 'string'},
	name: {type: 'string'},
	bots: {type: 'string'},
	room: {type: 'string'},
	tls: {type: 'boolean', default: false},
	bell: {type: 'boolean', default: true},
} as const;

export const DEFAULT_BOTS = 2;

export const demoHelp = (program: string): string => `
	Usage
	  $ ${program} demo [options]

	Runs a chat server and joins it, with a couple of bots, in one terminal. Friends can join
	with nc, telnet or ${program} connect; the screen shows how.

	Options
	  --port PORT   Port for the server; if it is busy, a free one is used  (default ${DEFAULT_PORT})
	  --name NAME   Your name in the chat                       (default: your user name)
	  --bots N      Simulated participants: a greeter, an oracle, then chatters; 0 for none (default ${DEFAULT_BOTS})
	  --room ROOM   Join ROOM right after the welcome                (default: stay in #lobby)
	  --tls         Also listen with TLS, with a throwaway self-signed certificate (needs openssl)
	  --no-bell     Never ring the terminal bell

	Quit with quit, /quit, Ctrl-C or Ctrl-D: everyone connected is told the server is shutting down.

	Examples
	  $ ${program} demo
	  $ npx natter demo --bots 4
`;

export interface DemoFlags {
	port?: string;
	name?: string;
	bots?: string;
	room?: string;
	tls: boolean;
	bell: boolean;
}

export async function runDemo(flags: DemoFlags): Promise<void> {
	const port = parseListenPort(flags.port);
	const bots =
		flags.bots === undefined
			? DEFAULT_BOTS
			: parseNumberFlag('bots', flags.bots, {integer: true, min: 0, max: 50});
	const name = parseNameFlag(flags.name) ?? defaultName();
	const joinRoom = parseRoomFlag(flags.room);
	const certificate = flags.tls ? makeThrowawayCertificate() : undefined;

	const server = new ChatServer({shutdownGraceMs: 1000});
	const intro: string[] = [];
	try {
		await server.listen(port);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
		await server.listen(0);
		intro.push(`Port ${port} is busy, so the demo is using port ${server.port} instead.`);
	}
	if (certificate) {
		await server
			.listenTls(certificate, DEFAULT_TLS_PORT)
			.catch(() => server.listenTls(certificate, 0));
	}
	process.title = `natter demo :${server.port}`;
	intro.push(
		`natter demo on port ${server.port}: you are ${name}, with ${bots} bot${bots === 1 ? '' : 's'}.`,
	);
	intro.push(...joinHints(server.port, machineAddresses()));
	const tlsPort = server.tlsAddress?.port;
	if (certificate && tlsPort !== undefined) {
		intro.push(...tlsJoinHints(tlsPort, certificate.certFile));
	}

	const room = await startBots(bots, server.port, {taken: [name]}); // your name is yours, not a bot's
	const client = new ChatClient({
		host: 'localhost',
		port: tlsPort ?? server.port,
		tls: certificate && {ca: certificate.cert},
		name,
		room: joinRoom,
		reconnect: false,
	});
	client.hold();
	await client.connect();

	// A signal quits the client, after which the embedded server shuts down gracefully as below.
	exitOnSignals(() => client.quit());
	const code = await runClient(client, {intro, bell: flags.bell});
	await server.close(); // tells everyone still connected, bots included, that it is shutting down
	await room.stop();
	certificate?.remove();
	process.exit(code);
}
