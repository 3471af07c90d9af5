// A hook delivering parsed editing keys from Ink's stdin, in raw mode while mounted. It reads the
// stdin stream's own `data` events (public: `useStdin().stdin`, which Ink reads chunk by chunk)
// rather than `useInput`, which reports Backspace and Delete alike; parseKeys splits a chunk into
// keys, escape sequences included.

import {useStdin} from 'ink';
import {useEffect, useRef} from 'react';
import {type Key, parseKeys} from './keys.js';

export function useKeys(handler: (key: Key) => void): void {
	const {stdin, setRawMode, isRawModeSupported} = useStdin();
	const handlerRef = useRef(handler);
	handlerRef.current = handler;

	// Raw mode first: Ink then reads stdin (its `readable` listener), which emits `data` below.
	useEffect(() => {
		if (!isRawModeSupported) return;
		setRawMode(true);
		return () => setRawMode(false);
	}, [isRawModeSupported, setRawMode]);

	useEffect(() => {
		const onData = (data: string | Buffer) => {
			for (const key of parseKeys(String(data))) handlerRef.current(key);
		};
		stdin.on('data', onData);
		return () => {
			stdin.off('data', onData);
		};
	}, [stdin]);
}
