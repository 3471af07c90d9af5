// The server's state on disk (`--state-dir`): bans, kept in one JSON file that is written
// atomically (a temporary file, flushed, then renamed over the old one, and the directory
// flushed), so a crash mid-write leaves either the old list or the new one, never a torn file.
// A file that cannot be read as a ban list is an error, never silently ignored.

import {
	closeSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	writeSync,
} from 'node:fs';
import path from 'node:path';
import {BanList} from './bans.js';

export class StateFileError extends Error {}

export class StateFile {
	readonly path: string;
	readonly #dir: string;

	constructor(dir: string) {
		this.#dir = dir;
		this.path = path.join(dir, 'bans.json');
	}

	/** The saved bans, or an empty list if there is no file yet; throws StateFileError if corrupt. */
	load(): BanList {
		let text: string;
		try {
			text = readFileSync(this.path, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new BanList();
			throw new StateFileError(
				`cannot read the state file ${this.path}: ${(error as Error).message}`,
			);
		}
		try {
			return BanList.fromJSON(JSON.parse(text));
		} catch (error) {
			throw new StateFileError(
				`the state file ${this.path} is corrupt: ${(error as Error).message}`,
			);
		}
	}

	/** Writes the bans atomically. */
	save(bans: BanList, now: number): void {
		mkdirSync(this.#dir, {recursive: true});
		const temporary = `${this.path}.${process.pid}.tmp`;
		const fd = openSync(temporary, 'w', 0o600);
		try {
			writeSync(fd, `${JSON.stringify(bans.toJSON(now), null, '\t')}\n`);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(temporary, this.path);
		const dir = openSync(this.#dir, 'r');
		try {
			fsyncSync(dir);
		} finally {
			closeSync(dir);
		}
	}
}
