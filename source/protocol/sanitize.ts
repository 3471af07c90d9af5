// Makes untrusted text safe to show in someone else's terminal: no escapes, controls or bidi tricks.
// Pure functions shared by the server (before relaying) and the client (before drawing).

import stripAnsi from 'strip-ansi';

/** C0 controls except TAB, DEL, and C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;
/** Bidi embeddings, overrides and isolates, which could reverse the text around them. */
const BIDI_OVERRIDES = /[\u202A-\u202E\u2066-\u2069]/g;
/** Cheap test for the common case: printable ASCII and TAB only. */
const PLAIN_ASCII = /^[\u0009\u0020-\u007E]*$/;

/** Removes escape sequences whole, then every remaining control character and bidi override. */
export function sanitizeText(text: string): string {
	if (PLAIN_ASCII.test(text)) return text;
	return stripAnsi(text).replace(CONTROLS, '').replace(BIDI_OVERRIDES, '');
}

/** True when a line has nothing worth relaying. */
export const isBlank = (text: string): boolean => text.trim().length === 0;
