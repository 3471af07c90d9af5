// Drives a real terminal through tmux on a private server socket: start a shell in a pane of a
// fixed size, type into it with send-keys, and wait for the screen (capture-pane) to show text.

import {execFileSync, spawnSync} from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export class TmuxPane {
	readonly #socket = `natter-test-${process.pid}-${Math.random().toString(36).slice(2)}`;

	/** A shell in a new pane of `width` × `height`, with a clean environment plus `env`. */
	constructor({width = 100, height = 24, env = {} as Record<string, string>} = {}) {
		const extra = Object.entries(env).map(([key, value]) => `${key}=${value}`);
		const shell = [
			'env',
			'-i',
			`PATH=${process.env.PATH}`,
			'TERM=xterm-256color',
			'LANG=C.UTF-8',
			'PS1=$ ',
		];
		this.#tmux(
			'new-session',
			'-d',
			'-s',
			'main',
			'-x',
			String(width),
			'-y',
			String(height),
			...shell,
			...extra,
			'bash',
			'--norc',
			'--noprofile',
		);
	}

	/** Types literal text (no key names). */
	type(text: string): void {
		this.#tmux('send-keys', '-t', 'main', '-l', text);
	}

	/** Presses keys by tmux name: Enter, C-c, Left, BSpace, ... */
	press(...keys: string[]): void {
		this.#tmux('send-keys', '-t', 'main', ...keys);
	}

	/**
	 * The visible screen as text; with `escapes`, with its colours and attributes as SGR sequences;
	 * with `scrollback`, the whole history above it too.
	 */
	screen({escapes = false, scrollback = false} = {}): string {
		return this.#tmux(
			'capture-pane',
			'-p',
			...(escapes ? ['-e'] : []),
			...(scrollback ? ['-S', '-'] : []),
			'-t',
			'main',
		);
	}

	/** A tmux format value for the pane, such as `#{cursor_flag}`. */
	format(format: string): string {
		return this.#tmux('display-message', '-p', '-t', 'main', format).trim();
	}

	/**
	 * The size the program in the pane has been given (its terminal's, from the kernel): tmux
	 * passes a resize on to it a little later than it redraws its own window.
	 */
	ttySize(): {columns: number; rows: number} {
		const tty = this.format('#{pane_tty}');
		const [rows = 0, columns = 0] = execFileSync('stty', ['-F', tty, 'size'], {encoding: 'utf8'})
			.trim()
			.split(/\s+/)
			.map(Number);
		return {columns, rows};
	}

	/**
	 * Waits until the screen, scrollback included, has not changed for `quietMs`: a program that
	 * redraws on its own (after a resize) has nothing to signal when it is done.
	 */
	async waitForQuiet(quietMs = 300, timeoutMs = 10_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let last = this.screen({scrollback: true});
		let since = Date.now();
		for (;;) {
			await new Promise((resolve) => setTimeout(resolve, 50));
			const now = this.screen({scrollback: true});
			if (now !== last) {
				last = now;
				since = Date.now();
			} else if (Date.now() - since >= quietMs) {
				return now;
			}
			if (Date.now() > deadline) throw new Error(`the screen never settled:\n${now}`);
		}
	}

	/** Resizes the pane's window, as a person dragging the terminal's edge. */
	resize(width: number, height: number): void {
		this.#tmux('resize-window', '-t', 'main', '-x', String(width), '-y', String(height));
	}

	/** Polls the screen until it matches; terminals have no event to await. */
	async waitFor(
		match: string | RegExp | ((screen: string) => boolean),
		timeoutMs = 5000,
	): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const screen = this.screen();
			const found =
				typeof match === 'string'
					? screen.includes(match)
					: match instanceof RegExp
						? match.test(screen)
						: match(screen);
			if (found) return screen;
			if (Date.now() > deadline)
				throw new Error(`screen never showed ${String(match)}:\n${screen}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	kill(): void {
		spawnSync('tmux', ['-L', this.#socket, 'kill-server']);
	}

	#tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.#socket, ...args], {encoding: 'utf8'});
	}
}
