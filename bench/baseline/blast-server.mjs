// Not a chat server: the generator's ceiling. It names clients like a chat server, then does
// nothing but write: a prebuilt buffer of payload-shaped lines to every client, whenever its
// socket has room. What the generator counts from this is the most it can measure, so a natter
// figure below it is natter's, not the generator's.
// With a certificate and key it speaks TLS instead, for the generator's ceiling over TLS.
// Usage: node bench/baseline/blast-server.mjs PORT [CERT.pem KEY.pem]
import {readFileSync} from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

const LINES = 2048;
const block = Buffer.from(
	Array.from(
		{length: LINES},
		(_, index) => `c${index % 10}: s${index % 10} ${index} ${1e12 + index}\n`,
	).join(''),
);

function pump(socket) {
	while (socket.writable && socket.writableLength < 256 * 1024) socket.write(block);
}

const [, , port, cert, key] = process.argv;
const onConnection = (socket) => {
	let named = false;
	socket.write("Hi, what's your name?\n");
	socket.on('data', (chunk) => {
		if (named || chunk.indexOf(10) === -1) return; // after the name, input is ignored
		named = true;
		socket.write(`Welcome, ${chunk.subarray(0, chunk.indexOf(10)).toString().trim()}!\n`);
		socket.on('drain', () => pump(socket));
		pump(socket);
	});
	socket.on('error', () => {});
};
const server = cert
	? tls.createServer({cert: readFileSync(cert), key: readFileSync(key)}, onConnection)
	: net.createServer(onConnection);

server.listen(Number(port ?? 4242), () => console.log(`Listening on ${server.address().port}`));
