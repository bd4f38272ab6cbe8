/**
 * The importer's messages: problems are stored as codes with parameters (codes.ts) and turned into sentences
 * here, in Vietnamese (the default) or English. The catalogue lives in imports/ because the importer, the CLI
 * and the web pages all read it, and imports/ may not depend on server/; server/i18n hands it to the views.
 */
import type { Coded, ImportLang, ImportMessages, ProblemCode } from './codes';
import { en } from './en';
import { vi } from './vi';

export type { Coded, ImportLang, ImportMessages, ProblemCode, ProblemParams, ProblemTemplates, ReportWords } from './codes';

export const IMPORT_MESSAGES: Record<ImportLang, ImportMessages> = { vi, en };

/** Anything that may carry a code: a problem made now, or one stored before codes existed (text only). */
export interface MaybeCoded {
  code?: string;
  params?: unknown;
  message?: string;
}

/** A coded problem's sentence; the `message` stored with it when its code is unknown (an old stored report). */
export function problemText(problem: MaybeCoded, lang: ImportLang = 'vi'): string {
  const template = problem.code !== undefined ? (IMPORT_MESSAGES[lang].problems as Record<string, ((p: unknown) => string) | undefined>)[problem.code] : undefined;
  if (template && problem.params !== undefined) return template(problem.params);
  return problem.message ?? '';
}

/** A code, its parameters and its Vietnamese sentence (kept as `message` for readers that know no codes). */
export function coded<C extends ProblemCode>(code: C, params: Extract<Coded, { code: C }>['params']): { code: C; params: typeof params; message: string } {
  return { code, params, message: (vi.problems[code] as (p: typeof params) => string)(params) };
}

/** The language a CLI answers in: `--lang`, else LANG/LC_ALL/LC_MESSAGES starting with "en", else Vietnamese. */
export function importLangFrom(flag: string | undefined, env: NodeJS.ProcessEnv): ImportLang | null {
  if (flag !== undefined) return flag === 'vi' || flag === 'en' ? flag : null;
  const fromEnv = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en\b|^en_/i.test(fromEnv) ? 'en' : 'vi';
}
