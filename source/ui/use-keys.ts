// A hook delivering parsed editing keys from Ink's stdin, in raw mode while mounted. It reads the
// stdin stream's own `data` events (public: `useStdin().stdin`, which Ink reads chunk by chunk)
// rather than `useInput`, which reports Backspace and Delete alike; a KeyReader turns the reads
// into keys, an escape sequence or CR LF cut between two reads included.

import {useStdin} from 'ink';
import {useEffect, useRef} from 'react';
import {type Key, KeyReader} from './keys.js';

/** How long an escape sequence cut between reads may wait for the rest of it. */
export const ESCAPE_WAIT_MS = 50;

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
		const reader = new KeyReader();
		let timer: NodeJS.Timeout | undefined;
		const deliver = (keys: Key[]) => {
			for (const key of keys) handlerRef.current(key);
		};
		const onData = (data: string | Buffer) => {
			clearTimeout(timer);
			deliver(reader.read(String(data)));
			// A bare Escape is a key of its own once nothing follows it for a moment.
			if (reader.waiting) timer = setTimeout(() => deliver(reader.flush()), ESCAPE_WAIT_MS);
		};
		stdin.on('data', onData);
		return () => {
			clearTimeout(timer);
			stdin.off('data', onData);
		};
	}, [stdin]);
}
