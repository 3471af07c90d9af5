// Pins processes to cores with taskset, where the machine has it: the server under test gets one
// core and the load generator the rest, so neither steals the other's CPU.

import {execFileSync, spawnSync} from 'node:child_process';
import os from 'node:os';

export const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
/** Cores of the machine, read before anything here pins this process. */
export const MACHINE_CORES = os.availableParallelism();
const cores = MACHINE_CORES;

/** The core list for the server under test. */
export const SERVER_CORES = '0';
/** The core list for the generator: every other core (all of them on a one-core machine). */
export const GENERATOR_CORES = cores > 2 ? `1-${cores - 1}` : cores === 2 ? '1' : '0';

/** The command prefix that runs a program on `cores`, or nothing without taskset. */
export const onCores = (cores: string): string[] => (hasTaskset ? ['taskset', '-c', cores] : []);

/** Moves a running process onto `cores`. */
export function pin(pid: number, cores: string): void {
	if (hasTaskset) execFileSync('taskset', ['-pc', cores, String(pid)], {stdio: 'ignore'});
}
