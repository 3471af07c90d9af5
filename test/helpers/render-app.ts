// Renders an Ink tree with ink-testing-library and lets a test await a frame that matches, since
// the library's stdout does not emit events. Frames are compared without ANSI styling.

import {EventEmitter} from 'node:events';
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';
import stripAnsi from 'strip-ansi';

export interface RenderedApp {
	/** The latest frame, ANSI styling removed. */
	frame(): string;
	/** Waits until a frame satisfies `match` (a substring, a pattern or a predicate). */
	waitForFrame(
		match: string | RegExp | ((frame: string) => boolean),
		timeoutMs?: number,
	): Promise<string>;
	/** Types into the app's stdin. */
	type(data: string): void;
	/** Renders `tree` in place of the current one, as a parent passing new props would. */
	rerender(tree: ReactElement): void;
	unmount(): void;
}

export function renderApp(tree: ReactElement): RenderedApp {
	const app = render(tree);
	const frames = new EventEmitter();
	const write = app.stdout.write;
	app.stdout.write = (frame: string) => {
		write(frame);
		frames.emit('frame');
	};
	const frame = () => stripAnsi(app.lastFrame() ?? '');
	const test = (match: string | RegExp | ((frame: string) => boolean), text: string) =>
		typeof match === 'string'
			? text.includes(match)
			: match instanceof RegExp
				? match.test(text)
				: match(text);
	return {
		frame,
		type: (data) => app.stdin.write(data),
		rerender: (next) => app.rerender(next),
		unmount: () => app.unmount(),
		waitForFrame(match, timeoutMs = 3000) {
			if (test(match, frame())) return Promise.resolve(frame());
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					frames.off('frame', check);
					reject(
						new Error(
							`no frame matched ${String(match)} within ${timeoutMs} ms; last frame:\n${frame()}`,
						),
					);
				}, timeoutMs);
				const check = () => {
					if (!test(match, frame())) return;
					clearTimeout(timer);
					frames.off('frame', check);
					resolve(frame());
				};
				frames.on('frame', check);
			});
		},
	};
}
