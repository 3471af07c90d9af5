// The Unicode confusable skeleton of a string (UTS #39, section 4): two strings that look alike,
// such as `аlice` with a Cyrillic `а` and `alice`, have the same skeleton. The mapping data is
// Unicode's confusables.txt as packaged by `unhomoglyph`; this file is the one place that relies
// on it, and test/names.test.ts checks that reliance.

import unhomoglyph from 'unhomoglyph';

/** Default_Ignorable_Code_Point characters are invisible, so UTS #39 drops them from skeletons. */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * skeleton(X) = NFD(map(NFD(X without ignorables))), where map replaces each character by its
 * confusables.txt prototype. Case-sensitive, as UTS #39 defines it; for comparison only, never
 * for display (`m` becomes `rn`). The ignorables go before NFD rather than after as in UTS #39:
 * an invisible one between two combining marks would otherwise stop NFD from reordering them.
 */
export const skeleton = (text: string): string =>
	unhomoglyph(text.replace(IGNORABLE, '').normalize('NFD')).normalize('NFD');
