// The status line on its own, rendered with ink-testing-library: each state, and the reconnect
// countdown measured from the time it is drawn, however long the line has been on screen.

import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import type {ClientState} from '../source/client/chat-client.js';
import {StatusBar} from '../source/ui/StatusBar.js';
import {renderApp} from './helpers/render-app.js';

const unmounts: (() => void)[] = [];
afterEach(() => {
	for (const unmount of unmounts.splice(0)) unmount();
});

describe('StatusBar', () => {
	test('the reconnect countdown is right after a long connection (no stale clock)', async () => {
		let time = Date.UTC(2026, 0, 1, 12, 0, 0);
		const clock = () => time;
		const connected: ClientState = {status: 'connected', name: 'zoe'};
		const app = renderApp(<StatusBar state={connected} address="host:4242" clock={clock} />);
		unmounts.push(() => app.unmount());
		await app.waitForFrame('● connected · zoe · host:4242');

		time += 14 * 60 * 1000; // 14 minutes connected, then the connection is lost
		const reconnecting: ClientState = {
			status: 'reconnecting',
			attempt: 1,
			delayMs: 1000,
			retryAt: time + 1000,
			reason: 'connection reset by the server',
		};
		app.rerender(<StatusBar state={reconnecting} address="host:4242" clock={clock} />);
		const frame = await app.waitForFrame('reconnecting');
		assert.equal(frame, '↻ reconnecting in 1s · host:4242 · connection reset by the server');
	});

	test('naming: choosing, then joining as the name offered', async () => {
		const naming: ClientState = {status: 'naming', offered: undefined, refusal: undefined};
		const app = renderApp(<StatusBar state={naming} address="host:4242" />);
		unmounts.push(() => app.unmount());
		await app.waitForFrame('● connected · host:4242 · choose a name');
		app.rerender(<StatusBar state={{...naming, offered: 'zoe'}} address="host:4242" />);
		await app.waitForFrame('○ joining as zoe · host:4242');
	});
});
