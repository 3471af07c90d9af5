// The client under test in the client-render scenario, in its own process: renders natter's
// ChatApp (or the naive baseline) into an in-memory terminal of a real size, and records how long
// each line took from its sender to its first appearance on that screen. Prints JSON on exit.
// Usage: node --import tsx client.tsx PORT natter|baseline ; then "done SENT" on stdin.

import {PassThrough, Writable} from 'node:stream';
import {render} from 'ink';
import {TerminalOutput} from '../../source/cli/terminal-output.js';
import {ChatClient} from '../../source/client/chat-client.js';
import {ChatApp} from '../../source/ui/ChatApp.js';
import {nowMicros} from '../generator/payload.js';
import {sample} from '../proc-stats.js';
import {Histogram} from '../stats.js';
import {NaiveApp} from './naive-app.js';

const [portText, kind] = process.argv.slice(2);
const lag = new Histogram();
const seen = new Set<string>();
let frames = 0;
let peakRss = 0;
const PAYLOAD = /s(\d+) (\d+) (\d+)/g;

/** A terminal of a real size that keeps nothing: it only looks for payloads in what is drawn. */
class Screen extends Writable {
	columns = 100;
	rows = 30;
	isTTY = true;
	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
		const now = nowMicros();
		for (const match of chunk.toString('utf8').matchAll(PAYLOAD)) {
			const key = `${match[1]}:${match[2]}`;
			if (seen.has(key)) continue;
			seen.add(key);
			lag.record(now - Number(match[3]));
		}
		callback();
	}
}

const client = new ChatClient({
	host: '127.0.0.1',
	port: Number(portText),
	name: 'viewer',
	reconnect: false,
});
client.hold();
await client.connect();
const stdin = Object.assign(new PassThrough(), {isTTY: false});
const screen = new Screen() as unknown as NodeJS.WriteStream;
// natter draws through the TerminalOutput that `chat connect` uses, which follows the cursor.
const output = kind === 'baseline' ? screen : new TerminalOutput(screen);
const tree =
	kind === 'baseline' ? (
		<NaiveApp client={client} />
	) : (
		<ChatApp
			client={client}
			onExit={() => {}}
			terminal={
				output instanceof TerminalOutput
					? {liveRows: output.setLiveRows, onRepaint: output.onRepaint}
					: {}
			}
		/>
	);
render(tree, {
	stdout: output as unknown as NodeJS.WriteStream,
	stdin: stdin as unknown as NodeJS.ReadStream,
	patchConsole: false,
	exitOnCtrlC: false,
	onRender: () => {
		frames++;
	},
});
const cpuStart = process.cpuUsage();
const started = Date.now();
const memory = setInterval(() => {
	peakRss = Math.max(peakRss, sample(process.pid).rss);
}, 200);
process.stdout.write('ready\n');

process.stdin.setEncoding('utf8').on('data', (text: string) => {
	const sent = Number(/done (\d+)/.exec(text)?.[1] ?? Number.NaN);
	const deadline = Date.now() + 3000;
	const finish = () => {
		if (seen.size < sent && Date.now() < deadline) {
			setTimeout(finish, 20);
			return;
		}
		clearInterval(memory);
		const cpu = process.cpuUsage(cpuStart);
		const seconds = (Date.now() - started) / 1000;
		const result = {
			frames,
			drawn: seen.size,
			loss: sent - seen.size,
			lagP50Ms: lag.quantile(0.5) / 1000,
			lagP99Ms: lag.quantile(0.99) / 1000,
			lagMaxMs: lag.max / 1000,
			cpuCores: (cpu.user + cpu.system) / 1e6 / seconds,
			peakRssMb: Math.max(peakRss, sample(process.pid).rss) / 2 ** 20,
		};
		process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
	};
	finish();
});
