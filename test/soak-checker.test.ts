// The soak's checker (soak/checker.ts) on hand-written streams: what it accepts, and that each
// kind of fault it exists to find is found.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	Ledger,
	parseChatMarker,
	parseName,
	parseServerLog,
	prng,
	ReceiverCheck,
	type Violation,
} from '../soak/checker.js';

/** Receiver w1 after its welcome in #lobby; w2 enters and stays for lines 1..3. */
function setup() {
	const ledger = new Ledger();
	const found: Violation[] = [];
	const check = new ReceiverCheck(1, ledger, (violation) => found.push(violation));
	check.line("Hi, what's your name?");
	check.line('Welcome, w1!');
	return {ledger, found, check, kinds: () => found.map((violation) => violation.kind)};
}

test('names and markers', () => {
	assert.deepEqual(parseName('w17'), {kind: 'w', id: 17});
	assert.deepEqual(parseName('m230x2'), {kind: 'm', id: 230});
	assert.equal(parseName('zoe'), undefined);
	assert.deepEqual(parseChatMarker('12#3@r1 hello'), {id: 12, seq: 3, room: '#r1'});
	assert.equal(parseChatMarker('12#3@r1!'), undefined);
});

test('a whole stay, entered to left, in order, passes', () => {
	const {ledger, check, kinds} = setup();
	ledger.openTenure(2, '#lobby', 1);
	check.line('--> w2 entered.');
	check.line('w2: 2#1@lobby hi');
	check.line('* w2 2#2@lobby waves');
	ledger.closeTenure(2, 3);
	check.line('w2: 2#3@lobby bye');
	check.line('<-- w2 left.');
	check.line('Bye!');
	check.end(false);
	assert.deepEqual(kinds(), []);
	assert.equal(check.stats.checked, 3);
});

test('a gap, a duplicate, and a lost first or last line are found', () => {
	const gap = setup();
	gap.ledger.openTenure(2, '#lobby', 1);
	gap.check.line('--> w2 entered.');
	gap.check.line('w2: 2#1@lobby');
	gap.check.line('w2: 2#3@lobby');
	assert.deepEqual(gap.kinds(), ['lines lost']);

	const duplicate = setup();
	duplicate.ledger.openTenure(2, '#lobby', 1);
	duplicate.check.line('--> w2 entered.');
	duplicate.check.line('w2: 2#1@lobby');
	duplicate.check.line('w2: 2#1@lobby');
	assert.deepEqual(duplicate.kinds(), ['duplicate or reordered']);

	const first = setup();
	first.ledger.openTenure(2, '#lobby', 1);
	first.check.line('--> w2 entered.');
	first.check.line('w2: 2#2@lobby');
	assert.deepEqual(first.kinds(), ['lines lost']);

	const last = setup();
	last.ledger.openTenure(2, '#lobby', 1);
	last.check.line('--> w2 entered.');
	last.check.line('w2: 2#1@lobby');
	last.ledger.closeTenure(2, 2);
	last.check.line('<-- w2 left.');
	assert.deepEqual(last.kinds(), ['lines lost']);

	const nothing = setup();
	nothing.ledger.openTenure(2, '#lobby', 1);
	nothing.check.line('--> w2 entered.');
	nothing.ledger.closeTenure(2, 1);
	nothing.check.line('<-- w2 left.');
	assert.deepEqual(nothing.kinds(), ['lines lost']);
});

test('someone already there when the receiver arrived may start anywhere, but must end complete', () => {
	const {ledger, check, kinds} = setup();
	ledger.openTenure(2, '#lobby', 1);
	check.line('w2: 2#5@lobby'); // w2 was in #lobby before w1 came
	ledger.closeTenure(2, 6);
	check.line('w2: 2#6@lobby');
	check.line('<-- w2 left.');
	assert.deepEqual(kinds(), []);
});

test('room isolation: a line from another room, or from someone who left, is found', () => {
	const {ledger, check, kinds} = setup();
	ledger.openTenure(2, '#lobby', 1);
	check.line('--> w2 entered.');
	check.line('w2: 2#1@r1 wrong room');
	check.line('<-- w2 left.');
	check.line('w2: 2#2@lobby after leaving');
	// w2 came and went and none of its lines arrived in #lobby: lost as well.
	assert.deepEqual(kinds(), ['line from another room', 'lines lost', 'user not in the room']);
});

test('a room change gives the members; leave lines must alternate with entries', () => {
	const {ledger, check, kinds} = setup();
	check.line('*** You are now in #r1 (2 here: w3, w1).');
	ledger.openTenure(3, '#r1', 1);
	check.line('w3: 3#4@r1');
	check.line('w4: 4#1@r1'); // w4 never entered
	check.line('<-- w3 left.');
	check.line('<-- w3 left.'); // a second leave line
	check.line('--> w5 entered.');
	check.line('--> w5 entered.');
	assert.deepEqual(kinds(), [
		'user not in the room',
		'lines lost', // w3's stay has no recorded end in the ledger
		'user not in the room',
		'entered twice',
	]);
});

test('/who must list exactly the members the receiver knows of', () => {
	const ok = setup();
	ok.check.line('--> w2 entered.');
	ok.check.line('*** In #lobby (3): w9 (away), w1, w2 (op)'); // w9 was there before
	ok.check.line('--> w7 entered.');
	ok.check.line('<-- w9 left.');
	ok.check.line('*** In #lobby (3): w1, w2, w7');
	assert.deepEqual(ok.kinds(), []);

	const ghost = setup();
	ghost.check.line('*** In #lobby (2): w1, w2');
	ghost.check.line('<-- w2 left.');
	ghost.check.line('*** In #lobby (2): w1, w2');
	assert.deepEqual(ghost.kinds(), ['ghost in who']);

	const missing = setup();
	missing.check.line('*** In #lobby (1): w1');
	missing.check.line('--> w2 entered.');
	missing.check.line('*** In #lobby (1): w1');
	assert.deepEqual(missing.kinds(), ['missing from who']);
});

test('nick changes carry the sender; a line under the old name afterwards is found', () => {
	const {ledger, check, kinds} = setup();
	ledger.openTenure(2, '#lobby', 1);
	check.line('--> w2 entered.');
	check.line('w2: 2#1@lobby');
	check.line('--- w2 is now w2x1.');
	check.line('w2x1: 2#2@lobby');
	check.line('w2: 2#3@lobby');
	assert.deepEqual(kinds(), ['wrong name']);
});

test('history: lines of this room only, meeting the live lines exactly', () => {
	const {ledger, check, kinds} = setup();
	ledger.openTenure(2, '#r1', 1);
	check.line('*** You are now in #r1 (2 here: w2, w1).');
	check.line('*** Last 2 messages in #r1:');
	check.line('w2: 2#1@r1');
	check.line('w2: 2#2@r1');
	check.line('*** End of history.');
	check.line('w2: 2#4@r1'); // #3 missing between history and live
	assert.deepEqual(kinds(), ['history and live do not meet']);

	const other = setup();
	other.check.line('*** You are now in #r1 (1 here: w1).');
	other.check.line('*** Last 1 messages in #r1:');
	other.check.line('w2: 2#1@lobby');
	other.check.line('*** End of history.');
	assert.deepEqual(other.kinds(), ['history from another room']);
});

test('private messages: only to their recipient, once each, all accounted for', () => {
	const {ledger, check, kinds} = setup();
	assert.equal(ledger.privateSent(2, 1), 1);
	assert.equal(ledger.privateSent(2, 1), 2);
	assert.equal(ledger.privateSent(2, 1), 3);
	check.line('w2 (private): p2#1>1');
	check.line('w2 (private): p2#1>1'); // duplicated
	check.line('w2 (private): p2#2>9'); // someone else's
	ledger.privateFailed(2, 1); // the third was refused: nobody called w1 any more
	assert.deepEqual(kinds(), [
		'private message duplicated or reordered',
		'private message to someone else',
	]);
	// Sent 3: one received, one refused, one lost.
	assert.equal([...ledger.privateViolations()].length, 1);
});

test('escape sequences, control characters and bidi overrides must never arrive', () => {
	const {check, kinds} = setup();
	check.line('*** In #lobby (2): w1, m5');
	check.line('m5: 5#1@lobby \u001b[2J');
	check.line('m5: 5#2@lobby \u202eevil');
	check.line('m5: 5#3@lobby tab\tis fine');
	assert.deepEqual(kinds(), [
		'unsafe character reached a client',
		'unsafe character reached a client',
	]);
});

test('a well-behaved client cut off, an unexpected notice, and lines after Bye! are found', () => {
	const {check, kinds} = setup();
	check.line('*** Line too long (over 4096 bytes); it was not sent.');
	check.end(false);
	const after = setup();
	after.check.line('Bye!');
	after.check.line('--> w3 entered.');
	assert.deepEqual(
		[...kinds(), ...after.kinds()],
		['unexpected notice', 'well-behaved client disconnected', 'line after Bye!'],
	);
});

test('the server log: events, leave reasons, stack traces', () => {
	assert.deepEqual(
		parseServerLog(
			'2026-11-24T22:16:01.011Z leave w5 from 127.0.0.1:50534 (slow consumer: 70000 bytes unread)',
		),
		{type: 'leave', reason: 'slow consumer'},
	);
	assert.deepEqual(parseServerLog('2026-11-24T22:16:01.011Z join w5 from 127.0.0.1:50534'), {
		type: 'join',
		reason: undefined,
	});
	assert.equal(parseServerLog('    at Session.line (file:///x/session.js:10:5)'), 'stack');
	assert.equal(parseServerLog('TypeError: x is not a function'), 'stack');
	assert.equal(parseServerLog('something else'), 'other');
});

test('the PRNG is seeded', () => {
	const a = prng(42);
	const b = prng(42);
	const drawn = [a(), a(), a()];
	assert.deepEqual([b(), b(), b()], drawn);
	assert.ok(drawn.every((value) => value >= 0 && value < 1));
	assert.notDeepEqual([prng(43)()], [drawn[0]]);
});
