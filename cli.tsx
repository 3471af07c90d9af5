#!/usr/bin/env node
// The `chat` command: picks the sub-command, parses its flags with meow, and runs it.
// Every failure ends as one line on stderr: exit 2 for usage mistakes, 1 for runtime errors.

import meow, {type AnyFlags} from 'meow';
import {checkArguments} from './source/cli/arguments.js';
import {connectFlags, connectHelp, runConnect} from './source/cli/connect-command.js';
import {demoFlags, demoHelp, runDemo} from './source/cli/demo-command.js';
import {checkUnknownFlags} from './source/cli/flags.js';
import {runServe, serveFlags, serveHelp} from './source/cli/serve-command.js';
import {fail, UsageError} from './source/cli/usage-error.js';

const rootHelp = `
	Usage
	  $ chat <command> [options]

	Commands
	  serve              Run a chat server (port 4242) for nc, telnet and chat clients
	  connect [HOST]     Join a chat server in the terminal (HOST[:PORT], default localhost)
	  demo               A server, two bots and your client in one terminal; friends can join

	Run 'chat <command> --help' for a command's options.

	Examples
	  $ chat demo
	  $ chat serve
	  $ chat connect localhost --name Zoë
	  $ nc localhost 4242
`;

interface Command {
	help: string;
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

const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : commands[name];

if (command && name) {
	const argv = rest;
	try {
		checkUnknownFlags(argv, command.flags);
	} catch (error) {
		fail(name, error);
	}
	const cli = meow(command.help, {
		importMeta: import.meta,
		argv,
		flags: command.flags,
		allowUnknownFlags: false,
	});
	try {
		checkArguments(name, command.arguments, cli.input, {portFlag: 'port' in command.flags});
	} catch (error) {
		fail(name, error);
	}
	command.run(cli.flags, cli.input).catch((error: unknown) => fail(name, error));
} else {
	const cli = meow(rootHelp, {importMeta: import.meta, argv: process.argv.slice(2), flags: {}});
	if (cli.input.length > 0) fail('', new UsageError(`unknown command "${cli.input[0]}"`));
	try {
		checkUnknownFlags(process.argv.slice(2), {});
	} catch (error) {
		fail('', error);
	}
	cli.showHelp(2);
}
