// How others can join a demo: the nc, telnet and chat connect commands for each of this machine's
// addresses. Pure formatting; `machineAddresses()` is the one call that asks the OS.

import os from 'node:os';
import {formatHostPort} from '../net/host-port.js';

/** Non-loopback addresses people elsewhere can reach (no link-local IPv6, which needs a scope). */
export function machineAddresses(): string[] {
	const addresses: string[] = [];
	for (const entries of Object.values(os.networkInterfaces())) {
		for (const entry of entries ?? []) {
			if (entry.internal) continue;
			if (entry.family === 'IPv6' && entry.address.toLowerCase().startsWith('fe80')) continue;
			addresses.push(entry.address);
		}
	}
	return addresses;
}

/** The lines shown at the top of the demo's conversation. */
export function joinHints(port: number, addresses: readonly string[]): string[] {
	const hosts = [...addresses, 'localhost'];
	return [
		'Others can join this chat with any of:',
		...hosts.map(
			(host) =>
				`  nc ${host} ${port}   ·   telnet ${host} ${port}   ·   chat connect ${formatHostPort(host, port)}`,
		),
		'Type /help for the commands: /msg NAME TEXT, /join ROOM, /who, /me, /nick, /away ...',
	];
}

/** How others can join over TLS, with the demo's throwaway certificate. */
export function tlsJoinHints(port: number, certFile: string): string[] {
	return [
		`Over TLS (a throwaway self-signed certificate, ${certFile}):`,
		`  openssl s_client -quiet -connect localhost:${port}   ·   chat connect --tls --ca ${certFile} localhost:${port}`,
	];
}
