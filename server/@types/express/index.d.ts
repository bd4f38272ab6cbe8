import type { importProblemsFor, Locale, Messages } from '../../i18n';
import type { ViewHelpers } from '../../view-helpers';

declare global {
  namespace Express {
    interface Locals extends ViewHelpers {
      /** Set when the answer was made from the catalogue as it was before the current version: not kept. */
      notForPageCache?: boolean;
      locale: Locale;
      t: Messages;
      /** The current path and query with lang switched, for the language link. */
      switchLanguageUrl: string;
      formatNumber: (value: number) => string;
      formatPercent: (value: number | null) => string;
      formatDate: (value: string) => string;
      formatTime: (value: string, seconds?: boolean) => string;
      fill: (template: string, values: Record<string, string>) => string;
      /** An import problem's sentence in the page's language (a stored one without a code: its text). */
      importProblems: ReturnType<typeof importProblemsFor>;
      showSampleNotice: boolean;
      /** catalogue_state.version when the request began. */
      catalogueVersion: number;
      /** The signed-in user, or null. */
      user: { id: number; username: string; role: 'admin' | 'staff' } | null;
      sessionTokenHash?: string;
      /** The CSRF token for a form on this page; the first call sets the cookie it is made from. */
      csrfToken: () => string;
    }
  }
}

export {};
