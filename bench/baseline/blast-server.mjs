// Not a chat server: the generator's ceiling. It names clients like a chat server, then does
// nothing but write: a prebuilt buffer of payload-shaped lines to every client, whenever its
// socket has room. What the generator counts from this is the most it can measure, so a natter
// figure below it is natter's, not the generator's.
// Usage: node bench/baseline/blast-server.mjs PORT
import net from 'node:net';

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

const server = net.createServer((socket) => {
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
});

server.listen(Number(process.argv[2] ?? 4242), () =>
	console.log(`Listening on ${server.address().port}`),
);
