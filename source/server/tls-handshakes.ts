// TLS connections still in their handshake, which the server cannot yet talk to: they count
// against the connection cap and the per-address limit from their first byte until the handshake
// completes ('secureConnection', matched to its raw socket by the peer's address and port) or the
// raw socket closes (a failed handshake is destroyed, and a stalled one fails at the server's
// handshake timeout, the name timeout); shutdown cuts them off. Public API only.

import type net from 'node:net';
import {plainAddress} from '../protocol/addresses.js';
import {formatPeer} from './peer.js';

interface Pending {
	readonly socket: net.Socket;
	readonly address: string;
	readonly peer: string;
	/** Why it failed, when TLS said so while the peer was still known. */
	reason?: string;
}

/** A handshake that did not complete: who, and why if known. */
export type HandshakeFailed = (peer: string, reason: string) => void;

const keyOf = (socket: net.Socket): string => `${socket.remoteAddress}|${socket.remotePort}`;

export class TlsHandshakes {
	readonly #pending = new Map<string, Pending>();
	readonly #onFailed: HandshakeFailed;

	constructor(onFailed: HandshakeFailed) {
		this.#onFailed = onFailed;
	}

	/** Handshakes under way. */
	get size(): number {
		return this.#pending.size;
	}

	/** Handshakes under way from `address`. */
	from(address: string): number {
		let count = 0;
		for (const pending of this.#pending.values()) if (pending.address === address) count++;
		return count;
	}

	/** A raw connection to the TLS port: tracked until secured or closed. */
	start(socket: net.Socket): void {
		const key = keyOf(socket);
		const pending: Pending = {
			socket,
			address: plainAddress(socket.remoteAddress ?? ''),
			peer: formatPeer(socket),
		};
		this.#pending.set(key, pending);
		// However the handshake fails (an error, a reset, a FIN, the server's timeout), the raw
		// socket closes: the slot is free, and the failure is reported once, with its peer.
		socket.once('close', () => {
			if (this.#pending.get(key) !== pending) return;
			this.#pending.delete(key);
			this.#onFailed(pending.peer, pending.reason ?? 'closed before the handshake completed');
		});
	}

	/** TLS reported why a handshake failed (`socket` is the TLS socket, if its peer is still known). */
	failed(socket: net.Socket, reason: string): void {
		const pending = this.#pending.get(keyOf(socket));
		if (pending) pending.reason = reason;
	}

	/** The handshake completed (`socket` is the secured TLS socket): no longer counted here. */
	secured(socket: net.Socket): void {
		this.#pending.delete(keyOf(socket));
	}

	/** Shutdown: handshakes under way are cut off (nothing can be said to them). */
	destroyAll(): void {
		for (const {socket} of this.#pending.values()) socket.destroy();
		this.#pending.clear();
	}
}
