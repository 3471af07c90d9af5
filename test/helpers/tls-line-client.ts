// The TLS twin of LineClient: the same line-reading API over a TLS connection, for testing the
// server's TLS listener the way `openssl s_client` or a TLS-capable client would use it.

import tls from 'node:tls';
import {LineClient} from './line-client.js';

export interface TlsClientOptions {
	/** The CA (or self-signed certificate) to trust; the server's certificate is always verified. */
	ca: string | Buffer;
	host?: string;
	/** The name the certificate must be for; default `localhost`. */
	servername?: string;
	localAddress?: string;
}

export class TlsLineClient extends LineClient {
	declare readonly socket: tls.TLSSocket;

	/** Connects and completes the TLS handshake (rejecting if it fails, as a verifying client would). */
	static override connect(port: number, host?: string, options?: {localAddress?: string}): never;
	static override connect(port: number, options: TlsClientOptions): Promise<TlsLineClient>;
	static override connect(port: number, options: unknown): Promise<TlsLineClient> {
		const {
			ca,
			host = '127.0.0.1',
			servername = 'localhost',
			localAddress,
		} = options as TlsClientOptions;
		return new Promise((resolve, reject) => {
			const connectOptions: tls.ConnectionOptions & {localAddress?: string} = {
				port,
				host,
				ca,
				servername,
				localAddress,
			};
			const socket = tls.connect(connectOptions, () => resolve(new TlsLineClient(socket)));
			socket.once('error', reject);
		});
	}

	/** Connects, reads the prompt, gives `name`, and reads the welcome. */
	static override named(port: number, name: string): never;
	static override named(
		port: number,
		name: string,
		options: TlsClientOptions,
	): Promise<TlsLineClient>;
	static override async named(
		port: number,
		name: string,
		options?: unknown,
	): Promise<TlsLineClient> {
		const client = await TlsLineClient.connect(port, options as TlsClientOptions);
		await client.expect("Hi, what's your name?");
		client.send(name);
		await client.expect(`Welcome, ${name}!`);
		return client;
	}

	/** The certificate the server presented. */
	get peerCertificate(): tls.PeerCertificate {
		return this.socket.getPeerCertificate();
	}
}
