// The reply-flood attack against the built server (see bench/attacks/reply-flood.ts): clients
// that never read, sending lines that each earn an answer. The server must stop reading them
// instead of buffering the answers, lose none of them, and keep its memory bounded; flood
// control must slow refused names at the prompt too.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {namePromptFlood, runFlood, whoFlood} from '../bench/attacks/reply-flood.js';
import {sample} from '../bench/proc-stats.js';
import {CliProcess} from './helpers/cli-process.js';
import {LineClient} from './helpers/line-client.js';

/** Far below what the unbounded server reached with the same attack (over 400 MB). */
const MAX_GROWTH_BYTES = 240 * 1024 * 1024;

/**
 * The server runs with its JavaScript heap capped: what it keeps must fit, or it dies of it. How
 * far RSS grows also depends on how lazily the garbage collector works, which varies with Node's
 * release; the cap does not.
 */
const HEAP_CAP = '--max-old-space-size=96';

async function serve(...flags: string[]): Promise<{cli: CliProcess; port: number}> {
	const cli = new CliProcess(['serve', '--port', '0', '--host', '127.0.0.1', '--quiet', ...flags], {
		env: {NODE_OPTIONS: HEAP_CAP},
	});
	return {cli, port: await cli.listeningPort()};
}

describe('reply floods (built CLI)', () => {
	test('non-reading clients flooding the name prompt are paused, lose nothing, and memory stays bounded', async () => {
		const {cli, port} = await serve('--rate', '0');
		const pid = cli.child.pid as number;
		const before = sample(pid).rss;
		const flood = namePromptFlood(200_000);
		const results = await Promise.all(Array.from({length: 4}, () => runFlood(port, flood)));
		for (const result of results)
			assert.deepEqual(result, {lines: flood.expectedLines, dropped: false});
		const growth = sample(pid).peakRss - before;
		assert.ok(growth < MAX_GROWTH_BYTES, `peak RSS grew by ${(growth / 1e6).toFixed(0)} MB`);
		cli.kill();
		assert.equal((await cli.exited).code, 0);
	});

	test('a non-reading client flooding /who in a big room is paused and loses nothing', async () => {
		const {cli, port} = await serve('--rate', '0', '--history', '0');
		const pid = cli.child.pid as number;
		const crowd = await Promise.all(
			Array.from({length: 200}, (_, index) =>
				LineClient.named(port, `member-of-the-crowd-${index}`),
			),
		);
		const before = sample(pid).rss;
		const result = await runFlood(port, whoFlood('asker', 5_000, 1));
		assert.deepEqual(result, {lines: 5_000, dropped: false});
		const growth = sample(pid).peakRss - before;
		assert.ok(growth < MAX_GROWTH_BYTES, `peak RSS grew by ${(growth / 1e6).toFixed(0)} MB`);
		for (const client of crowd) client.destroy();
		cli.kill();
		assert.equal((await cli.exited).code, 0);
	});

	test('flood control slows refused names at the prompt', async () => {
		const {cli, port} = await serve('--rate', '5', '--name-timeout', '1');
		const client = await LineClient.connect(port);
		await client.expect("Hi, what's your name?");
		client.write('\n'.repeat(200));
		const timeoutNotice = '*** No name given within 1 seconds; closing.';
		await client.waitFor((line) => line === timeoutNotice, 10_000);
		await client.waitClosed();
		const refusals = client.raw
			.toString()
			.split('\n')
			.filter((line) => line.startsWith('*** A name must be'));
		// A burst of 10, then 5 a second for about a second: nowhere near the 200 sent.
		assert.ok(refusals.length <= 20, `${refusals.length} names were refused in one second`);
		cli.kill();
		await cli.exited;
	});
});
