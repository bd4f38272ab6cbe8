/**
 * Chooses the page language: ?lang= (remembered in a cookie), else the cookie, else the browser's
 * Accept-Language, else Vietnamese. Puts the strings and formatters for it in res.locals.
 */
import type { RequestHandler } from 'express';
import { readCookie } from '../http/cookies';
import { viewHelpers } from '../view-helpers';
import { fill, formatDate, formatNumber, formatPercent, formatTime } from '../format';
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, messagesFor, type Locale } from '../i18n';

const COOKIE = 'lang';

export function setUpLocale(): RequestHandler {
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

    // Defaults every page can rely on, even one drawn before later middleware runs (an early refusal).
    res.locals.showSampleNotice = false;
    res.locals.user = null;
    res.locals.csrfToken = '';
    res.locals.locale = locale;
    res.locals.t = messagesFor(locale);
    Object.assign(res.locals, viewHelpers(res.locals.t));
    res.locals.switchLanguageUrl = `${url.pathname}${url.search}`;
    res.locals.formatNumber = (value) => formatNumber(value, locale);
    res.locals.formatPercent = (value) => formatPercent(value, locale);
    res.locals.formatDate = formatDate;
    res.locals.formatTime = formatTime;
    res.locals.fill = fill;
    res.setHeader('Content-Language', locale);
    res.vary('Accept-Language');
    next();
  };
}
