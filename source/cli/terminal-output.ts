// The stdout Ink draws on in a terminal, standing between Ink and the real one so the client can
// do what Ink cannot: repaint the screen on a resize, clear it (/clear), and suspend on Ctrl-Z
// with the terminal restored, repainting on `fg`.
//
// Why repaint: Ink erases its previous output by its own count of lines. That count is wrong as
// soon as the terminal reflows (narrowing splits the status and input rows in two), and no count
// can be right for a frame drawn for the old width that reaches the terminal after it resized:
// such frames leave stale copies of the live area behind. So on every resize the visible screen
// is cleared (without pushing it into the scrollback), the app prints again the entries that fill
// it (ChatApp's repaint, registered with onRepaint) and Ink draws the live area anew: whatever the
// terminal did, the screen ends as a fresh drawing at the final width.
//
// The repaint must end on the row the cursor was on: reflowing terminals keep the rows above the
// cursor and push what no longer fits into the scrollback, so printing more would put lines in it
// twice. That row is followed through every write (cursor-row.ts), from a known start: `start()`
// scrolls the screen up so the client begins on its last row, with input at the bottom as in
// other chat programs, and nothing of the shell's left in the rows a repaint clears.

import {EventEmitter} from 'node:events';
import {cursorRowAfter, cursorRowAfterResize} from './cursor-row.js';

const ESC = '\u001b[';
/**
 * Clears the visible screen, leaving the cursor at its top left: row 2 down, then row 1. Not
 * `ESC[2J` nor `ESC[J` from the top left, which tmux and VTE take as "clear the screen" and
 * answer by pushing it into the scrollback, where the repainted lines would then be twice.
 */
export const CLEAR_VISIBLE = `${ESC}2;1H${ESC}J${ESC}H${ESC}2K`;

export class TerminalOutput extends EventEmitter {
	readonly isTTY = true;
	readonly #real: NodeJS.WriteStream;
	/** The rows of the live area (status and input), as last drawn. */
	#liveRows = 0;
	/** The app's repaint (see onRepaint). */
	#repaint: ((cursorRow: number) => boolean) | undefined;
	/** The row the cursor is on (0 at the top), as followed through the writes. */
	#row = 0;
	/**
	 * The row the last repaint ends on, until its output has reached it: Ink draws the reprinted
	 * lines a frame later than the live area, and a resize in between must not take the row the
	 * cursor is on meanwhile (near the top) for where the screen ends.
	 */
	#repainting: number | undefined;
	/** The screen's height when last seen. */
	#rows: number;
	/** A width told to Ink instead of the real one, to make it redraw everything. */
	#override: number | undefined;

	constructor(real: NodeJS.WriteStream) {
		super();
		this.#real = real;
		this.#rows = this.rows;
		real.on('resize', this.#resized);
	}

	/** Scrolls the screen up to begin on its last row (see the top of this file). */
	start(): void {
		this.write('\n'.repeat(Math.max(0, this.rows - 1)));
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
		const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
		this.#row = cursorRowAfter(this.#row, text, this.rows);
		if (this.#repainting !== undefined && this.#row >= this.#repainting)
			this.#repainting = undefined;
		return (this.#real.write as (...args: unknown[]) => boolean)(data, ...rest);
	}

	/** ChatApp's report of its live area's height after each render. */
	setLiveRows = (rows: number): void => {
		this.#liveRows = rows;
	};

	/**
	 * Registers the app's repaint: print again the entries that fill a just-cleared screen, and
	 * say whether there are any.
	 */
	onRepaint = (repaint: (cursorRow: number) => boolean): (() => void) => {
		this.#repaint = repaint;
		return () => {
			if (this.#repaint === repaint) this.#repaint = undefined;
		};
	};

	/** Rings the bell. */
	bell = (): void => {
		this.write('\u0007');
	};

	/** Clears the screen (its lines go to the scrollback) and draws the live area again at the top. */
	clear = (): void => {
		this.#repainting = undefined;
		this.write(`${ESC}H${ESC}2J`);
		this.redraw();
	};

	/**
	 * Clears the visible screen and has the app print again what filled the rows above the
	 * cursor: its next frame draws those lines and the live area under them, so the cursor ends
	 * on the row it was on. The live area is never drawn alone at the top meanwhile: a terminal
	 * that narrows then would push it into the scrollback with its reflow. With nothing to print,
	 * Ink draws the live area at once.
	 */
	repaint(): void {
		const row = Math.max(this.#row, this.#repainting ?? 0);
		this.#repainting = row;
		this.write(CLEAR_VISIBLE);
		if (!this.#repaint?.(row)) this.redraw();
	}

	/**
	 * Makes Ink draw its output again even if nothing changed. Ink first erases what it drew by
	 * its own count, from the cursor; after a clear, that is only blank rows at the top.
	 */
	redraw(): void {
		const columns = this.#real.columns || 80;
		this.#override = Math.max(1, columns - 1); // a narrower width: Ink clears and redraws
		this.emit('resize');
		this.#override = undefined;
		this.emit('resize');
	}

	/**
	 * Ctrl-Z: erases the live area, restores the terminal (cooked mode, cursor shown) and stops
	 * the process; on `fg`, raw mode and a hidden cursor again, and the screen repainted.
	 */
	suspend = (stdin: NodeJS.ReadStream = process.stdin): void => {
		const rows = this.#liveRows;
		if (rows > 0) this.write(`${ESC}${rows}A\r${ESC}J`);
		this.write(`${ESC}?25h`);
		if (stdin.isTTY) stdin.setRawMode(false);
		process.once('SIGCONT', () => {
			if (stdin.isTTY) stdin.setRawMode(true);
			this.write(`${ESC}?25l`);
			// The shell wrote meanwhile, moving the cursor by rows nobody counted: the repaint
			// fills the whole screen, the shell's lines included, ending on the last row.
			this.#row = Math.max(0, this.rows - 1);
			this.#repainting = undefined;
			this.repaint();
		});
		process.kill(process.pid, 'SIGTSTP');
	};

	close(): void {
		this.#real.off('resize', this.#resized);
	}

	#resized = (): void => {
		this.#row = cursorRowAfterResize(this.#row, this.#rows, this.rows);
		if (this.#repainting !== undefined) {
			this.#repainting = cursorRowAfterResize(this.#repainting, this.#rows, this.rows);
		}
		this.#rows = this.rows;
		this.repaint();
	};
}
