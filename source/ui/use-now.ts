// A hook that re-renders once a second while `active`, for countdowns like "reconnecting in 4s".

import {useEffect, useState} from 'react';

export function useNow(active: boolean): number {
	const [now, setNow] = useState(Date.now());
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, [active]);
	return now;
}
