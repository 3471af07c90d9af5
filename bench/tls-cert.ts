// A throwaway TLS certificate for the benchmark: a self-signed ECDSA P-256 certificate for
// localhost and 127.0.0.1, made with openssl into a temporary directory once per run and removed
// at exit. The generator's clients do not verify it (`rejectUnauthorized: false`).

import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchCert {
	cert: string;
	key: string;
}

let made: BenchCert | undefined;

export function benchCert(): BenchCert {
	if (made) return made;
	const directory = mkdtempSync(path.join(os.tmpdir(), 'natter-bench-tls-'));
	process.once('exit', () => rmSync(directory, {recursive: true, force: true}));
	const cert = path.join(directory, 'cert.pem');
	const key = path.join(directory, 'key.pem');
	execFileSync(
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
			'2',
			'-subj',
			'/CN=localhost',
			'-addext',
			'subjectAltName=DNS:localhost,IP:127.0.0.1',
			'-keyout',
			key,
			'-out',
			cert,
		],
		{stdio: 'ignore'},
	);
	made = {cert, key};
	return made;
}
