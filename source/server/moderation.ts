// What operators act with: the password, the ban list, and where bans are saved (`--state-dir`),
// so a ban set now is kept across restarts. One object per server, shared by every session.

import {BanList} from './bans.js';
import type {EventLog} from './event-log.js';
import {OperatorPassword} from './operator-password.js';
import {StateFile} from './state-file.js';

export class Moderation {
	readonly password: OperatorPassword;
	readonly bans: BanList;
	readonly #state: StateFile | undefined;
	readonly #log: EventLog;

	/** Loads saved bans from `stateDir`; throws StateFileError if that file is corrupt. */
	constructor(options: {operatorPassword?: string; stateDir?: string; log: EventLog}) {
		this.password = new OperatorPassword(options.operatorPassword);
		this.#state = options.stateDir === undefined ? undefined : new StateFile(options.stateDir);
		this.bans = this.#state?.load() ?? new BanList();
		this.#log = options.log;
	}

	/** Saves the bans after a change; a failure is logged, and the bans stay in force. */
	saveBans(): void {
		try {
			this.#state?.save(this.bans, Date.now());
		} catch (error) {
			this.#log({type: 'warning', message: `cannot save the bans: ${(error as Error).message}`});
		}
	}
}
