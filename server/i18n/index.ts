import { problemText, type MaybeCoded } from '../../imports/messages';
import { fileErrorText, type FileError } from '../../imports/run-import';
import { en } from './en';
import { vi, type Messages } from './vi';

export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];
export const DEFAULT_LOCALE: Locale = 'vi';

const catalogues: Record<Locale, Messages> = { vi, en };

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}

/**
 * The importer's problems in a language. Their sentences live beside the importer (imports/messages), which
 * the CLI reads too and which may not depend on server/; a stored problem without a code keeps its text.
 */
export function importProblemsFor(locale: Locale): { problem: (p: MaybeCoded) => string; fileError: (e: FileError) => string } {
  return { problem: (p) => problemText(p, locale), fileError: (e) => fileErrorText(e, locale) };
}

export function isLocale(value: unknown): value is Locale {
  return value === 'vi' || value === 'en';
}

/** The first supported language in an Accept-Language header, or null. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q[1]) : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLocale) ?? null;
}

export type { Messages };
