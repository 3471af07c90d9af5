// A throwaway TLS certificate for the benchmark: the demo's self-signed one (for localhost and
// 127.0.0.1), made once per run and removed at exit. The generator's clients do not verify it
// (`rejectUnauthorized: false`).

import {makeThrowawayCertificate} from '../source/demo/throwaway-certificate.js';

export interface BenchCert {
	/** The certificate's and the key's files, for `chat serve --tls-cert/--tls-key`. */
	cert: string;
	key: string;
}

let made: BenchCert | undefined;

export function benchCert(): BenchCert {
	if (made) return made;
	const certificate = makeThrowawayCertificate();
	process.once('exit', certificate.remove);
	made = {cert: certificate.certFile, key: certificate.keyFile};
	return made;
}
