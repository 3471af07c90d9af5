import {idle} from './scenarios.js';

const t = Date.now();
const r = await idle('natter', Number(process.argv[2]), {
	durationMs: 1000,
	workers: 2,
	limitMs: 60000,
});
console.log('natter', Date.now() - t, 'ms', JSON.stringify(r.values));
