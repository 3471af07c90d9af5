// Records media/demo.cast from a real run of `chat demo` while a second user chats from a real
// `nc`, then renders media/demo.svg (animated) and media/screenshot.svg (a still frame) with
// svg-term. tmux drives the session; asciinema records it. Run with `npm run media`. The run
// shows the social layer: a mention, Tab completing a command and a name, a private message both
// ways, /rooms, and a room change with its history.
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const media = path.join(root, 'media');
const cli = path.join(root, 'dist/cli.js');
const [cols, rows] = [100, 26];
const inner = ['-L', `natter-media-${process.pid}`];
const outer = ['-L', `natter-media-rec-${process.pid}`];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const tmux = (socket, ...args) => execFileSync('tmux', [...socket, ...args], {encoding: 'utf8'});

function ensureTools() {
	const missing = {tmux: 'tmux', asciinema: 'asciinema', nc: 'netcat-openbsd'};
	const packages = Object.entries(missing)
		.filter(([command]) => spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0)
		.map(([, name]) => name);
	if (packages.length === 0) return;
	console.log(`installing ${packages.join(', ')} from Debian's packages`);
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	execFileSync(
		sudo[0] ?? 'apt-get',
		[...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'update', '-qq'],
		{stdio: 'inherit'},
	);
	execFileSync(
		sudo[0] ?? 'apt-get',
		[...(sudo.length ? ['apt-get'] : []), 'install', '-y', '-qq', ...packages],
		{
			stdio: 'inherit',
			env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'},
		},
	);
}

async function waitForScreen(pattern, timeoutMs = 15_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const screen = tmux(inner, 'capture-pane', '-p', '-t', 'demo');
		const match = screen.match(pattern);
		if (match) return match;
		if (Date.now() > deadline) throw new Error(`screen never showed ${pattern}:\n${screen}`);
		await sleep(100);
	}
}

/** Types like a person: one key at a time. */
async function type(text) {
	for (const char of text) {
		tmux(inner, 'send-keys', '-t', 'demo', '-l', char);
		await sleep(45 + Math.random() * 60);
	}
}

/** Presses a key by its tmux name, then pauses to let it be seen. */
async function press(key, pause = 600) {
	tmux(inner, 'send-keys', '-t', 'demo', key);
	await sleep(pause);
}

async function typeLine(text) {
	await type(text);
	await sleep(300);
	await press('Enter', 0);
}

async function main() {
	ensureTools();
	const cast = path.join(media, 'demo.cast');
	tmux(
		inner,
		'new-session',
		'-d',
		'-s',
		'demo',
		'-x',
		String(cols),
		'-y',
		String(rows),
		'env',
		'-i',
		`PATH=${process.env.PATH}`,
		'TERM=xterm-256color',
		'LANG=C.UTF-8',
		'PS1=$ ',
		'bash',
		'--norc',
		'--noprofile',
	);
	tmux(inner, 'set', '-g', 'status', 'off');
	tmux(inner, 'send-keys', '-t', 'demo', `chat() { node ${cli} "$@"; }; clear`, 'Enter');
	await sleep(300);
	tmux(
		outer,
		'new-session',
		'-d',
		'-s',
		'rec',
		'-x',
		String(cols),
		'-y',
		String(rows),
		'asciinema',
		'rec',
		'--quiet',
		'--overwrite',
		'--cols',
		String(cols),
		'--rows',
		String(rows),
		'-c',
		`env -u TMUX tmux ${inner.join(' ')} attach -t demo`,
		cast,
	);
	await sleep(1500);

	await typeLine('chat demo --name zoe --bots 3');
	const port = Number((await waitForScreen(/nc localhost (\d+) /))[1]);
	await waitForScreen(/greeter: Welcome, zoe!/);
	await sleep(1500);

	const nc = spawn('nc', ['localhost', String(port)], {stdio: ['pipe', 'ignore', 'ignore']});
	const say = async (line, pause) => {
		nc.stdin.write(`${line}\n`);
		await sleep(pause);
	};
	await say('sam', 2000);
	await say('hi zoe! I am on plain nc, is that ok?', 2000);
	await typeLine('hey sam, nc is a first-class citizen here');
	await sleep(1200);

	// Tab completes a command, then a name; the private message and the oracle's private answer.
	await type('/ms');
	await press('Tab');
	await type('or');
	await press('Tab');
	await typeLine('will it ship today?');
	await waitForScreen(/oracle \(private\):/);
	await sleep(2000);

	// sam goes to #random and says something there: history for whoever comes next.
	await say('/join #random', 800);
	await say('quiet in here, is it not?', 1200);
	await typeLine('/rooms');
	await sleep(1500);
	await type('/join #r');
	await press('Tab');
	await press('Enter', 0);
	await waitForScreen(/#random \(3\)/);
	await sleep(2500);
	await typeLine('found you, sam');
	await sleep(1500);
	await say('welcome to #random!', 3000);
	await typeLine('/quit');
	await sleep(1500);
	nc.stdin.end();
	tmux(inner, 'send-keys', '-t', 'demo', 'exit', 'Enter');
	for (
		let tries = 0;
		tries < 100 && spawnSync('tmux', [...outer, 'has-session', '-t', 'rec']).status === 0;
		tries++
	) {
		await sleep(100);
	}
	spawnSync('tmux', [...outer, 'kill-server']);
	spawnSync('tmux', [...inner, 'kill-server']);

	const [headerLine, ...eventLines] = readFileSync(cast, 'utf8').split('\n').filter(Boolean);
	const header = JSON.parse(headerLine);
	console.log(`recorded ${cast} (${header.width}x${header.height})`);
	// The screenshot: two seconds after sam's welcome in #random, before quitting.
	const welcome = eventLines
		.map((line) => JSON.parse(line))
		.find(([, , data]) => data.includes('welcome to #random!'));
	if (!welcome) throw new Error('the recording never showed sam in #random');
	const stillAt = Math.round(welcome[0] * 1000) + 2000;
	const svgTerm = (...args) =>
		execFileSync(
			'npx',
			['--yes', 'svg-term-cli@2.1.1', '--in', cast, '--window', '--padding', '12', ...args],
			{
				stdio: 'inherit',
			},
		);
	svgTerm('--out', path.join(media, 'demo.svg'));
	svgTerm('--out', path.join(media, 'screenshot.svg'), '--at', String(stillAt), '--no-cursor');
	console.log('rendered media/demo.svg and media/screenshot.svg');
}

main().catch((error) => {
	spawnSync('tmux', [...outer, 'kill-server']);
	spawnSync('tmux', [...inner, 'kill-server']);
	console.error(`record-media: ${error.message}`);
	process.exit(1);
});
