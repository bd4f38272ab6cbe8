import { DEFAULT_LOCALE, LOCALES, isLocale, localeFromAcceptLanguage, messagesFor } from '../../server/i18n';

describe('localeFromAcceptLanguage', () => {
  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['fr, vi;q=0.5', 'vi'],
    ['vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7', 'vi'],
    ['vi;q=0.5, en;q=0.8', 'en'],
    ['EN-gb', 'en'],
    ['fr', null],
    ['en;q=0', null],
    ['en;q=0, vi;q=0.1', 'vi'],
    ['*', null],
    ['', null],
    [undefined, null],
  ])('%j → %j', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});

describe('locales', () => {
  it('has vi as the default of vi and en', () => {
    expect(DEFAULT_LOCALE).toBe('vi');
    expect([...LOCALES]).toEqual(['vi', 'en']);
    expect(LOCALES.every(isLocale)).toBe(true);
    expect(isLocale('fr')).toBe(false);
  });
});

/** Every key path in a catalogue, with the kind of value found there. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [`${prefix}: ${typeof value}`];
  return Object.keys(value)
    .sort()
    .flatMap((key) => keyPaths((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key));
}

/** Paths of values that are empty (or blank) strings. */
function emptyStrings(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [prefix] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => emptyStrings(v, prefix ? `${prefix}.${key}` : key));
}

describe('message catalogues', () => {
  const vi = messagesFor('vi');
  const en = messagesFor('en');

  it('have the same keys at every depth, with the same kinds of value', () => {
    expect(keyPaths(en)).toEqual(keyPaths(vi));
  });

  it('are not empty and hold only strings at the leaves', () => {
    const paths = keyPaths(vi);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => !p.endsWith(': string'))).toEqual([]);
  });

  it.each(['vi', 'en'] as const)('%s has no empty strings', (locale) => {
    expect(emptyStrings(messagesFor(locale))).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (m: unknown): Record<string, string[]> => {
      const out: Record<string, string[]> = {};
      const walk = (v: unknown, prefix: string): void => {
        if (typeof v === 'string') out[prefix] = (v.match(/%\w+%/g) ?? []).sort();
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, prefix ? `${prefix}.${k}` : k);
      };
      walk(m, '');
      return out;
    };
    expect(placeholders(en)).toEqual(placeholders(vi));
  });
});
