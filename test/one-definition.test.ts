// One definition of each fact: the default port and the socket timings are written down once
// (source/server/options.ts, source/net/socket-timing.ts) and used everywhere else by name.

import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';
import {ChatClient, DEFAULT_PORT} from '../source/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every TypeScript source file of the product, relative to the project root. */
const sources = (): string[] => [
	'cli.tsx',
	...readdirSync(path.join(root, 'source'), {recursive: true, encoding: 'utf8'})
		.filter((file) => /\.tsx?$/.test(file))
		.map((file) => path.join('source', file)),
];

/** The numeric literals in a file's code (not in its comments or strings). */
function numbersIn(file: string): number[] {
	const text = readFileSync(path.join(root, file), 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
	const numbers: number[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isNumericLiteral(node)) numbers.push(Number(node.text));
		ts.forEachChild(node, visit);
	};
	visit(source);
	return numbers;
}

test('the client connects to DEFAULT_PORT by default', () => {
	assert.equal(new ChatClient().port, DEFAULT_PORT);
});

test('the default port is a number in one place only: source/server/options.ts', () => {
	const files = sources().filter((file) => numbersIn(file).includes(DEFAULT_PORT));
	assert.deepEqual(files, [path.join('source', 'server', 'options.ts')]);
});

test('the keepalive interval and the linger delay are defined in source/net/socket-timing.ts only', () => {
	const definitions = sources().filter((file) =>
		/\b(const|let|var)\s+(KEEPALIVE_MS|LINGER_MS)\b/.test(
			readFileSync(path.join(root, file), 'utf8'),
		),
	);
	assert.deepEqual(definitions, [path.join('source', 'net', 'socket-timing.ts')]);
});
