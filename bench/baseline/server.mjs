// The baseline: the straightforward Node chat server a tutorial would write. A Set of sockets,
// socket.write in a loop for every message, no batching, no backpressure, no limits.
// Usage: node bench/baseline/server.mjs PORT   (prints "Listening on PORT")
import net from 'node:net';

const clients = new Set();

function broadcast(message, from) {
	for (const client of clients) {
		if (client !== from) client.write(`${message}\n`);
	}
}

const server = net.createServer((socket) => {
	let name = null;
	let buffered = '';
	socket.setEncoding('utf8');
	socket.write("Hi, what's your name?\n");
	socket.on('data', (data) => {
		const lines = (buffered + data).split('\n');
		buffered = lines.pop();
		for (const raw of lines) {
			const line = raw.replace(/\r$/, '');
			if (name === null) {
				name = line;
				socket.write(`Welcome, ${name}!\n`);
				broadcast(`--> ${name} entered.`, socket);
				clients.add(socket);
			} else if (line === 'quit') {
				socket.end('Bye!\n');
			} else {
				broadcast(`${name}: ${line}`, socket);
			}
		}
	});
	socket.on('close', () => {
		if (clients.delete(socket)) broadcast(`<-- ${name} left.`, socket);
	});
	socket.on('error', () => {});
});

server.listen(Number(process.argv[2] ?? 4242), () =>
	console.log(`Listening on ${server.address().port}`),
);
