// The client's social side in a real terminal (tmux) against a real server, with a raw-socket
// user: private messages both ways, /join and the status line, Tab completion, the bell for a
// mention (and not for your own line), --no-bell through the bell setting, history dimmed on
// join, a reconnect that rejoins the room, and resizes that leave no stale live rows.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {startServer} from '../source/index.js';
import {CLI_PATH} from './helpers/cli-process.js';
import {LineClient} from './helpers/line-client.js';
import {hasTmux, TmuxPane} from './helpers/tmux.js';

const skip = !hasTmux && !process.env.CI ? 'tmux is not installed' : false;

/** An SGR sequence with the dim attribute (2). */
const DIM = /\u001b\[(?:[0-9;]*;)?2(?:;[0-9;]*)?m/;

describe('chat connect in a real terminal: the social side (tmux)', {skip}, () => {
	test('private both ways, /join, Tab, the bell and history', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const sam = await LineClient.named(server.port, 'sam');
		const pane = new TmuxPane({width: 100, height: 30});
		try {
			pane.type(`${process.execPath} ${CLI_PATH} connect 127.0.0.1:${server.port} --name zoe`);
			pane.press('Enter');
			await sam.expect('--> zoe entered.');
			await pane.waitFor('● connected · zoe · #lobby (2)');

			// Your own line rings nothing, even naming yourself.
			pane.type('zoe is here');
			pane.press('Enter');
			await sam.expect('zoe: zoe is here');
			await pane.waitFor('zoe (you): zoe is here');
			assert.equal(pane.format('#{window_bell_flag}'), '0', 'no bell for your own line');

			// Private messages both ways.
			sam.send('/msg zoe psst');
			await pane.waitFor('sam (private): psst');
			await pane.waitFor(() => pane.format('#{window_bell_flag}') === '1');

			// Tab: a name at the start of the line, then a command.
			pane.type('s');
			pane.press('Tab');
			await pane.waitFor(/^› sam:/m);
			pane.type('hi there');
			pane.press('Enter');
			await sam.expect('zoe: sam: hi there');
			pane.type('/ms');
			pane.press('Tab');
			await pane.waitFor(/^› \/msg/m);
			pane.type('sam back at you');
			pane.press('Enter');
			await sam.expect('zoe (private): back at you');
			await pane.waitFor('→ sam (private): back at you');

			// History, dimmed on join, and the status line's room and count.
			sam.send('/join #dev');
			await sam.expect('*** You are now in #dev (1 here: sam).');
			sam.send('before you came');
			pane.type('/join #dev');
			pane.press('Enter');
			await sam.expect('--> zoe entered.');
			await pane.waitFor('● connected · zoe · #dev (2)');
			await pane.waitFor('── live ──');
			// tmux writes attributes only where they change: dim must be set since the last reset.
			const colours = pane.screen({escapes: true});
			const before = colours.slice(0, colours.indexOf('sam: before you came'));
			const sgrs = before.match(/\u001b\[[0-9;]*m/g) ?? [];
			const reset = sgrs.findLastIndex((sgr) => /^\u001b\[(?:0|22)?[;m]/.test(sgr));
			assert.ok(
				sgrs.slice(Math.max(0, reset)).some((sgr) => DIM.test(sgr)),
				`history is dimmed: ${JSON.stringify(before.slice(-200))}`,
			);

			pane.press('C-c', 'C-c');
			await sam.expect('<-- zoe left.');
		} finally {
			pane.kill();
			sam.destroy();
			await server.close();
		}
	});

	test('resizing leaves no stale status or input line, on screen or in the scrollback', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const sam = await LineClient.named(server.port, 'sam');
		const pane = new TmuxPane({width: 100, height: 30});
		try {
			pane.type(`${process.execPath} ${CLI_PATH} connect 127.0.0.1:${server.port} --name zoe`);
			pane.press('Enter');
			const status = `● connected · zoe · #lobby (2) · 127.0.0.1:${server.port}`;
			await pane.waitFor(status);
			for (let n = 1; n <= 3; n++)
				sam.send(`line ${n} of a conversation that is long enough to wrap`);
			await pane.waitFor('sam: line 3');
			pane.type('a line long enough to wrap when the window is narrow');

			// Narrow, then wide: each drawn for its width.
			pane.resize(30, 30);
			await pane.waitFor(/● connected[^\n]*…/);
			pane.resize(100, 30);
			await pane.waitFor(status); // drawn for the wide window again

			// A burst of resizes, with lines arriving meanwhile, ending wide (not where it began, so
			// that the program's own terminal size shows when tmux has passed the last one on).
			for (const width of [40, 90, 30, 70, 35]) {
				pane.resize(width, 30);
				sam.send(`during ${width}`);
			}
			pane.resize(96, 30);
			await pane.waitFor(() => pane.ttySize().columns === 96, 10_000);
			await pane.waitFor('sam: during 35');
			await pane.waitForQuiet(); // the repaint for the last resize is drawn
			await pane.waitFor(status);
			pane.press('C-u');
			pane.type('!');
			await pane.waitFor(/^› !$/m);

			const screen = pane.screen();
			assert.equal(screen.match(/● connected/g)?.length, 1, `one status line:\n${screen}`);
			assert.equal(screen.match(/^›/gm)?.length, 1, `one input line:\n${screen}`);
			const all = pane.screen({scrollback: true});
			assert.equal(all.match(/● connected/g)?.length, 1, `one status line in all:\n${all}`);
			assert.equal(all.match(/^› /gm)?.length, 1, `one input line in all:\n${all}`);
			for (const text of ['sam: line 1 of', 'sam: line 3 of', 'sam: during 40', 'sam: during 35'])
				assert.equal(all.split(text).length - 1, 1, `${text} once:\n${all}`);
			pane.press('C-c', 'C-c');
		} finally {
			pane.kill();
			sam.destroy();
			await server.close();
		}
	});

	test('a mention by name rings the bell, --no-bell keeps it quiet', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const sam = await LineClient.named(server.port, 'sam');
		const loud = new TmuxPane({width: 100, height: 20});
		const quiet = new TmuxPane({width: 100, height: 20});
		try {
			const connect = `${process.execPath} ${CLI_PATH} connect 127.0.0.1:${server.port}`;
			loud.type(`${connect} --name zoe`);
			loud.press('Enter');
			quiet.type(`${connect} --name ann --no-bell`);
			quiet.press('Enter');
			await quiet.waitFor('● connected · ann · #lobby (3)');
			await loud.waitFor('● connected · zoe · #lobby (3)');

			sam.send('hello, anyone about?');
			await loud.waitFor('sam: hello, anyone about?');
			assert.equal(loud.format('#{window_bell_flag}'), '0', 'no bell for a line not naming you');
			sam.send('are you there, ZOE?');
			await loud.waitFor('sam: are you there, ZOE?');
			await loud.waitFor(() => loud.format('#{window_bell_flag}') === '1');

			sam.send('and @ann too');
			sam.send('/msg ann psst');
			await quiet.waitFor('sam (private): psst');
			assert.equal(quiet.format('#{window_bell_flag}'), '0', '--no-bell: no bell at all');
			quiet.type('/help');
			quiet.press('Enter');
			await quiet.waitFor(/\/bell on\|off[^\n]*\(now off\)/);
			quiet.press('C-c', 'C-c');
			loud.press('C-c', 'C-c');
		} finally {
			loud.kill();
			quiet.kill();
			sam.destroy();
			await server.close();
		}
	});

	test('/clear clears the screen; Ctrl-Z suspends to the shell and fg resumes', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const sam = await LineClient.named(server.port, 'sam');
		const pane = new TmuxPane({width: 100, height: 20});
		try {
			pane.type(`${process.execPath} ${CLI_PATH} connect 127.0.0.1:${server.port} --name zoe`);
			pane.press('Enter');
			await pane.waitFor('● connected · zoe · #lobby (2)');
			sam.send('a line to clear away');
			await pane.waitFor('sam: a line to clear away');
			pane.type('/clear');
			pane.press('Enter');
			await pane.waitFor((screen) => !screen.includes('a line to clear away'));
			assert.match(pane.screen(), /● connected · zoe/, 'the status line is drawn again');

			pane.type('half a line');
			pane.press('C-z');
			await pane.waitFor(/Stopped/);
			assert.equal(pane.format('#{cursor_flag}'), '1', 'the cursor is shown again in the shell');
			sam.send('while you were away');
			pane.type('fg');
			pane.press('Enter');
			await pane.waitFor(/^› half a line/m);
			await pane.waitFor('sam: while you were away');
			assert.doesNotMatch(pane.screen(), /Stopped|^\$ fg/m, 'the screen is repainted on resume');
			pane.type(' and the rest');
			pane.press('Enter');
			await sam.waitFor((line) => line === 'zoe: half a line and the rest');
			pane.press('C-c', 'C-c');
			await sam.waitFor((line) => line === '<-- zoe left.');
		} finally {
			pane.kill();
			sam.destroy();
			await server.close();
		}
	});

	test('a reconnect rejoins the room it was in', async () => {
		const server = await startServer({port: 0, host: '127.0.0.1'});
		const port = server.port;
		const pane = new TmuxPane({width: 100, height: 20});
		let again: Awaited<ReturnType<typeof startServer>> | undefined;
		try {
			pane.type(`${process.execPath} ${CLI_PATH} connect 127.0.0.1:${port} --name zoe`);
			pane.press('Enter');
			await pane.waitFor('● connected · zoe · #lobby');
			pane.type('/join #dev');
			pane.press('Enter');
			await pane.waitFor('● connected · zoe · #dev (1)');
			await server.close();
			await pane.waitFor('reconnecting');
			again = await startServer({port, host: '127.0.0.1'});
			pane.press('C-r'); // retry now
			await pane.waitFor('── connection lost at', 10_000);
			await pane.waitFor('● connected · zoe · #dev (1)', 10_000);
			pane.press('C-c');
		} finally {
			pane.kill();
			await again?.close();
		}
	});
});
