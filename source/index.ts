// natter as a library: the chat server and client for bots and other programs.
// Everything exported here is public API; the CLI in `cli.tsx` is built only on these pieces.

export type {ChatClientEvents, ChatClientOptions, ClientState} from './client/chat-client.js';
export {ChatClient} from './client/chat-client.js';
export {NameRefusedError} from './client/naming.js';
export type {Command, CommandSpec} from './protocol/commands.js';
export {COMMANDS, parseCommand} from './protocol/commands.js';
export {checkName, lookalikeKey, NAME_MAX_LENGTH, nameKey} from './protocol/names.js';
export {checkRoom, LOBBY} from './protocol/rooms.js';
export {sanitizeText} from './protocol/sanitize.js';
export type {RoomCount, RoomUser, ServerLine, ServerLineKind} from './protocol/server-line.js';
export {parseServerLine} from './protocol/server-line.js';
export type {StreamLine} from './protocol/server-line-stream.js';
export {ServerLineStream} from './protocol/server-line-stream.js';
export * as wire from './protocol/wire.js';
export {ChatServer, startServer} from './server/chat-server.js';
export type {EventLog, LeaveReason, ServerEvent} from './server/event-log.js';
export {formatEvent, streamLog} from './server/event-log.js';
export type {
	ClusterOptions,
	ServerLimits,
	ServerOptions,
	TlsCredentials,
} from './server/options.js';
export {DEFAULT_LIMITS, DEFAULT_PORT, DEFAULT_TLS_PORT} from './server/options.js';
