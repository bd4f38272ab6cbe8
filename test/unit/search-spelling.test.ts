import { ProcedureTextIndex, editDistance } from '../../db/procedure-text-index';
import { spellingKey } from '../../domain/search-spelling';
import { widenedQueries } from '../../domain/search-synonyms';
import { procedureSearchText, searchTokens } from '../../domain/text';
import { searchTerms } from '../../server/catalogue/catalogue-query';
import real from '../fixtures/dvcqg-spelling-names.json';

describe('spellingKey', () => {
  it.each([
    ['ky', 'ki'], ['ki', 'ki'], ['ly', 'li'], ['li', 'li'], ['my', 'mi'], ['mi', 'mi'], ['hy', 'hi'], ['sy', 'si'], ['ty', 'ti'],
    ['thy', 'thi'], ['nghy', 'nghi'], ['qui', 'quy'], ['quy', 'quy'],
  ])('writes %j as %j', (word, key) => {
    expect(spellingKey(word)).toBe(key);
  });

  it.each(['y', 'yeu', 'yen', 'uy', 'thuy', 'huy', 'tay', 'cay', 'quyet', 'quyen', 'kiem', 'lich', 'khai', 'sinh', '1.001612', 'h48', 'gia'])(
    'leaves %j as it is',
    (word) => {
      expect(spellingKey(word)).toBe(word);
    },
  );

  it('keys the diacritic spellings of the brief alike once folded', () => {
    const key = (w: string) => searchTokens(w).map(spellingKey).join(' ');
    for (const [a, b] of [['kí', 'ký'], ['lí', 'lý'], ['mĩ', 'mỹ'], ['kĩ', 'kỹ'], ['hi', 'hy'], ['qui', 'quy'], ['sĩ', 'sỹ'], ['tỉ', 'tỷ'], ['Kì', 'KỲ']]) {
      expect([a, key(a)]).toEqual([a, key(b)]);
    }
  });
});

describe('searchTerms', () => {
  it('searches a last word written ky or qui as a whole word, and others as a prefix', () => {
    expect(searchTerms('đăng ký').prefix).toBe(false);
    expect(searchTerms('quy định qui').prefix).toBe(false);
    expect(searchTerms('đăng kí').prefix).toBeUndefined();
    expect(searchTerms('quy').prefix).toBeUndefined();
  });

  it('adds the official words to everyday ones, and nothing to a plain query', () => {
    expect(searchTerms('làm giấy khai sinh').alternatives).toEqual(expect.arrayContaining([{ words: ['khai', 'sinh'], prefix: true }]));
    expect(searchTerms('xin phép xây dựng').alternatives).toEqual(expect.arrayContaining([{ words: ['cap', 'giay', 'phep', 'xay', 'dung'], prefix: true }]));
    expect(searchTerms('hộ khẩu').alternatives).toEqual(expect.arrayContaining([{ words: ['cu', 'tru'], prefix: false }]));
    expect(searchTerms('đăng ký khai sinh').alternatives).toBeUndefined();
  });
});

describe('widenedQueries', () => {
  it('rewrites step by step and never returns the query itself', () => {
    const found = widenedQueries(['lam', 'giay', 'khai', 'sinh'], true).map((s) => s.words.join(' '));
    expect(found).toEqual(expect.arrayContaining(['giay khai sinh', 'khai sinh']));
    expect(found).not.toContain('lam giay khai sinh');
  });

  it('drops a filler word only at the start and only before other words', () => {
    expect(widenedQueries(['lam'], true)).toEqual([]);
    expect(widenedQueries(['cho', 'lam', 'viec'], true).map((s) => s.words.join(' '))).not.toContain('cho viec');
  });

  it('works both ways for đổi and cấp lại', () => {
    expect(widenedQueries(['doi', 'giay', 'phep', 'lai', 'xe'], true).map((s) => s.words.join(' '))).toContain('cap lai giay phep lai xe');
    expect(widenedQueries(['cap', 'lai', 'giay', 'phep', 'lai', 'xe'], true).map((s) => s.words.join(' '))).toContain('doi giay phep lai xe');
  });
});

describe('the text index on real procedure names (test/fixtures/dvcqg-spelling-names.json)', () => {
  const names = real.procedures.map((p) => p.name);
  const index = new ProcedureTextIndex(real.procedures.map((p) => procedureSearchText(p.code, p.name)));
  const find = (q: string) => {
    const terms = searchTerms(q);
    return Array.from(index.searchAny([{ words: terms.words, prefix: terms.prefix ?? true }, ...(terms.alternatives ?? [])]).procedures).map((i) => names[i]);
  };

  it.each([
    ['thạc sĩ', 'thạc sỹ'],
    ['tiến sĩ', 'tiến sỹ'],
    ['đăng ký kinh doanh', 'đăng kí kinh doanh'],
    ['dang ky kinh doanh', 'dang ki kinh doanh'],
    ['lý lịch', 'lí lịch'],
    ['công ty trách nhiệm', 'công ti trách nhiệm'],
    ['kỹ thuật', 'kĩ thuật'],
    ['mỹ phẩm', 'mĩ phẩm'],
    ['quy định', 'qui định'],
  ])('"%s" and "%s" find the same names', (a, b) => {
    const found = find(a);
    expect(found.length).toBeGreaterThan(0);
    expect(find(b)).toEqual(found);
  });

  const words = (n: string) => n.toLowerCase().split(/[^\p{L}\p{N}]+/u);

  it('finds with a last word written kí all that ký finds, and what begins with ki too', () => {
    const ky = find('đăng ký');
    const ki = find('đăng kí');
    expect(ky.length).toBeGreaterThan(0);
    expect(ki).toEqual(expect.arrayContaining(ky));
  });

  it('finds names written sĩ and names written sỹ with either spelling', () => {
    const si = names.filter((n) => words(n).includes('sĩ'));
    const sy = names.filter((n) => words(n).includes('sỹ'));
    expect(si.length).toBeGreaterThan(0);
    expect(sy.length).toBeGreaterThan(0);
    for (const q of ['sĩ', 'sỹ', 'si', 'sy']) expect(find(q)).toEqual(expect.arrayContaining([...si, ...sy]));
  });

  it('still takes a last word that longer words begin with as a prefix', () => {
    expect(find('quy').some((n) => /quyết|quyền/u.test(n.toLowerCase()))).toBe(true);
    expect(find('ki').some((n) => /kiểm/u.test(n.toLowerCase()))).toBe(true);
  });

  it('searches a last word written ký as the word ký, not as the beginning of kiểm', () => {
    const found = find('ký');
    expect(found.length).toBeGreaterThan(0);
    for (const n of found) expect(searchTokens(n).map(spellingKey)).toContain('ki');
  });

  it('leaves words that begin with y or end in uy alone', () => {
    const yte = find('y tế');
    expect(yte.length).toBeGreaterThan(0);
    for (const n of yte) expect(words(n)).toContain('y');
    expect(find('yêu cầu').length).toBeGreaterThan(0);
    for (const n of find('yêu cầu')) expect(words(n)).toContain('yêu');
  });

  it('offers the closest word of the names for a misspelt one', () => {
    expect(index.closestWord('thuta')).toBe('thuat');
    expect(index.closestWord('phamr')).toBe('pham');
    expect(index.closestWord('zzzzzz')).toBeNull();
    expect(index.knows('thuat', false)).toBe(true);
    expect(index.knows('thuatx', false)).toBe(false);
  });
});

describe('editDistance', () => {
  it.each([
    ['khai', 'khai', 0],
    ['khia', 'khai', 1],
    ['sinh', 'sin', 1],
    ['dang', 'dnag', 1],
    ['abc', 'xyz', 3],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
  });

  it('stops at the cap', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(2);
  });
});
