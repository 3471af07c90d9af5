// The conversation area. Each batch of new entries is printed once through Ink's <Static> and then
// left to the terminal's scrollback, so old lines are never redrawn and memory stays bounded.

import {Static} from 'ink';
import {TranscriptLine} from './TranscriptLine.js';
import type {Batch} from './use-chat.js';

export function Transcript({batch}: {batch: Batch}) {
	// A new key per batch remounts <Static>, which prints its items once; earlier batches are
	// already on screen and are not kept.
	return (
		<Static key={batch.id} items={[...batch.entries]}>
			{(entry) => <TranscriptLine key={entry.id} entry={entry} />}
		</Static>
	);
}
