// Turns raw terminal input into editing keys. Ink reports Backspace as "delete", so the client
// reads the raw sequences itself; pure, so every key is tested without a terminal.

export type Key =
	| {type: 'text'; text: string}
	| {
			type:
				| 'enter'
				| 'backspace'
				| 'delete'
				| 'left'
				| 'right'
				| 'wordLeft'
				| 'wordRight'
				| 'home'
				| 'end'
				| 'up'
				| 'down'
				| 'killToStart'
				| 'killToEnd'
				| 'killWord'
				| 'interrupt'
				| 'endOfInput'
				| 'tab'
				| 'suspend'
				| 'retry';
	  };

type KeyType = Exclude<Key, {type: 'text'}>['type'];

const ESCAPES: Record<string, KeyType> = {
	'\u001b[A': 'up',
	'\u001bOA': 'up',
	'\u001b[B': 'down',
	'\u001bOB': 'down',
	'\u001b[C': 'right',
	'\u001bOC': 'right',
	'\u001b[D': 'left',
	'\u001bOD': 'left',
	'\u001b[1;5C': 'wordRight',
	'\u001b[1;3C': 'wordRight',
	'\u001bf': 'wordRight',
	'\u001b[1;5D': 'wordLeft',
	'\u001b[1;3D': 'wordLeft',
	'\u001bb': 'wordLeft',
	'\u001b[H': 'home',
	'\u001bOH': 'home',
	'\u001b[1~': 'home',
	'\u001b[7~': 'home',
	'\u001b[F': 'end',
	'\u001bOF': 'end',
	'\u001b[4~': 'end',
	'\u001b[8~': 'end',
	'\u001b[3~': 'delete',
	'\u001b\u007f': 'killWord',
	'\u001b\b': 'killWord',
};

const CONTROLS: Record<string, KeyType> = {
	'\r': 'enter',
	'\n': 'enter',
	'\u007f': 'backspace',
	'\b': 'backspace',
	'\u0001': 'home', // Ctrl-A
	'\u0005': 'end', // Ctrl-E
	'\u0002': 'left', // Ctrl-B
	'\u0006': 'right', // Ctrl-F
	'\u0010': 'up', // Ctrl-P
	'\u000e': 'down', // Ctrl-N
	'\u0015': 'killToStart', // Ctrl-U
	'\u000b': 'killToEnd', // Ctrl-K
	'\u0017': 'killWord', // Ctrl-W
	'\u0003': 'interrupt', // Ctrl-C
	'\u0004': 'endOfInput', // Ctrl-D
	'\u001a': 'suspend', // Ctrl-Z
	'\u0012': 'retry', // Ctrl-R
};

/** The longest known escape sequence, or the extent of an unknown CSI/SS3 one, at `index`. */
function escapeAt(input: string, index: number): {type?: KeyType; length: number} {
	for (let length = 6; length >= 2; length--) {
		const type = ESCAPES[input.slice(index, index + length)];
		if (type) return {type, length};
	}
	const csi = /^\u001b(?:\[[0-9;?]*[ -/]*[@-~]|O[ -~])/u.exec(input.slice(index));
	return {length: csi ? csi[0].length : 1}; // unknown sequences and bare Escape are ignored
}

/**
 * Parses one chunk of terminal input: escape sequences (several may come in one chunk), and runs
 * of typed or pasted text that may hold control characters and newlines (a multi-line paste
 * becomes text, enter, text, ...).
 */
export function parseKeys(input: string): Key[] {
	// A Tab ending a chunk was pressed (typing fast can join it to the keys before); a Tab inside
	// a chunk is pasted text, and becomes a space.
	if (input.endsWith('\t') && !input.startsWith('\u001b')) {
		return [...parseKeys(input.slice(0, -1)), {type: 'tab'}];
	}
	const keys: Key[] = [];
	let text = '';
	const flush = () => {
		if (text) keys.push({type: 'text', text});
		text = '';
	};
	for (let index = 0; index < input.length; index++) {
		const char = input[index] as string;
		if (char === '\u001b') {
			flush();
			const {type, length} = escapeAt(input, index);
			if (type) keys.push({type});
			index += length - 1;
			continue;
		}
		const type = CONTROLS[char];
		if (type) {
			flush();
			keys.push({type});
			if (char === '\r' && input[index + 1] === '\n') index++; // CR LF is one Enter
		} else if (char === '\t') {
			text += ' ';
		} else if (char >= ' ' && !(char >= '\u007f' && char <= '\u009f')) {
			text += char;
		}
	}
	flush();
	return keys;
}

/**
 * Where an escape sequence that more bytes could still complete starts at the end of `input`
 * (a bare ESC, `ESC [` with parameters but no final byte, `ESC O`), or -1.
 */
function unfinishedEscape(input: string): number {
	const at = input.lastIndexOf('\u001b');
	if (at === -1) return -1;
	const tail = input.slice(at);
	return /^\u001b(?:\[[0-9;?]*[ -/]*|O)?$/u.test(tail) ? at : -1;
}

/**
 * Keys from a stream of reads, as a terminal delivers them: an escape sequence or a CR LF that
 * one read cuts in two is read as the one key it is. A bare Escape (or a sequence never finished)
 * waits for the next read, or for `flush()` when no more bytes come.
 */
export class KeyReader {
	#pending = '';
	#afterCr = false;

	/** Whether the last read ended in an escape sequence that may still be finished. */
	get waiting(): boolean {
		return this.#pending !== '';
	}

	read(chunk: string): Key[] {
		let input = this.#pending + chunk;
		this.#pending = '';
		if (this.#afterCr && input.startsWith('\n')) input = input.slice(1); // the LF of a CR LF
		this.#afterCr = false;
		const cut = unfinishedEscape(input);
		if (cut !== -1) {
			this.#pending = input.slice(cut);
			input = input.slice(0, cut);
		}
		this.#afterCr = input.endsWith('\r');
		return parseKeys(input);
	}

	/** No more bytes came: what was waiting is read as it is. */
	flush(): Key[] {
		const pending = this.#pending;
		this.#pending = '';
		return pending ? parseKeys(pending) : [];
	}
}
