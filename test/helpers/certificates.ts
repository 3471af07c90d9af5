// Test certificates, made at test time with the `openssl` command into a temporary directory:
// a CA and a server certificate for localhost/127.0.0.1/::1 signed by it, a second CA with its own
// server certificate (for reloads), a self-signed certificate, a key that matches nothing, and a
// certificate for the wrong host name. Made once per test process and removed at its exit.
// If `openssl` is missing, `OPENSSL_MISSING` says so, for `test(..., {skip: OPENSSL_MISSING})`.

import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A reason to skip TLS tests, or false when `openssl` is available. */
export const OPENSSL_MISSING: string | false =
	spawnSync('openssl', ['version']).status === 0
		? false
		: 'the openssl command is not installed, so no test certificates can be made';

export interface CertificateFile {
	/** PEM text. */
	readonly pem: string;
	readonly file: string;
}

export interface ServerCertificate {
	readonly cert: CertificateFile;
	readonly key: CertificateFile;
	/** The SHA-256 fingerprint as Node's `getPeerCertificate().fingerprint256` shows it. */
	readonly fingerprint256: string;
}

export interface TestCertificates {
	readonly dir: string;
	/** The CA that signed `server` and `wrongHost`. */
	readonly ca: CertificateFile;
	/** For localhost, 127.0.0.1 and ::1, signed by `ca`. */
	readonly server: ServerCertificate;
	/** A second CA, and a server certificate for the same names signed by it. */
	readonly ca2: CertificateFile;
	readonly server2: ServerCertificate;
	/** Self-signed, for localhost; trust it as its own CA. */
	readonly selfSigned: ServerCertificate;
	/** A private key that matches none of the certificates. */
	readonly strayKey: CertificateFile;
	/** For wrong.example only, signed by `ca`, with its own key. */
	readonly wrongHost: ServerCertificate;
}

const SERVER_NAMES = 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1';
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

let made: TestCertificates | undefined;

/** The test certificates (made on first use). Throws if openssl is missing: check OPENSSL_MISSING. */
export function testCertificates(): TestCertificates {
	made ??= make();
	return made;
}

function make(): TestCertificates {
	if (OPENSSL_MISSING) throw new Error(OPENSSL_MISSING);
	const dir = mkdtempSync(path.join(os.tmpdir(), 'natter-certs-'));
	process.on('exit', () => rmSync(dir, {recursive: true, force: true}));
	const at = (name: string) => path.join(dir, name);
	const openssl = (...args: string[]) => execFileSync('openssl', args, {cwd: dir, stdio: 'pipe'});
	const file = (name: string): CertificateFile => ({
		file: at(name),
		pem: readFileSync(at(name), 'utf8'),
	});
	const fingerprint = (name: string): string => {
		const out = openssl('x509', '-in', at(name), '-noout', '-fingerprint', '-sha256').toString();
		return (out.split('=')[1] ?? '').trim();
	};

	const makeCa = (name: string, subject: string) =>
		openssl(
			'req',
			'-x509',
			...EC,
			'-keyout',
			at(`${name}.key`),
			'-out',
			at(`${name}.crt`),
			'-days',
			'3',
			'-subj',
			subject,
			'-addext',
			'basicConstraints=critical,CA:TRUE',
			'-addext',
			'keyUsage=critical,keyCertSign,cRLSign',
		);
	const makeSigned = (name: string, ca: string, subject: string, names: string) => {
		openssl(
			'req',
			'-new',
			...EC,
			'-keyout',
			at(`${name}.key`),
			'-out',
			at(`${name}.csr`),
			'-subj',
			subject,
		);
		writeFileSync(
			at(`${name}.ext`),
			`${names}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`,
		);
		openssl(
			'x509',
			'-req',
			'-in',
			at(`${name}.csr`),
			'-CA',
			at(`${ca}.crt`),
			'-CAkey',
			at(`${ca}.key`),
			'-CAcreateserial',
			'-out',
			at(`${name}.crt`),
			'-days',
			'2',
			'-extfile',
			at(`${name}.ext`),
		);
	};
	const server = (name: string): ServerCertificate => ({
		cert: file(`${name}.crt`),
		key: file(`${name}.key`),
		fingerprint256: fingerprint(`${name}.crt`),
	});

	makeCa('ca', '/CN=natter test CA');
	makeCa('ca2', '/CN=natter test CA 2');
	makeSigned('server', 'ca', '/CN=localhost', SERVER_NAMES);
	makeSigned('server2', 'ca2', '/CN=localhost', SERVER_NAMES);
	makeSigned('wrong-host', 'ca', '/CN=wrong.example', 'subjectAltName=DNS:wrong.example');
	openssl(
		'req',
		'-x509',
		...EC,
		'-keyout',
		at('self-signed.key'),
		'-out',
		at('self-signed.crt'),
		'-days',
		'2',
		'-subj',
		'/CN=localhost',
		'-addext',
		SERVER_NAMES,
	);
	openssl(
		'genpkey',
		'-algorithm',
		'EC',
		'-pkeyopt',
		'ec_paramgen_curve:prime256v1',
		'-out',
		at('stray.key'),
	);

	return {
		dir,
		ca: file('ca.crt'),
		server: server('server'),
		ca2: file('ca2.crt'),
		server2: server('server2'),
		selfSigned: server('self-signed'),
		strayKey: file('stray.key'),
		wrongHost: server('wrong-host'),
	};
}
