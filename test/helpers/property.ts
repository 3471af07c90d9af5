// Runs fast-check properties with the run count and seed taken from the environment, so the same
// files are a quick check in `npm test` and a long fuzz run in `npm run fuzz`:
//   FC_RUNS  cases per property (default 200)
//   FC_SEED  the seed (default: a fresh one per property); a failure prints the seed it ran with
//   FC_PATH  with FC_SEED, replays one counter-example (the `path` a failure prints)
// A failure reports the shrunk counter-example, the seed and the path to replay it.

import fc from 'fast-check';

function integer(name: string): number | undefined {
	const value = process.env[name];
	if (value === undefined || value === '') return undefined;
	const number = Number(value);
	if (!Number.isSafeInteger(number)) throw new Error(`${name} must be an integer, not ${value}`);
	return number;
}

/** Cases per property. */
export const RUNS = integer('FC_RUNS') ?? 200;
const SEED = integer('FC_SEED');
const PATH = process.env.FC_PATH || undefined;

const parameters = <T>(): fc.Parameters<T> => ({
	numRuns: RUNS,
	seed: SEED ?? (Math.random() * 0x1_0000_0000) | 0,
	...(PATH === undefined ? {} : {path: PATH}),
	verbose: fc.VerbosityLevel.Verbose,
	endOnFailure: false,
});

/** Asserts a property; throws fast-check's report (counter-example, seed, path) when it fails. */
export function holds<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>): void {
	fc.assert(property, parameters<Ts>());
}

/** `holds` for a property whose predicate is async. */
export async function holdsAsync<Ts extends [unknown, ...unknown[]]>(
	property: fc.IAsyncProperty<Ts>,
): Promise<void> {
	await fc.assert(property, parameters<Ts>());
}

/** `items` cut into packets at the given points (taken modulo its length + 1; empty packets too). */
export function splitAt<T extends {slice(start: number, end?: number): T; length: number}>(
	items: T,
	points: readonly number[],
): T[] {
	const cuts = points.map((point) => point % (items.length + 1)).sort((a, b) => a - b);
	const parts: T[] = [];
	let start = 0;
	for (const cut of cuts) {
		parts.push(items.slice(start, cut));
		start = cut;
	}
	parts.push(items.slice(start));
	return parts;
}

/** Arbitrary cut points for `splitAt`: none up to a dozen. */
export const cutPoints = (): fc.Arbitrary<number[]> =>
	fc.array(fc.nat({max: 1023}), {maxLength: 12});
