// A self-signed certificate for `chat demo --tls` (and the benchmark's TLS scenarios), made on the
// spot with the system's `openssl` (Node can verify certificates but not make them) in a private
// temporary directory, valid for a day for localhost, 127.0.0.1 and ::1, and removed when done.

import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {TlsCredentials} from '../server/options.js';

export interface ThrowawayCertificate extends TlsCredentials {
	/** The certificate's file, for `chat connect --ca FILE`. */
	readonly certFile: string;
	/** The key's file, for `chat serve --tls-key FILE`. */
	readonly keyFile: string;
	remove(): void;
}

/** Makes the certificate; throws one line if `openssl` is missing or fails. */
export function makeThrowawayCertificate(): ThrowawayCertificate {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'natter-demo-tls-'));
	const certFile = path.join(dir, 'cert.pem');
	const keyFile = path.join(dir, 'key.pem');
	const result = spawnSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-days',
			'1',
			'-subj',
			'/CN=natter demo',
			'-addext',
			'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
			'-keyout',
			keyFile,
			'-out',
			certFile,
		],
		{encoding: 'utf8', timeout: 20_000},
	);
	if (result.error || result.status !== 0) {
		rmSync(dir, {recursive: true, force: true});
		const why = result.error ? result.error.message : result.stderr.trim().split('\n').pop();
		throw new Error(`--tls needs openssl to make a throwaway certificate (${why})`);
	}
	return {
		cert: readFileSync(certFile, 'utf8'),
		key: readFileSync(keyFile, 'utf8'),
		certFile,
		keyFile,
		remove: () => rmSync(dir, {recursive: true, force: true}),
	};
}
