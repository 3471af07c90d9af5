// The client-render scenario: a room receiving a steady stream of lines, with the Ink client
// (natter's, or the naive baseline) drawing it in its own process on the generator's core.

import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {GENERATOR_CORES, onCores} from '../cpu-pinning.js';
import {LoadGenerator} from '../generator/coordinator.js';
import type {Result} from '../rig.js';
import {ServerProcess} from '../server-process.js';

const clientPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client.tsx');

/**
 * The environment of a person's terminal: without CI variables, under which Ink (is-in-ci)
 * writes only the last frame, and a client would draw nothing until it exits.
 */
function terminalEnv(): NodeJS.ProcessEnv {
	const env = {...process.env};
	for (const key of Object.keys(env)) {
		if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_')) delete env[key];
	}
	return env;
}
const SENDERS = 10;

export async function clientRender(
	kind: 'natter' | 'baseline',
	linesPerSecond: number,
	durationMs: number,
): Promise<Result> {
	const server = await ServerProcess.start('natter');
	const generator = LoadGenerator.start(1);
	const argv = [
		...onCores(GENERATOR_CORES),
		process.execPath,
		'--import',
		'tsx',
		clientPath,
		String(server.port),
		kind,
	];
	const child = spawn(argv[0] as string, argv.slice(1), {
		stdio: ['pipe', 'pipe', 'inherit'],
		env: terminalEnv(),
	});
	try {
		let output = '';
		const ready = new Promise<void>((resolve, reject) => {
			child.stdout.setEncoding('utf8').on('data', (text: string) => {
				output += text;
				if (output.includes('ready\n')) resolve();
			});
			child.once('exit', (code) => reject(new Error(`client exited (${code}) early`)));
		});
		await ready;
		const specs = Array.from({length: SENDERS}, (_, index) => ({
			index,
			name: `s${index}`,
			role: 'sender' as const,
			audit: false,
		}));
		await generator.connect(server.port, specs, SENDERS);
		const sent = await generator.send(durationMs, linesPerSecond / SENDERS);
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.stdin.write(`done ${sent}\n`);
		await exited;
		const json = output.split('\n').find((line) => line.startsWith('{'));
		if (!json) throw new Error('the client printed no result');
		return {values: JSON.parse(json) as Record<string, number>, notes: []};
	} finally {
		child.kill();
		generator.close();
		await server.stop();
	}
}
