// The conversation area, through Ink's public <Static>: it prints each entry once, when it is
// added to `entries`, and leaves it to the terminal's scrollback; old lines are never redrawn.
//
// The one thing Ink's API does not offer is forgetting printed items: <Static> needs the whole
// growing list. So entries come in generations (use-chat.ts): after GENERATION_ENTRIES a new list
// starts and a new `key` gives a fresh <Static>, which prints its list from the start. That relies
// on <Static> printing a new instance's items once each; test/transcript-static.test.tsx fails
// loudly if an Ink upgrade changes it.

import {Static} from 'ink';
import {TranscriptLine} from './TranscriptLine.js';
import type {Entry} from './transcript-entries.js';

export function Transcript({entries, generation}: {entries: readonly Entry[]; generation: number}) {
	return (
		<Static key={generation} items={entries as Entry[]}>
			{(entry) => <TranscriptLine key={entry.id} entry={entry} />}
		</Static>
	);
}
