import { cleanText } from '../../domain/text';
import { cleanCell } from '../../imports/validate';
import { mulberry32 } from '../../tools/build-sample-catalogue';

/** Every character the fast path lets through unchanged. */
function fastPathCharacters(): string[] {
  const out: string[] = [];
  const ranges: [number, number][] = [
    [0x21, 0x7e],
    [0xa1, 0x2ff],
    [0x1e00, 0x1eff],
  ];
  for (const [from, to] of ranges) for (let cp = from; cp <= to; cp++) out.push(String.fromCodePoint(cp));
  return out;
}

describe('cleanCell: cleanText with a fast path', () => {
  it('agrees with cleanText on every character, and every pair of characters, that the fast path accepts', () => {
    const chars = fastPathCharacters();
    const disagreements: string[] = [];
    for (const a of chars) {
      if (cleanCell(a) !== cleanText(a)) disagreements.push(a);
      for (const b of chars) {
        const text = a + b;
        if (cleanCell(text) !== cleanText(text)) disagreements.push(text);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('agrees with cleanText on random text mixing composed and decomposed letters, odd spaces and line breaks', () => {
    const alphabet = [
      ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ019.,;/-()"',
      ...'ạảãáàặẳẵắằậẩẫấầẹẻẽéèệểễếềịỉĩíìọỏõóòộổỗốồợởỡớờụủũúùựửữứừỵỷỹýỳ',
      '\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0306', '\u0302', '\u031b',
      ' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u200b', '\ufeff', '\u2003', 'Ω', '\u212b', 'ﬁ',
    ];
    const rng = mulberry32(1612);
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      const length = Math.floor(rng() * 24);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(rng() * alphabet.length)];
      expect([text, cleanCell(text)]).toEqual([text, cleanText(text)]);
    }
  });

  it('returns clean text as it is and cleans the rest', () => {
    expect(cleanCell('Sở Tư pháp')).toBe('Sở Tư pháp');
    expect(cleanCell('')).toBe('');
    expect(cleanCell('  Sở  Tư\u00a0pháp \r\n')).toBe('Sở Tư pháp');
    expect(cleanCell('So\u031b\u0309 Tu\u031b pha\u0301p')).toBe('Sở Tư pháp');
  });
});
