/**
 * Chooses the page language: ?lang= (remembered in a cookie), else the cookie, else the browser's
 * Accept-Language, else Vietnamese. Puts the strings and formatters for it in res.locals.
 */
import type { RequestHandler } from 'express';
import { readCookie } from '../http/cookies';
import { viewHelpers } from '../view-helpers';
import { fill, formatDate, formatNumber, formatPercent, formatTime } from '../format';
import { DEFAULT_LOCALE, importProblemsFor, isLocale, localeFromAcceptLanguage, messagesFor, type Locale } from '../i18n';

const COOKIE = 'lang';

/** What every page of one language needs, made once per language rather than once per request. */
function pageLocals(locale: Locale) {
  const t = messagesFor(locale);
  return {
    locale,
    t,
    ...viewHelpers(t),
    formatNumber: (value: number) => formatNumber(value, locale),
    formatPercent: (value: number | null) => formatPercent(value, locale),
    formatDate,
    formatTime,
    fill,
    importProblems: importProblemsFor(locale),
  };
}

const noCsrfToken = (): string => '';

export function setUpLocale(): RequestHandler {
  const byLocale = { vi: pageLocals('vi'), en: pageLocals('en') } satisfies Record<Locale, ReturnType<typeof pageLocals>>;
  return (req, res, next) => {
    const fromQuery = req.query.lang;
    let locale: Locale;
    if (isLocale(fromQuery)) {
      locale = fromQuery;
      res.cookie(COOKIE, locale, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600_000 });
    } else {
      const fromCookie = readCookie(req.headers.cookie, COOKIE);
      locale = isLocale(fromCookie) ? fromCookie : (localeFromAcceptLanguage(req.headers['accept-language']) ?? DEFAULT_LOCALE);
    }
    const other: Locale = locale === 'vi' ? 'en' : 'vi';
    const url = new URL(req.originalUrl, 'http://local');
    url.searchParams.set('lang', other);

    Object.assign(res.locals, byLocale[locale]);
    // Defaults every page can rely on, even one drawn before later middleware runs (an early refusal).
    res.locals.showSampleNotice = false;
    res.locals.user = null;
    res.locals.csrfToken = noCsrfToken;
    res.locals.switchLanguageUrl = `${url.pathname}${url.search}`;
    res.setHeader('Content-Language', locale);
    res.vary('Accept-Language');
    next();
  };
}
