/**
 * Small helpers the coverage pages share: how problems, quarters, targets and filters read, and the URLs
 * that keep the page's state (the URL is the whole state).
 */
import type { FieldRef } from '../../domain/coverage';
import type { CoverageScope } from '../../domain/coverage';
import { quarterOf, type Quarter } from '../../domain/quarters';
import type { Locale, Messages } from '../i18n';
import { fill, formatNumber, formatPercent } from '../format';
import { defaultDirection, type CoverageRow, type ShareChange, type SortDirection, type SortKey } from '../services/coverage-rates';
import type { AppliedTarget } from '../services/target-service';
import { countValue, type CountKey } from './coverage-links';
import { DEFAULT_SORT, type QueryProblem } from './coverage-query';
import type { DashboardView } from '../services/coverage-service';

/** Where on the page each parameter is set, for the error summary's links. */
const PARAM_TARGETS: Record<string, string> = {
  at: '#at',
  tier: '#tier',
  field: '#field',
  period: '#period',
  agency: '#agency',
  quarter: '#quarter',
  parent: '#parent',
  issuer: '#issuer',
  to: '#to',
  symbol: '#symbol',
  signer: '#signer',
  sort: '#coverage-table',
  view: '#portal-table',
  dir: '#coverage-table',
  page: '#coverage-table',
};

export function problemItems(problems: QueryProblem[], t: Messages): { href: string; text: string }[] {
  return problems.map((p) => ({ href: PARAM_TARGETS[p.param] ?? '#main', text: fill(t.coverage.problems[p.code], { value: p.value }) }));
}

export function quarterLabel(quarter: Quarter, t: Messages, form: 'short' | 'long' = 'short'): string {
  const q = form === 'long' ? t.coverage.quarterNames[`q${quarter.q}`] : String(quarter.q);
  return fill(form === 'long' ? t.coverage.quarterLong : t.coverage.quarterShort, { q, year: String(quarter.year) });
}

const targetFormats: Record<Locale, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

/** A share as people write a target: "30%", "27,5%" (no needless decimals). */
export function targetPercent(pct: number, locale: Locale): string {
  return `${targetFormats[locale].format(pct)}%`;
}

/** A target where only its figure fits: "30%", or "100% số đủ điều kiện" on the eligible basis. */
export function targetText(target: Pick<AppliedTarget, 'level4Pct' | 'basis'>, t: Messages, locale: Locale): string {
  const pct = targetPercent(target.level4Pct, locale);
  return target.basis === 'eligible' ? fill(t.coverage.target.ofEligible, { pct }) : pct;
}

/** The sentence saying which target applies. */
export function targetSentence(target: AppliedTarget | null, asOf: string, t: Messages, locale: Locale): string {
  if (!target) return fill(t.coverage.target.none, { year: asOf.slice(0, 4) });
  const values = { year: String(target.year), from: String(target.year), pct: targetPercent(target.level4Pct, locale), what: t.coverage.target.what[target.basis] };
  const main =
    target.year === target.forYear ? fill(t.coverage.target.text, values) : fill(t.coverage.target.inherited, { ...values, year: String(target.forYear) });
  const parts = [main];
  if (target.note) parts.push(fill(t.coverage.target.source, { note: target.note }));
  if (target.basis === 'eligible') parts.push(t.coverage.target.eligibleNote);
  return parts.join(' ');
}

/** "Cấp huyện; Hộ tịch" — the filters in force, by name; '' when none. */
export function scopeText(scope: CoverageScope, fields: FieldRef[], t: Messages): string {
  const names = new Map(fields.map((f) => [f.slug, f.name]));
  return [...scope.tiers.map((tier) => t.coverage.tiers[tier]), ...scope.fields.map((f) => names.get(f) ?? f)].join('; ');
}

export interface DashboardState {
  scope: CoverageScope;
  at: string | null;
  sort: SortKey;
  direction: SortDirection;
  /** Page of the agencies table (a country's catalogue has thousands of agencies). */
  page: number;
  /** 'falling': the agencies below the target and falling only. */
  view?: DashboardView;
}

/** The query pairs of a dashboard state, defaults left out. */
export function dashboardParams(state: DashboardState): [string, string][] {
  const pairs: [string, string][] = [];
  for (const tier of state.scope.tiers) pairs.push(['tier', tier]);
  for (const field of state.scope.fields) pairs.push(['field', field]);
  if (state.at) pairs.push(['at', state.at]);
  if (state.view === 'falling') pairs.push(['view', 'falling']);
  if (state.sort !== DEFAULT_SORT || state.direction !== defaultDirection(state.sort)) {
    pairs.push(['sort', state.sort]);
    pairs.push(['dir', state.direction]);
  }
  return pairs;
}

export function withParams(path: string, pairs: [string, string][]): string {
  const text = new URLSearchParams(pairs).toString();
  return text ? `${path}?${text}` : path;
}

/** A sortable header: the link that sorts by it (or flips the order if it is the sorted one), and aria-sort. */
export function sortHeader(state: DashboardState, key: SortKey, anchor = 'coverage-table'): { href: string; ariaSort: 'ascending' | 'descending' | 'none' } {
  const active = state.sort === key;
  const direction: SortDirection = active ? (state.direction === 'asc' ? 'desc' : 'asc') : defaultDirection(key);
  return {
    href: `${withParams('/coverage', dashboardParams({ ...state, sort: key, direction }))}#${anchor}`,
    ariaSort: active ? (state.direction === 'asc' ? 'ascending' : 'descending') : 'none',
  };
}

/** One cell of the coverage table, ready to print. */
export type TableCell =
  | { kind: 'number'; text: string; href: string | null; zero: boolean }
  | { kind: 'assessment'; meets: boolean | null };

/**
 * The coverage table's cells for a row, in column order: counts (linked to their list when `link` is given,
 * except zeros), shares, the assessment and the level-4 offerings still needed.
 */
export function tableCells(
  row: CoverageRow,
  link: ((row: CoverageRow, key: CountKey) => string) | null,
  formatNumber: (n: number) => string,
  formatPercent: (n: number | null) => string,
): TableCell[] {
  const count = (key: CountKey): TableCell => {
    const value = countValue(row, key);
    return { kind: 'number', text: formatNumber(value), href: link && value > 0 ? link(row, key) : null, zero: value === 0 };
  };
  const share = (value: number | null): TableCell => ({ kind: 'number', text: formatPercent(value), href: null, zero: false });
  return [
    count('total'),
    count('level1'),
    count('level2'),
    count('level3'),
    count('level4'),
    share(row.level4Pct),
    count('level3Plus'),
    share(row.level3PlusPct),
    count('portalIntegrated'),
    share(row.portalIntegratedPct),
    count('qd411Listed'),
    count('qd411Integrated'),
    share(row.qd411IntegratedPct),
    count('eligible'),
    count('level4Eligible'),
    share(row.level4EligiblePct),
    { kind: 'assessment', meets: row.meetsTarget },
    {
      kind: 'number',
      text: row.level4Needed === null ? '—' : formatNumber(row.level4Needed),
      href: null,
      zero: row.level4Needed === 0,
    },
  ];
}

/** A change over time, ready to print: "▲ +2,5 điểm %", or "—" with the reason there is none. */
export interface ChangeCell {
  text: string;
  direction: 'up' | 'down' | 'flat' | null;
  /** Why there is no figure (a sentence), or null. */
  reason: string | null;
}

/** "quý III năm 2026": the quarter a change is measured from, named as reports name it (not as a date). */
export function sinceLabel(since: string, t: Messages): string {
  const label = quarterLabel(quarterOf(since), t, 'long');
  return label.charAt(0).toLocaleLowerCase('vi') + label.slice(1);
}

export function changeCell(change: ShareChange | undefined, t: Messages, locale: Locale): ChangeCell {
  const p = t.coverage.portal;
  if (!change) return { text: '—', direction: null, reason: null };
  if (change.points === null) {
    const reason = change.reason ? fill(p.reasons[change.reason], { when: sinceLabel(change.since, t) }) : null;
    return { text: '—', direction: null, reason };
  }
  const direction = change.points > 0 ? 'up' : change.points < 0 ? 'down' : 'flat';
  const n = pointFormats[locale].format(change.points).replace('-', '−');
  return { text: fill(t.coverage.report.points, { n }), direction, reason: null };
}

/** One cell of the National Portal's table. */
export type PortalCell =
  | { kind: 'number'; text: string; href: string | null; zero: boolean }
  | { kind: 'change'; change: ChangeCell };

/**
 * The National Portal's columns for a row: Số TTHC, eligible for toàn trình, toàn trình, một phần, not online
 * (counts linked to their list when `link` is given), the toàn trình share of eligible and of all, the 766
 * points, and the changes since the previous quarter and year.
 */
export function portalCells(
  row: CoverageRow,
  link: ((row: CoverageRow, key: CountKey) => string) | null,
  t: Messages,
  locale: Locale,
): PortalCell[] {
  const count = (key: CountKey): PortalCell => {
    const value = countValue(row, key);
    return { kind: 'number', text: formatNumber(value, locale), href: link && value > 0 ? link(row, key) : null, zero: value === 0 };
  };
  const plain = (text: string): PortalCell => ({ kind: 'number', text, href: null, zero: false });
  return [
    count('total'),
    count('eligible'),
    count('level4'),
    count('level3'),
    count('notOnline'),
    plain(formatPercent(row.level4EligiblePct, locale)),
    plain(formatPercent(row.level4Pct, locale)),
    plain(row.indicator766 === null ? '—' : formatDecimal(row.indicator766, locale)),
    { kind: 'change', change: changeCell(row.change?.quarter, t, locale) },
    { kind: 'change', change: changeCell(row.change?.year, t, locale) },
  ];
}

const decimalFormats: Record<Locale, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};

/** A figure with one decimal: "87,5". */
export function formatDecimal(n: number, locale: Locale): string {
  return decimalFormats[locale].format(n);
}

const pointFormats: Record<Locale, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
};
const changeFormats: Record<Locale, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { signDisplay: 'exceptZero' }),
  en: new Intl.NumberFormat('en-GB', { signDisplay: 'exceptZero' }),
};

/** How a report states changes: "+69", "−0,2 điểm %" (a change of a share, in percentage points), "—". */
export function reportFormatters(t: Messages, locale: Locale) {
  return {
    signed: (n: number): string => changeFormats[locale].format(n).replace('-', '−'),
    points: (before: number | null, after: number | null): string => {
      if (before === null || after === null) return '—';
      // Rounded as the shares are shown, so that the change matches the two figures beside it.
      const d = Math.round(after * 10) / 10 - Math.round(before * 10) / 10;
      return fill(t.coverage.report.points, { n: pointFormats[locale].format(Math.round(d * 10) / 10).replace('-', '−') });
    },
  };
}
