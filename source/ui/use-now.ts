// A hook for countdowns like "reconnecting in 4s": the current time, read at every render, and a
// re-render once a second while `active`. Reading the clock at render time (rather than keeping
// the time of the last tick in state) means a countdown that starts long after mounting is right
// from its first frame. `clock` is there for tests.

import {useEffect, useState} from 'react';

export function useNow(active: boolean, clock: () => number = Date.now): number {
	const [, setTicks] = useState(0);
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setTicks((ticks) => ticks + 1), 1000);
		return () => clearInterval(timer);
	}, [active]);
	return clock();
}
