// natter as a library: the chat server and client for bots and other programs.
// Everything exported here is public API; the CLI in `cli.tsx` is built only on these pieces.

export type {ChatClientEvents, ChatClientOptions, ClientState} from './client/chat-client.js';
export {ChatClient} from './client/chat-client.js';
export {NameRefusedError} from './client/naming.js';
export {checkName, NAME_MAX_LENGTH, nameKey} from './protocol/names.js';
export {sanitizeText} from './protocol/sanitize.js';
export type {ServerLine, ServerLineKind} from './protocol/server-line.js';
export {parseServerLine} from './protocol/server-line.js';
export * as wire from './protocol/wire.js';
export {ChatServer, startServer} from './server/chat-server.js';
export type {EventLog, LeaveReason, ServerEvent} from './server/event-log.js';
export {formatEvent, streamLog} from './server/event-log.js';
export type {ServerLimits, ServerOptions} from './server/options.js';
export {DEFAULT_LIMITS, DEFAULT_PORT} from './server/options.js';
