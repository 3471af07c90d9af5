// Peak memory of `chat serve` under the reply-flood attack (see attacks/reply-flood.ts), for the
// built CLI or another build given with --cli, so a fix can be measured against the code before it:
//   node --import tsx bench/memory-attack.ts [--cli PATH/dist/cli.js] [--attackers 8] [--bytes 2000000] [--rate 0]
// With flood control on (--rate above 0) the attackers do not wait to read every answer, which
// would take bytes / rate seconds: the peak is taken once the server has stopped reading them.

import {spawn} from 'node:child_process';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {namePromptFlood, runFlood} from './attacks/reply-flood.js';
import {sample} from './proc-stats.js';

const {values} = parseArgs({
	options: {
		cli: {type: 'string', default: path.resolve('dist/cli.js')},
		attackers: {type: 'string', default: '8'},
		bytes: {type: 'string', default: '2000000'},
		rate: {type: 'string', default: '0'},
	},
});
const attackers = Number(values.attackers);
const bytes = Number(values.bytes);

const server = spawn(
	process.execPath,
	[values.cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--rate', values.rate, '--quiet'],
	{
		stdio: ['ignore', 'pipe', 'inherit'],
	},
);
const port = await new Promise<number>((resolve) => {
	let out = '';
	server.stdout.setEncoding('utf8').on('data', (text: string) => {
		out += text;
		const match = /Listening on .*:(\d+)\n/.exec(out);
		if (match) resolve(Number(match[1]));
	});
});
const before = sample(server.pid as number);
const started = performance.now();
const results = await Promise.all(
	Array.from({length: attackers}, () =>
		runFlood(port, namePromptFlood(bytes), {timeoutMs: 600_000, readAll: values.rate === '0'}),
	),
);
const dropped = results.filter((result) => result.dropped).length;
const lines = results.reduce((sum, result) => sum + result.lines, 0);
if (values.rate !== '0') await new Promise((resolve) => setTimeout(resolve, 3000)); // the server has time to read on
const after = sample(server.pid as number);
server.kill('SIGKILL');
const mb = (value: number) => (value / 1e6).toFixed(1);
console.log(
	'| attackers | bytes each | RSS before / MB | peak RSS / MB | answers received | of | attackers dropped | seconds |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(
	`| ${attackers} | ${bytes} | ${mb(before.rss)} | ${mb(after.peakRss)} | ${lines} | ${attackers * namePromptFlood(bytes).expectedLines} | ${dropped} | ${((performance.now() - started) / 1000).toFixed(1)} |`,
);
