#!/usr/bin/env node
// The `chat` command (also installed as `natter`): decides what the command line asks for (help and the version first), parses
// the command's flags with meow, checks its arguments, and runs it.
// Every failure ends as one line on stderr: exit 2 for usage mistakes, 1 for runtime errors.

import meow, {type AnyFlags} from 'meow';
import {checkArguments} from './source/cli/arguments.js';
import {connectFlags, connectHelp, runConnect} from './source/cli/connect-command.js';
import {demoFlags, demoHelp, runDemo} from './source/cli/demo-command.js';
import {checkUnknownFlags} from './source/cli/flags.js';
import {parseInvocation} from './source/cli/invocation.js';
import {PROGRAM} from './source/cli/program-name.js';
import {runServe, serveFlags, serveHelp} from './source/cli/serve-command.js';
import {fail, UsageError} from './source/cli/usage-error.js';

const rootHelp = (program: string): string => `
	Usage
	  $ ${program} <command> [options]

	Commands
	  serve              Run a chat server (port 4242) for nc, telnet and chat clients
	  connect [HOST]     Join a chat server in the terminal (HOST[:PORT], default localhost)
	  demo               A server, two bots and your client in one terminal; friends can join
	  help [COMMAND]     This overview, or a command's options and defaults

	Options
	  -h, --help         Show help; after a command, that command's (${program} serve --help)
	  -v, --version      Show the version

	The same program is installed as chat and as natter (Debian's ppp has its own chat).

	Examples
	  $ ${program} demo
	  $ ${program} serve
	  $ ${program} connect localhost --name Zoë
	  $ nc localhost 4242
`;

interface Command {
	help: (program: string) => string;
	flags: AnyFlags;
	/** The positional arguments it takes, as its usage line names them. */
	arguments: readonly string[];
	// biome-ignore lint/suspicious/noExplicitAny: each command narrows its own flags
	run(flags: any, input: string[]): Promise<void>;
}

const commands: Record<string, Command> = {
	serve: {help: serveHelp, flags: serveFlags, arguments: [], run: runServe},
	connect: {help: connectHelp, flags: connectFlags, arguments: ['HOST[:PORT]'], run: runConnect},
	demo: {help: demoHelp, flags: demoFlags, arguments: [], run: runDemo},
};

process.on('uncaughtException', (error) => fail('', error));

/** meow for the help text and the package's version; it prints and exits. */
const meowFor = (help: (program: string) => string) =>
	meow(help(PROGRAM), {importMeta: import.meta, argv: [], autoHelp: false, autoVersion: false});

const invocation = parseInvocation(process.argv.slice(2), Object.keys(commands));
switch (invocation.kind) {
	case 'help':
		meowFor(
			invocation.command ? (commands[invocation.command] as Command).help : rootHelp,
		).showHelp(0);
		break;
	case 'version':
		meowFor(rootHelp).showVersion();
		break;
	case 'mistake':
		fail('', new UsageError(invocation.message));
		break;
	case 'run': {
		const {command: name, argv} = invocation;
		const command = commands[name] as Command;
		try {
			checkUnknownFlags(argv, command.flags);
			const cli = meow(command.help(PROGRAM), {
				importMeta: import.meta,
				argv,
				flags: command.flags,
				allowUnknownFlags: false,
				autoHelp: false,
				autoVersion: false,
			});
			checkArguments(name, command.arguments, cli.input, {portFlag: 'port' in command.flags});
			command.run(cli.flags, cli.input).catch((error: unknown) => fail(name, error));
		} catch (error) {
			fail(name, error);
		}
		break;
	}
}
