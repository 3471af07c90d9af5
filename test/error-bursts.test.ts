// Listener errors are reported once per burst, and the open-file limit is read from the system's
// own text: the pure halves of the server's accept-error handling.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ErrorBursts} from '../source/server/error-bursts.js';
import {openFileLimit} from '../source/server/fd-limit.js';

test('a burst of errors is reported once at its start and once as a count at its end', () => {
	const bursts = new ErrorBursts();
	assert.equal(bursts.record('EMFILE'), true);
	for (let index = 0; index < 999; index++) assert.equal(bursts.record('EMFILE'), false);
	assert.deepEqual(bursts.close(), {code: 'EMFILE', more: 999});
	assert.equal(bursts.record('ENFILE'), true, 'a new burst starts after the last one closed');
	assert.equal(bursts.close(), undefined, 'a burst of one needs no second line');
	assert.equal(bursts.close(), undefined);
});

test('the open-file limit is the soft limit of /proc/self/limits', () => {
	const text = [
		'Limit                     Soft Limit           Hard Limit           Units     ',
		'Max open files            1024                 20000                files     ',
	].join('\n');
	assert.equal(openFileLimit(text), 1024);
	assert.equal(
		openFileLimit('Max open files            unlimited            unlimited            files'),
		Number.POSITIVE_INFINITY,
	);
	assert.equal(openFileLimit(''), undefined);
	const own = openFileLimit();
	if (own !== undefined) assert.ok(own > 0);
});
