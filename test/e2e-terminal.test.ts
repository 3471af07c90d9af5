// End to end in a real terminal: tmux runs the built `chat connect`, keys go in with send-keys,
// the screen is read with capture-pane, and a raw-socket user chats on the other side.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {startServer} from '../source/index.js';
import {CLI_PATH} from './helpers/cli-process.js';
import {LineClient} from './helpers/line-client.js';
import {hasTmux, TmuxPane} from './helpers/tmux.js';

/** An SGR sequence that sets a foreground colour (basic, bright or 256). */
const COLOUR = /\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;5;\d+)(?:;[0-9;]*)?m/;

// tmux is required in CI (.ci/run installs it); elsewhere the test is skipped with a reason.
const skip = !hasTmux && !process.env.CI ? 'tmux is not installed' : false;

describe('chat connect in a real terminal (tmux)', {skip}, () => {
	test('chat both ways, edit the line, Ctrl-C leaves a clean shell', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const sam = await LineClient.named(server.port, 'sam');
		const pane = new TmuxPane({width: 100, height: 24});
		try {
			pane.type(
				`${process.execPath} ${CLI_PATH} connect 127.0.0.1:${server.port} --name zoe; echo "EXIT=$?"`,
			);
			pane.press('Enter');
			await sam.expect('--> zoe entered.');
			await pane.waitFor(`● connected · zoe · #lobby (2) · 127.0.0.1:${server.port}`);
			assert.match(pane.screen({escapes: true}), COLOUR, 'colours in a colour terminal');

			pane.type('hello from tmux 👋 wrld');
			pane.press('Left', 'Left', 'Left', 'Left');
			pane.type('wide ');
			pane.press('End', 'BSpace', 'BSpace', 'BSpace', 'BSpace');
			pane.type('world');
			pane.press('Enter');
			await sam.expect('zoe: hello from tmux 👋 wide world');
			await pane.waitFor('zoe (you): hello from tmux 👋 wide world');

			sam.send('hi zoe, \u001b[2Jstill here?');
			await pane.waitFor('sam: hi zoe, still here?');
			assert.match(pane.screen(), /zoe \(you\): hello/, 'the screen was not cleared');

			// Narrowing the terminal re-lays the screen without leaving a stale status line behind.
			pane.resize(60, 24);
			pane.type('!'); // once it shows, Ink has redrawn since the resize
			await pane.waitFor(/^› !/m);
			const statusLines = pane
				.screen()
				.split('\n')
				.filter((line) => line.startsWith('● connected'));
			assert.equal(statusLines.length, 1, `one status line after the resize:\n${pane.screen()}`);

			pane.press('BSpace', 'C-c');
			await sam.expect('<-- zoe left.');
			await pane.waitFor('EXIT=0');
			pane.type("stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo");
			pane.press('Enter');
			await pane.waitFor(/^icanon echo\s*$/m);
			assert.equal(pane.format('#{cursor_flag}'), '1', 'the cursor is visible again');
		} finally {
			pane.kill();
			sam.destroy();
			await server.close();
		}
	});

	test('NO_COLOR: no colours, but the input cursor (inverse video) still shows', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const sam = await LineClient.named(server.port, 'sam');
		const pane = new TmuxPane({width: 100, height: 12, env: {NO_COLOR: '1'}});
		try {
			pane.type(`${process.execPath} ${CLI_PATH} connect 127.0.0.1:${server.port} --name plain`);
			pane.press('Enter');
			await sam.expect('--> plain entered.');
			sam.send('hello in plain text');
			await pane.waitFor('sam: hello in plain text');
			const screen = pane.screen({escapes: true});
			assert.doesNotMatch(screen, COLOUR);
			assert.match(screen, /\u001b\[[0-9;]*7m/, 'the cursor is drawn in inverse video');
			pane.press('C-c');
			await sam.expect('<-- plain left.');
		} finally {
			pane.kill();
			sam.destroy();
			await server.close();
		}
	});

	test('TERM=dumb: the plain line mode, with no cursor movement', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const sam = await LineClient.named(server.port, 'sam');
		const pane = new TmuxPane({width: 100, height: 12, env: {TERM: 'dumb'}});
		try {
			pane.type(`${process.execPath} ${CLI_PATH} connect 127.0.0.1:${server.port} --name emacs`);
			pane.press('Enter');
			await sam.expect('--> emacs entered.');
			sam.send('hello, plain terminal');
			const screen = await pane.waitFor(/^sam: hello, plain terminal$/m); // as the server sent it
			assert.doesNotMatch(screen, /● connected|^›/m, 'no status or input line');
			pane.type('/me waves');
			pane.press('Enter');
			await sam.expect('* emacs waves');
			pane.press('C-d');
			await sam.expect('<-- emacs left.');
		} finally {
			pane.kill();
			sam.destroy();
			await server.close();
		}
	});
});
