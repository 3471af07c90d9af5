// The conversation area, through Ink's public <Static>: it prints each entry once, when it is
// added to `entries`, and leaves it to the terminal's scrollback; old lines are never redrawn.
//
// The one thing Ink's API does not offer is forgetting printed items: <Static> needs the whole
// growing list. So entries come in generations (use-chat.ts): after GENERATION_ENTRIES a new list
// starts and a new `key` gives a fresh <Static>, which prints its list from the start. That relies
// on <Static> printing a new instance's items once each; test/transcript-static.test.tsx fails
// loudly if an Ink upgrade changes it. A repaint after a resize starts a generation too, with the
// entries that fill the cleared screen (its `lead`: blank rows first, or the first entry cut).

import {Box, Static} from 'ink';
import {TranscriptLine} from './TranscriptLine.js';
import type {Entry} from './transcript-entries.js';

/** How a repainted generation begins (see transcript-layout.ts's screenTail). */
export interface Lead {
	/** Blank rows above the first entry. */
	readonly blank: number;
	/** Rows of the first entry left out at its top. */
	readonly skip: number;
}

export interface TranscriptProps {
	entries: readonly Entry[];
	generation: number;
	lead?: Lead;
}

export function Transcript({entries, generation, lead}: TranscriptProps) {
	return (
		<Static key={generation} items={entries as Entry[]}>
			{(entry, index) =>
				index === 0 && lead && (lead.blank > 0 || lead.skip > 0) ? (
					<Box key={entry.id} flexDirection="column">
						{lead.blank > 0 && <Box height={lead.blank} />}
						<TranscriptLine entry={entry} skip={lead.skip} />
					</Box>
				) : (
					<TranscriptLine key={entry.id} entry={entry} />
				)
			}
		</Static>
	);
}
