// One raw TCP user, as nc would be: reads the prompt, names itself, quits, and checks each reply.
// Used by the CI smoke tests of `npm start` and of the packed tarball. Usage: node smoke-user.mjs PORT
import net from 'node:net';

const port = Number(process.argv[2]);
const expected = ["Hi, what's your name?", 'Welcome, smoke!', 'Bye!'];
const socket = net.connect({port, host: '127.0.0.1'});
let received = '';
const timer = setTimeout(() => fail('timed out'), 10_000);

function fail(reason) {
	console.error(`smoke-user: ${reason}; received ${JSON.stringify(received)}`);
	process.exit(1);
}

socket.setEncoding('utf8');
socket.on('error', (error) => fail(error.message));
socket.on('data', (text) => {
	received += text;
	const lines = received.split('\n');
	if (lines.length === 2) socket.write('smoke\n');
	if (lines.length === 3) socket.write('quit\n');
});
socket.on('close', () => {
	clearTimeout(timer);
	if (received !== `${expected.join('\n')}\n`) fail('unexpected transcript');
	console.log('smoke-user: prompt, welcome and bye as expected');
});
