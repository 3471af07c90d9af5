// One raw TCP user, as nc would be: reads the prompt, names itself, quits, and checks the replies
// (other lines, such as a bot's greeting, may come in between). Usage: node smoke-user.mjs PORT
import net from 'node:net';

const port = Number(process.argv[2]);
const socket = net.connect({port, host: '127.0.0.1'});
let received = '';
const timer = setTimeout(() => fail('timed out'), 10_000);

function fail(reason) {
	console.error(`smoke-user: ${reason}; received ${JSON.stringify(received)}`);
	process.exit(1);
}

socket.setEncoding('utf8');
socket.on('error', (error) => fail(error.message));
let named = false;
let quit = false;
socket.on('data', (text) => {
	received += text;
	// Lines can come several to a packet (the welcome and the room's history, say): look, don't count.
	if (!named && received.includes("Hi, what's your name?\n")) {
		named = true;
		socket.write('smoke\n');
	}
	if (!quit && received.includes('Welcome, smoke!\n')) {
		quit = true;
		socket.write('quit\n');
	}
});
socket.on('close', () => {
	clearTimeout(timer);
	const lines = received.trimEnd().split('\n');
	if (
		lines[0] !== "Hi, what's your name?" ||
		lines[1] !== 'Welcome, smoke!' ||
		lines.at(-1) !== 'Bye!'
	) {
		fail('unexpected transcript');
	}
	console.log('smoke-user: prompt, welcome and bye as expected');
});
