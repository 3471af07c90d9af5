// A hook delivering parsed editing keys from Ink's stdin, in raw mode while mounted.
// Reads the raw input events (not `useInput`) so Backspace and Delete stay distinct.

import {useStdin} from 'ink';
import {useEffect, useRef} from 'react';
import {type Key, parseKeys} from './keys.js';

export function useKeys(handler: (key: Key) => void): void {
	const {setRawMode, isRawModeSupported, internal_eventEmitter: events} = useStdin();
	const handlerRef = useRef(handler);
	handlerRef.current = handler;

	useEffect(() => {
		if (!isRawModeSupported) return;
		setRawMode(true);
		return () => setRawMode(false);
	}, [isRawModeSupported, setRawMode]);

	useEffect(() => {
		const onInput = (data: string) => {
			for (const key of parseKeys(data)) handlerRef.current(key);
		};
		events.on('input', onInput);
		return () => {
			events.off('input', onInput);
		};
	}, [events]);
}
