// Server events (join, leave, drop, listener errors, warnings) as one line each, for operators watching stderr.
// The server reports events; how and whether they are printed is decided here.

export type LeaveReason =
	| 'quit'
	| 'eof'
	| 'error'
	| 'timeout'
	| 'slow consumer'
	| 'shutdown'
	| 'kicked'
	| 'banned'
	| 'too many wrong passwords';

export type ServerEvent =
	| {type: 'join'; name: string; peer: string}
	| {type: 'leave'; name: string; peer: string; reason: LeaveReason; detail?: string}
	| {type: 'reject'; peer: string; reason: string}
	| {type: 'nick'; old: string; name: string; peer: string}
	/** An operator's action (or an attempt to become one), with whom and why. */
	| {type: 'op'; op: string; action: string; peer: string; target?: string; detail?: string}
	/** The listening socket failed; `more` counts the further failures of the same burst. */
	| {type: 'listen-error'; code: string; more?: number}
	| {type: 'warning'; message: string}
	| {type: 'info'; message: string};

export type EventLog = (event: ServerEvent) => void;

/** Formats an event as `2026-01-01T12:00:00.000Z join Zoë from 127.0.0.1:50000`. */
export function formatEvent(event: ServerEvent, now: Date = new Date()): string {
	const stamp = now.toISOString();
	switch (event.type) {
		case 'join':
			return `${stamp} join ${event.name} from ${event.peer}`;
		case 'leave': {
			const detail = event.detail ? `: ${event.detail}` : '';
			return `${stamp} leave ${event.name} from ${event.peer} (${event.reason}${detail})`;
		}
		case 'reject':
			return `${stamp} reject ${event.peer} (${event.reason})`;
		case 'op': {
			const whom = event.target ? ` ${event.target}` : '';
			const why = event.detail ? ` (${event.detail})` : '';
			return `${stamp} op ${event.op} ${event.action}${whom}${why} from ${event.peer}`;
		}
		case 'nick':
			return `${stamp} nick ${event.old} is now ${event.name} from ${event.peer}`;
		case 'listen-error':
			return event.more === undefined
				? `${stamp} listen-error ${event.code}`
				: `${stamp} listen-error ${event.code} (${event.more} more in the last second)`;
		case 'warning':
			return `${stamp} warning ${event.message}`;
		case 'info':
			return `${stamp} info ${event.message}`;
	}
}

/** An event log that writes one line per event to a stream, typically stderr. */
export const streamLog =
	(stream: NodeJS.WritableStream): EventLog =>
	(event) => {
		stream.write(`${formatEvent(event)}\n`);
	};
