// Reads a process's CPU time and memory from /proc (Linux), for the server under test.
// The parsing is pure; `sample()` is the one function that reads files.

import {readFileSync} from 'node:fs';

/** Clock ticks per second for /proc/PID/stat times; 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds from the text of /proc/PID/stat. */
export function parseCpuSeconds(stat: string): number {
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// After the command name: state is field 3 (index 0 here); utime is 14, stime 15.
	return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident and peak resident memory in bytes from the text of /proc/PID/status. */
export function parseMemory(status: string): {rss: number; peakRss: number} {
	const kib = (key: string) =>
		Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
	return {rss: kib('VmRSS') * 1024, peakRss: kib('VmHWM') * 1024};
}

/**
 * Write system calls (write, writev: how libuv sends on a socket) and the bytes they wrote, from
 * the text of /proc/PID/io, for every thread of the process.
 */
export function parseIo(io: string): {writeCalls: number; writtenBytes: number} {
	const field = (key: string) =>
		Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(io)?.[1] ?? Number.NaN);
	return {writeCalls: field('syscw'), writtenBytes: field('wchar')};
}

export function sampleIo(pid: number): {writeCalls: number; writtenBytes: number} {
	return parseIo(readFileSync(`/proc/${pid}/io`, 'utf8'));
}

export interface ProcSample {
	cpuSeconds: number;
	rss: number;
	peakRss: number;
}

export function sample(pid: number): ProcSample {
	return {
		cpuSeconds: parseCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8')),
		...parseMemory(readFileSync(`/proc/${pid}/status`, 'utf8')),
	};
}
