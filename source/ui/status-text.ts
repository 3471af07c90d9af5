// The status line's text, pure: the connection state, your name, your room and how many are in
// it, `away` when you are, and where you are connected (with a countdown while reconnecting).

import type {ClientState} from '../client/chat-client.js';

export interface StatusInfo {
	state: ClientState;
	address: string;
	/** Your room, and how many are in it once known. */
	room?: string;
	count?: number;
	away?: boolean;
	/** TLS without checking the server's certificate. */
	insecure?: boolean;
	/** The time now, for the reconnect countdown. */
	now: number;
}

export type StatusTone = 'green' | 'yellow' | 'red';

/** The status line as text, and the colour it is drawn in. */
export function statusText(info: StatusInfo): {text: string; tone: StatusTone} {
	const {state} = info;
	const address = info.insecure ? `${info.address} (unverified TLS)` : info.address;
	switch (state.status) {
		case 'connecting':
			return {text: `○ connecting · ${address}`, tone: 'yellow'};
		case 'naming':
			return state.offered === undefined
				? {text: `● connected · ${address} · choose a name`, tone: 'green'}
				: {text: `○ joining as ${state.offered} · ${address}`, tone: 'yellow'};
		case 'connected': {
			const room = info.room
				? ` · ${info.room}${info.count === undefined ? '' : ` (${info.count})`}`
				: '';
			const away = info.away ? ' · away' : '';
			return {text: `● connected · ${state.name}${room}${away} · ${address}`, tone: 'green'};
		}
		case 'reconnecting': {
			const seconds = Math.max(0, Math.ceil((state.retryAt - info.now) / 1000));
			return {
				text: `↻ reconnecting in ${seconds}s · ${address} · ${state.reason}`,
				tone: 'yellow',
			};
		}
		case 'closed':
			return {text: `■ closed · ${state.reason}`, tone: 'red'};
	}
}
