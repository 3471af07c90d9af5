// A raw TCP test client, like `nc`: sends bytes, collects the server's lines, and lets a test
// await the next line or the close instead of sleeping. Every wait has a timeout with a clear error.

import net from 'node:net';

const DEFAULT_TIMEOUT_MS = 3000;

export class LineClient {
	readonly socket: net.Socket;
	readonly #chunks: Buffer[] = [];
	readonly #lines: string[] = [];
	#read = 0;
	#partial = '';
	#closed = false;
	#waiters: (() => void)[] = [];

	/** Wraps a socket that is already connected (plain TCP, or TLS after its handshake). */
	constructor(socket: net.Socket) {
		this.socket = socket;
		socket.on('data', (chunk: Buffer) => {
			this.#chunks.push(chunk);
			const parts = (this.#partial + chunk.toString('utf8')).split('\n');
			this.#partial = parts.pop() ?? '';
			this.#lines.push(...parts);
			this.#wake();
		});
		socket.on('error', () => {});
		socket.on('close', () => {
			this.#closed = true;
			this.#wake();
		});
	}

	/** Connects over plain TCP; `localAddress` picks the source address (e.g. `127.0.0.2`). */
	static connect(
		port: number,
		host = '127.0.0.1',
		options: {localAddress?: string} = {},
	): Promise<LineClient> {
		return new Promise((resolve, reject) => {
			const socket = net.connect({port, host, ...options}, () => resolve(new LineClient(socket)));
			socket.once('error', reject);
		});
	}

	/** Connects, reads the prompt, gives `name`, and reads the welcome. */
	static async named(
		port: number,
		name: string,
		options: {host?: string; localAddress?: string} = {},
	): Promise<LineClient> {
		const client = await LineClient.connect(port, options.host, options);
		await client.expect("Hi, what's your name?");
		client.send(name);
		await client.expect(`Welcome, ${name}!`);
		return client;
	}

	/** Every byte received, for exact-transcript checks. */
	get raw(): Buffer {
		return Buffer.concat(this.#chunks);
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Lines received and not yet read by `line()`/`expect()`. */
	get unread(): string[] {
		return this.#lines.slice(this.#read);
	}

	send(text: string): void {
		this.socket.write(`${text}\n`);
	}

	write(data: string | Buffer): void {
		this.socket.write(data);
	}

	/** The next line, waiting for it if needed. */
	async line(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
		await this.#until(() => this.#read < this.#lines.length || this.#closed, timeoutMs, 'a line');
		if (this.#read >= this.#lines.length) {
			throw new Error(
				`connection closed while waiting for a line (partial: ${JSON.stringify(this.#partial)})`,
			);
		}
		return this.#lines[this.#read++] as string;
	}

	/** Reads the next line and checks it is exactly `expected`. */
	async expect(expected: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
		const actual = await this.line(timeoutMs);
		if (actual !== expected) {
			throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
		}
	}

	/** Reads lines until one matches, returning it; fails on close or timeout. */
	async waitFor(match: (line: string) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const line = await this.line(Math.max(1, deadline - Date.now()));
			if (match(line)) return line;
		}
	}

	/** Waits until the bytes received so far contain `needle` (for non-text replies such as telnet's). */
	async waitForBytes(needle: Buffer, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
		await this.#until(
			() => this.raw.includes(needle),
			timeoutMs,
			`bytes ${needle.toString('hex')}`,
		);
	}

	/** Waits until the server has closed the connection. */
	async waitClosed(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
		await this.#until(() => this.#closed, timeoutMs, 'the connection to close');
	}

	/** Half-closes (sends FIN) like nc at the end of its input. */
	end(): void {
		this.socket.end();
	}

	destroy(): void {
		this.socket.destroy();
	}

	/** Sends a TCP RST instead of a FIN. */
	reset(): void {
		this.socket.resetAndDestroy();
	}

	#wake(): void {
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const wake of waiters) wake();
	}

	#until(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
		if (ready()) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				reject(
					new Error(
						`timed out after ${timeoutMs} ms waiting for ${what}; unread: ${JSON.stringify(this.unread)}`,
					),
				);
			}, timeoutMs);
			const check = () => {
				if (ready()) {
					clearTimeout(timer);
					resolve();
				} else this.#waiters.push(check);
			};
			this.#waiters.push(check);
		});
	}
}
