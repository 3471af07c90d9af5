// What a command line asks for, decided before any flag is parsed: help, which wins wherever
// `--help` or `-h` appears (even next to a bad flag or value), then the version (`--version`,
// `-v`), then a command and the rest of its arguments, or a usage mistake. `chat help [COMMAND]`
// and a bare `chat` ask for help too. Pure, so every form is tested without a process.

export type Invocation =
	/** Print the help of `command`, or the overview without one, on stdout; exit 0. */
	| {kind: 'help'; command?: string}
	| {kind: 'version'}
	| {kind: 'run'; command: string; argv: string[]}
	/** A mistake before any command's flags: one line, exit 2. */
	| {kind: 'mistake'; message: string};

const HELP_FLAGS = ['--help', '-h'];
const VERSION_FLAGS = ['--version', '-v'];

const isFlag = (argument: string): boolean => argument.startsWith('-') && argument !== '-';

const help = (command: string | undefined): Invocation =>
	command === undefined ? {kind: 'help'} : {kind: 'help', command};

export function parseInvocation(argv: readonly string[], commands: readonly string[]): Invocation {
	const separator = argv.indexOf('--'); // what follows `--` is arguments, never flags
	const options = separator === -1 ? argv : argv.slice(0, separator);
	const isCommand = (argument: string) => commands.includes(argument);
	if (options.some((argument) => HELP_FLAGS.includes(argument))) {
		return help(options.find(isCommand));
	}
	if (options.some((argument) => VERSION_FLAGS.includes(argument))) return {kind: 'version'};

	const [first, ...rest] = argv;
	if (first === undefined) return help(undefined);
	if (first === 'help') {
		const [topic, extra] = rest;
		if (topic === undefined) return help(undefined);
		if (isFlag(topic)) return {kind: 'mistake', message: `unknown flag ${topic.split('=')[0]}`};
		if (!isCommand(topic)) return {kind: 'mistake', message: `unknown command "${topic}"`};
		if (extra !== undefined) {
			return {kind: 'mistake', message: `unexpected argument "${extra}" (help takes COMMAND)`};
		}
		return help(topic);
	}
	if (isFlag(first)) return {kind: 'mistake', message: `unknown flag ${first.split('=')[0]}`};
	if (!isCommand(first)) return {kind: 'mistake', message: `unknown command "${first}"`};
	return {kind: 'run', command: first, argv: rest};
}
