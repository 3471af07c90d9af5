// IP addresses and CIDR ranges for bans and per-address limits: parsing what an operator types
// (`203.0.113.7`, `2001:db8::/32`) and matching a peer's address against it. Pure; an IPv4
// address seen through an IPv6 socket (`::ffff:203.0.113.7`) is the IPv4 address.

import {isIPv4, isIPv6} from 'node:net';

export interface AddressRange {
	readonly family: 4 | 6;
	/** The network, as a number of `family`'s width. */
	readonly network: bigint;
	readonly prefix: number;
	/** As it is shown: `203.0.113.7` for a single address, `10.0.0.0/8` for a range. */
	readonly text: string;
}

const WIDTH = {4: 32, 6: 128} as const;

/** `::ffff:1.2.3.4` as `1.2.3.4`; anything else unchanged. */
export function plainAddress(address: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	return mapped ? (mapped[1] as string) : address;
}

function toBigInt(address: string): {family: 4 | 6; value: bigint} | undefined {
	const plain = plainAddress(address);
	if (isIPv4(plain)) {
		const value = plain.split('.').reduce((sum, part) => (sum << 8n) + BigInt(Number(part)), 0n);
		return {family: 4, value};
	}
	if (!isIPv6(plain)) return undefined;
	let text = plain.toLowerCase();
	const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (v4) {
		const tail = toBigInt(v4[1] as string)?.value ?? 0n;
		text = `${text.slice(0, -(v4[1] as string).length)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
	}
	const [head = '', rest] = text.split('::');
	const left = head ? head.split(':') : [];
	const right = rest ? rest.split(':') : [];
	const groups =
		rest === undefined
			? left
			: [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
	const value = groups.reduce(
		(sum, group) => (sum << 16n) + BigInt(Number.parseInt(group, 16)),
		0n,
	);
	return {family: 6, value};
}

/**
 * A single address or a CIDR range as typed; undefined if it is neither. Its `text` is canonical
 * (`0:0::1` is `::1`, `127.0.0.5/8` is `127.0.0.0/8`), so the same range is always the same ban.
 */
export function parseRange(input: string): AddressRange | undefined {
	const [addressText = '', prefixText, extra] = input.trim().split('/');
	if (extra !== undefined) return undefined;
	const parsed = toBigInt(addressText);
	if (!parsed) return undefined;
	const width = WIDTH[parsed.family];
	if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
	const prefix = prefixText === undefined ? width : Number(prefixText);
	if (prefix > width) return undefined;
	const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(width - prefix);
	const network = parsed.value & mask;
	const shown = formatAddress(parsed.family, network);
	const text = prefix === width ? shown : `${shown}/${prefix}`;
	return {family: parsed.family, network, prefix, text};
}

/** An address in its one canonical spelling: dotted IPv4, or IPv6 as RFC 5952 compresses it. */
function formatAddress(family: 4 | 6, value: bigint): string {
	if (family === 4) {
		return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
	}
	const groups = Array.from({length: 8}, (_, index) =>
		Number((value >> BigInt(112 - 16 * index)) & 0xffffn),
	);
	// The longest run of two or more zero groups (the first of equals) becomes `::`.
	let best = -1;
	let bestLength = 1;
	for (let start = 0; start < 8; ) {
		if (groups[start] !== 0) {
			start++;
			continue;
		}
		let end = start;
		while (end < 8 && groups[end] === 0) end++;
		if (end - start > bestLength) {
			best = start;
			bestLength = end - start;
		}
		start = end;
	}
	const hex = groups.map((group) => group.toString(16));
	if (best === -1) return hex.join(':');
	return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

/** Whether `address` (a peer's, as the socket reports it) is in `range`. */
export function inRange(range: AddressRange, address: string): boolean {
	const parsed = toBigInt(address);
	if (!parsed || parsed.family !== range.family) return false;
	const width = WIDTH[range.family];
	const shift = BigInt(width - range.prefix);
	return parsed.value >> shift === range.network >> shift;
}
