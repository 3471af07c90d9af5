// The stdout Ink draws on in a terminal, standing between Ink and the real one so the client can
// do what Ink cannot: on a resize, erase the live area (status and input rows) as the terminal
// has reflowed it before Ink redraws, so no stale copy is left at any width; clear the screen and
// redraw; and suspend on Ctrl-Z with the terminal restored, redrawing on `fg`.
//
// Ink erases its previous output by its own line count. When the terminal narrows, it reflows
// each of those lines into ceil(width / columns) rows, so Ink's count falls short. Knowing the
// rows' widths (ChatApp reports them), this erases the rows the reflow added above, then leaves
// the cursor where Ink's own erase covers the rest. Terminals that do not reflow (xterm) keep
// one row per line, and then nothing extra is erased... only when their width does not shrink
// below a row's width.

import {EventEmitter} from 'node:events';

const ESC = '\u001b[';

export class TerminalOutput extends EventEmitter {
	readonly isTTY = true;
	readonly #real: NodeJS.WriteStream;
	/** The widths of the live area's rows, as last drawn. */
	#live: number[] = [];
	/** The width the live area was drawn at. */
	#columns: number;
	/** A width told to Ink instead of the real one, to make it redraw everything. */
	#override: number | undefined;

	constructor(real: NodeJS.WriteStream) {
		super();
		this.#real = real;
		this.#columns = real.columns || 80;
		real.on('resize', this.#resized);
	}

	get columns(): number {
		return this.#override ?? (this.#real.columns || 80);
	}

	get rows(): number {
		return this.#real.rows || 24;
	}

	get writable(): boolean {
		return this.#real.writable;
	}

	get writableLength(): number {
		return this.#real.writableLength;
	}

	get writableEnded(): boolean {
		return this.#real.writableEnded;
	}

	get destroyed(): boolean {
		return this.#real.destroyed;
	}

	write(data: string | Uint8Array, ...rest: unknown[]): boolean {
		return (this.#real.write as (...args: unknown[]) => boolean)(data, ...rest);
	}

	/** ChatApp's report of its live rows' widths after each render. */
	setLiveArea = (widths: number[]): void => {
		this.#live = widths;
		this.#columns = this.#real.columns || 80;
	};

	/** Rings the bell. */
	bell = (): void => {
		this.#real.write('\u0007');
	};

	/** Clears the screen (not the scrollback) and has Ink draw the live area again at the top. */
	clear = (): void => {
		this.#real.write(`${ESC}H${ESC}2J`);
		this.redraw();
	};

	/** Makes Ink erase its output (by its own count, from the cursor) and draw it again. */
	redraw(): void {
		const columns = this.#real.columns || 80;
		this.#override = Math.max(1, columns - 1); // a narrower width: Ink clears and redraws
		this.emit('resize');
		this.#override = undefined;
		this.emit('resize');
	}

	/**
	 * Ctrl-Z: erases the live area, restores the terminal (cooked mode, cursor shown) and stops
	 * the process; on `fg`, raw mode and a hidden cursor again, and the live area drawn anew.
	 */
	suspend = (stdin: NodeJS.ReadStream = process.stdin): void => {
		const rows = this.#live.length;
		if (rows > 0) this.#real.write(`${ESC}${rows}A\r${ESC}J`);
		this.#real.write(`${ESC}?25h`);
		if (stdin.isTTY) stdin.setRawMode(false);
		process.once('SIGCONT', () => {
			if (stdin.isTTY) stdin.setRawMode(true);
			this.#real.write(`${ESC}?25l`);
			// Blank rows for Ink's erase to take, so the shell's lines stay above the live area.
			this.#real.write('\n'.repeat(rows + 1));
			this.redraw();
		});
		process.kill(process.pid, 'SIGTSTP');
	};

	close(): void {
		this.#real.off('resize', this.#resized);
	}

	#resized = (): void => {
		const columns = this.#real.columns || 80;
		const lines = this.#live.length;
		if (lines > 0 && columns < this.#columns) {
			// Rows the reflow made of each line; erase those above Ink's count, then step down
			// so that Ink's erase of `lines + 1` rows upward ends at the top of the area.
			const reflowed = this.#live.reduce(
				(sum, width) => sum + Math.max(1, Math.ceil(width / columns)),
				0,
			);
			if (reflowed > lines) {
				this.#real.write(`${ESC}${reflowed}A\r${ESC}J${ESC}${lines}B`);
			}
		}
		this.#columns = columns;
		this.emit('resize');
	};
}
