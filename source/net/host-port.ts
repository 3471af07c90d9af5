// How a host and a port are written together: `localhost:4242`, `127.0.0.1:50000`, `[::1]:4242`.
// One definition for the server's logs and address, `chat connect`'s messages, the demo's join
// hints and the client's status line: an IPv6 address needs brackets, or its colons run into the
// port's. Pure.

/** `HOST:PORT`, with IPv6 hosts in brackets and IPv4-mapped IPv6 addresses shown as IPv4. */
export function formatHostPort(host: string, port: number): string {
	const unmapped = host.startsWith('::ffff:') && host.includes('.') ? host.slice(7) : host;
	return `${unmapped.includes(':') ? `[${unmapped}]` : unmapped}:${port}`;
}
