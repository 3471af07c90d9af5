// What `chat serve` reads from files rather than flags: the TLS certificate and key (checked to
// be readable and to match, with the file named in any error), and the operator password (from a
// file's first line or NATTER_OP_PASSWORD, never from an argument, which `ps` would show).

import {readFileSync} from 'node:fs';
import tls from 'node:tls';
import type {TlsCredentials} from '../server/options.js';

function readNamed(file: string, what: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason =
			code === 'ENOENT'
				? 'no such file'
				: code === 'EACCES'
					? 'permission denied'
					: code === 'EISDIR'
						? 'it is a directory'
						: (error as Error).message;
		throw new Error(`cannot read the TLS ${what} ${file}: ${reason}`);
	}
}

/** The certificate and key, read and checked; throws one line naming the file at fault. */
export function readTlsCredentials(certFile: string, keyFile: string): TlsCredentials {
	const cert = readNamed(certFile, 'certificate');
	const key = readNamed(keyFile, 'key');
	if (!/-----BEGIN [A-Z ]*CERTIFICATE-----/.test(cert)) {
		throw new Error(`the TLS certificate ${certFile} holds no PEM certificate`);
	}
	if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) {
		throw new Error(`the TLS key ${keyFile} holds no PEM private key`);
	}
	try {
		tls.createSecureContext({cert, key});
	} catch (error) {
		const message = (error as Error).message;
		if (/key values mismatch/i.test(message)) {
			throw new Error(`the TLS key ${keyFile} does not match the certificate ${certFile}`);
		}
		throw new Error(
			`cannot use the TLS certificate ${certFile} with the key ${keyFile}: ${message}`,
		);
	}
	return {cert, key};
}

/** The operator password: the first line of `file`, else NATTER_OP_PASSWORD, else none. */
export function readOperatorPassword(
	file: string | undefined,
	env: NodeJS.ProcessEnv = process.env,
): string | undefined {
	if (file !== undefined) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (error) {
			throw new Error(
				`cannot read the operator password file ${file}: ${(error as Error).message}`,
			);
		}
		// Trimmed, as the server trims what is typed after /op: a stray space cannot lock anyone out.
		const first = (text.split(/\r?\n/, 1)[0] ?? '').trim();
		if (!first) throw new Error(`the operator password file ${file} has an empty first line`);
		return first;
	}
	return env.NATTER_OP_PASSWORD || undefined;
}
