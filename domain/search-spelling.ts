/**
 * Spelling variants the search treats as one word. Pure code over folded words (lower case, no marks, đ → d).
 *
 * Vietnamese writes the vowel [i] standing alone after an initial consonant either i or y: kí/ký, lí/lý, mĩ/mỹ,
 * kĩ/kỹ, hi/hy, sĩ/sỹ, tỉ/tỷ, and after qu, qui/quy. Both spellings are current (the national list itself has
 * "sĩ" and "sỹ"), so a word of exactly that shape — an initial consonant and one i or y — gets one key:
 *
 * - after any initial but qu the key is written **i** ("ky" → "ki", "ly" → "li"): "ki" is the spelling that longer
 *   syllables begin with (kiểm, lịch), so a key is still the prefix of what someone is typing;
 * - after qu the key is written **y** ("qui" → "quy"), for the same reason: quyết, quyền, quyển begin with "quy".
 *
 * Nothing else changes: y after a vowel (tay, thủy, uy), y that begins a syllable (yêu, yên), y or i followed by
 * more letters (quyết, kiểm), and "y" alone (y tế), which has no other spelling. The form a key replaced (ky, qui)
 * never begins a longer syllable, so a last word typed that way is complete and is searched as a whole word.
 */

const INITIAL_THEN_I_OR_Y = /^(?:b|c|ch|d|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|r|s|t|th|tr|v|x)[iy]$/;

/** The key of a folded word: the word itself, or its i/y spelling written one way (see above). */
export function spellingKey(word: string): string {
  if (word.length > 4) return word;
  if (word === 'qui') return 'quy';
  if (INITIAL_THEN_I_OR_Y.test(word)) return `${word.slice(0, -1)}i`;
  return word;
}
