// How many terminal columns text takes: wide (East Asian, emoji) graphemes take two, combining
// marks and zero-width characters none. Pure; used to lay out the input rows, wrap transcript
// lines and know how tall the live area is after the terminal reflows it.

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u200b-\u200f]+$/u;
const EMOJI = /\p{Extended_Pictographic}/u;

/** Code points that terminals draw two columns wide (the common East Asian Wide ranges). */
function isWide(code: number): boolean {
	return (
		(code >= 0x1100 && code <= 0x115f) ||
		(code >= 0x2e80 && code <= 0x303e) ||
		(code >= 0x3041 && code <= 0x33ff) ||
		(code >= 0x3400 && code <= 0x4dbf) ||
		(code >= 0x4e00 && code <= 0x9fff) ||
		(code >= 0xa000 && code <= 0xa4cf) ||
		(code >= 0xac00 && code <= 0xd7a3) ||
		(code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0xfe30 && code <= 0xfe4f) ||
		(code >= 0xff00 && code <= 0xff60) ||
		(code >= 0xffe0 && code <= 0xffe6) ||
		(code >= 0x1f300 && code <= 0x1f64f) ||
		(code >= 0x1f900 && code <= 0x1f9ff) ||
		(code >= 0x20000 && code <= 0x3fffd)
	);
}

/** The columns one grapheme cluster takes. */
export function graphemeWidth(grapheme: string): number {
	if (grapheme === '' || ZERO_WIDTH.test(grapheme)) return 0;
	const code = grapheme.codePointAt(0) ?? 0;
	if (code < 0x20) return 0;
	if (isWide(code)) return 2;
	if (EMOJI.test(grapheme) && (grapheme.includes('\ufe0f') || code >= 0x1f000)) return 2;
	return 1;
}

export const graphemes = (text: string): string[] =>
	Array.from(segmenter.segment(text), (segment) => segment.segment);

/** The columns `text` (no escape sequences, no newlines) takes. */
export function textWidth(text: string): number {
	let width = 0;
	for (const grapheme of graphemes(text)) width += graphemeWidth(grapheme);
	return width;
}
