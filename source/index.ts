// natter as a library: the chat server (and, as they land, the client) for bots and other programs.
// Everything exported here is public API; the CLI in `cli.tsx` is built only on these pieces.

export {checkName, NAME_MAX_LENGTH, nameKey} from './protocol/names.js';
export {sanitizeText} from './protocol/sanitize.js';
export * as wire from './protocol/wire.js';
export {ChatServer, startServer} from './server/chat-server.js';
export type {EventLog, LeaveReason, ServerEvent} from './server/event-log.js';
export {formatEvent, streamLog} from './server/event-log.js';
export type {ServerLimits, ServerOptions} from './server/options.js';
export {DEFAULT_LIMITS, DEFAULT_PORT} from './server/options.js';
