/**
 * What each coverage page shows, from the service's figures: the view models its template prints. Kept
 * apart from the routes (which only read the request and choose the status) and from the templates (which
 * only print).
 */
import type { Locale, Messages } from '../i18n';
import { barChart, lineChart, type BarItem, type LineSeriesInput } from '../charts';
import { quarterOf, quarterParam, quartersBetween, type Quarter } from '../../domain/quarters';
import { sortTiers, type Tier } from '../../domain/tiers';
import { fill, formatDate, formatNumber, formatPercent } from '../format';
import { sortRows, type CoverageRow, type SortKey } from '../services/coverage-rates';
import type { Dashboard, OfferingChange, QuarterChanges, QuarterReport, Trend, TrendSort } from '../services/coverage-service';
import type { ListedChange } from '../../domain/quarter-changes';
import type { AppliedTarget } from '../services/target-service';
import { countLink, type CountKey } from './coverage-links';
import { INDICATOR_766 } from '../../domain/online-measures';
import { changeDates, isBelowAndFalling } from '../services/coverage-service';
import type { QueryProblem } from './coverage-query';
import { LETTER_FIELDS, LETTER_MAX_CHARS, letterParams, type ReportLetter } from './report-letter';
import { memoryPage, pageLinks } from '../pagination';
import { PLACE_LIST_MAX } from '../services/place-directory';
import { nextTurn } from '../services/turns';
import {
  changeCell,
  dashboardParams,
  formatDecimal,
  portalCells,
  problemItems,
  sinceLabel,
  quarterLabel,
  reportFormatters,
  scopeText,
  sortHeader,
  tableCells,
  targetSentence,
  targetText,
  withParams,
  type DashboardState,
} from './coverage-view';

interface PageLocals {
  t: Messages;
  locale: Locale;
}

/** The coverage table's second header row: the columns under each group, and what each sorts by. */
function subheaders(t: Messages): { key: SortKey | null; label: string }[] {
  const tb = t.coverage.table;
  return [
    { key: 'level1', label: '1' },
    { key: 'level2', label: '2' },
    { key: 'level3', label: '3' },
    { key: 'level4', label: '4' },
    { key: 'level3Plus', label: tb.count },
    { key: 'level3PlusPct', label: tb.share },
    { key: 'portalIntegrated', label: tb.count },
    { key: 'portalIntegratedPct', label: tb.share },
    { key: 'qd411Listed', label: tb.count },
    { key: 'qd411Integrated', label: tb.integrated },
    { key: 'qd411IntegratedPct', label: tb.share },
    { key: 'eligible', label: tb.count },
    { key: 'level4Eligible', label: tb.atLevel4 },
    { key: 'level4EligiblePct', label: tb.share },
    { key: null, label: tb.assessment },
    { key: 'level4Needed', label: tb.needed },
  ];
}

/** The National Portal's table: its columns, and what each sorts by. */
function portalHeaders(t: Messages): { key: SortKey; label: string }[] {
  const p = t.coverage.portal;
  return [
    { key: 'total', label: p.total },
    { key: 'eligible', label: p.eligible },
    { key: 'level4', label: p.full },
    { key: 'level3', label: p.partial },
    { key: 'notOnline', label: p.none },
  ];
}

/** The sentences behind every "—" of the change columns on a page, each once. */
function changeReasons(rows: CoverageRow[], t: Messages, locale: Locale): string[] {
  const out = new Set<string>();
  // Only a change without points has a reason, and thousands of agencies share a few: each worded once.
  const worded = new Set<string>();
  for (const row of rows) {
    for (const change of [row.change?.quarter, row.change?.year]) {
      if (!change || change.points !== null || !change.reason || worded.has(`${change.reason}|${change.since}`)) continue;
      worded.add(`${change.reason}|${change.since}`);
      const { reason } = changeCell(change, t, locale);
      if (reason) out.add(reason);
    }
  }
  return [...out];
}

/**
 * Offerings a list of the report's changes shows on the page: a quarter in which a whole catalogue moved to
 * toàn trình lists tens of thousands; the workbook holds every one.
 */
export const REPORT_CHANGES_SHOWN = 500;

/** The first `n` changes of each of a quarter's lists, described: what its page prints. */
export async function firstChanges(changes: QuarterChanges, n: number): Promise<Record<ListedChange, OfferingChange[]>> {
  // Each list's offerings are read from the database (500 at 1,000,000 offerings: 15–20 ms), a turn each.
  const reachedLevel4 = await changes.reachedLevel4.read(0, n);
  await nextTurn();
  const newlyIntegrated = await changes.newlyIntegrated.read(0, n);
  await nextTurn();
  return { reachedLevel4, newlyIntegrated, withdrawn: await changes.withdrawn.read(0, n) };
}

/** Agencies per page of the dashboard: a province has tens; a country's catalogue thousands. */
export const AGENCIES_PER_PAGE = 100;

/** The share the target is judged on: level 4 of all current offerings, or of the eligible ones. */
function judgedShare(target: AppliedTarget | null): (row: CoverageRow) => number | null {
  return target?.basis === 'eligible' ? (row) => row.level4EligiblePct : (row) => row.level4Pct;
}

/**
 * The bar chart: the province (each procedure once, as the National Portal counts it), then the page's agencies
 * by the share the target is judged on, coloured by whether each meets the target.
 */
function dashboardChart(dashboard: Dashboard, rows: CoverageRow[], { t, locale }: PageLocals) {
  const share = judgedShare(dashboard.target);
  const kind = (meets: boolean | null): BarItem['kind'] => (meets === null ? 'neutral' : meets ? 'meets' : 'below');
  const bar = (label: string, row: CoverageRow, k: BarItem['kind']): BarItem => ({
    label,
    value: share(row) ?? 0,
    valueText: formatPercent(share(row), locale),
    kind: k,
  });
  const byShare = [...rows].sort((a, b) => (share(b) ?? -1) - (share(a) ?? -1));
  const target = dashboard.target && {
    value: dashboard.target.level4Pct,
    label: fill(t.coverage.chart.targetLabel, { pct: targetText(dashboard.target, t, locale) }),
  };
  return {
    ...barChart([bar(t.coverage.chart.legendTotal, dashboard.province, 'total'), ...byShare.map((r) => bar(r.agency!.name, r, kind(r.meetsTarget)))], target),
    title: dashboard.target?.basis === 'eligible' ? t.coverage.chart.titleEligible : t.coverage.chart.title,
    provinceShare: share(dashboard.province),
  };
}

export function dashboardPage(dashboard: Dashboard, state: DashboardState, problems: QueryProblem[], locals: PageLocals, today: string) {
  const { t, locale } = locals;
  // Today's counts link to the catalogue list of exactly those offerings; a past date's cannot.
  const link = dashboard.historical ? null : (row: CoverageRow, key: CountKey) => countLink(dashboard.scope, row, key);
  const cells = (row: CoverageRow) =>
    tableCells(row, link, (n) => formatNumber(n, locale), (n) => formatPercent(n, locale));
  const params = dashboardParams(state);
  const { page, pageCount, of, range } = memoryPage(state.page, dashboard.rows.length, AGENCIES_PER_PAGE);
  const pageRows = of(dashboard.rows);
  const pageHref = (n: number) => `${withParams('/coverage', n > 1 ? [...params, ['page', String(n)]] : params)}#coverage-table`;
  return {
    dashboard,
    state,
    problems: problemItems(problems, t),
    chart: dashboardChart(dashboard, pageRows, locals),
    pages: pageLinks(page, pageCount, pageHref),
    pageRange: range(dashboard.rows),
    meeting: dashboard.rows.filter((r) => r.meetsTarget === true).length,
    below: dashboard.rows.filter((r) => r.meetsTarget === false).length,
    targetSentence: targetSentence(dashboard.target, dashboard.asOf, t, locale),
    targetPct: dashboard.target ? targetText(dashboard.target, t, locale) : null,
    scopeText: scopeText(dashboard.scope, dashboard.options.fields, t),
    // Each row's cells (and their links) are shaped when the template prints it (a getter), in the turn that prints the row.
    tableRows: pageRows.map((row) => ({ name: row.agency!.name, isTotal: false, get cells() { return cells(row); } })),
    // The agencies added up (each count linked to its list), then the province, each procedure once (no links: the list counts offerings).
    totalRows: [
      { name: t.coverage.table.agenciesSum, isTotal: true, cells: cells(dashboard.total) },
      { name: t.coverage.table.province, isTotal: true, cells: tableCells(dashboard.province, null, (n) => formatNumber(n, locale), (n) => formatPercent(n, locale)) },
    ],
    subheaders: subheaders(t),
    portalHeaders: portalHeaders(t),
    portalRows: pageRows.map((row) => ({ name: row.agency!.name, isTotal: false, falling: isBelowAndFalling(row), get cells() { return portalCells(row, link, t, locale); } })),
    // The agencies added up (offerings, each count linked to its list), then the province as the Portal counts it (each procedure once).
    portalTotals: [
      { name: t.coverage.table.agenciesSum, isTotal: true, falling: false, cells: portalCells(dashboard.total, link, t, locale) },
      { name: t.coverage.table.province, isTotal: true, falling: false, cells: portalCells(dashboard.province, null, t, locale) },
    ],
    changeReasons: changeReasons([...pageRows, dashboard.total, dashboard.province], t, locale),
    changeDates: changeDates(dashboard.asOf),
    indicator: INDICATOR_766,
    formatDecimal: (n: number) => formatDecimal(n, locale),
    sinceLabel: (date: string) => sinceLabel(date, t),
    fallingUrl: `${withParams('/coverage', dashboardParams({ ...state, page: 1, view: 'falling' }))}#portal-table`,
    allUrl: `${withParams('/coverage', dashboardParams({ ...state, page: 1, view: 'all' }))}#portal-table`,
    sortHeader: (key: SortKey, anchor?: string) => sortHeader(state, key, anchor),
    // The form keeps the sort (the filters are its own fields).
    sortParams: dashboardParams({ ...state, scope: { tiers: [], fields: [] }, at: null }),
    link: link !== null,
    csvUrl: withParams('/coverage.csv', params),
    csvPlainUrl: withParams('/coverage.csv', [...params, ['format', 'plain']]),
    xlsxUrl: withParams('/coverage.xlsx', params),
    jsonUrl: withParams('/api/coverage', params),
    tiers: tierChoices(dashboard.options.tiers, dashboard.scope.tiers),
    today,
    updating: dashboard.stale,
    navCurrent: 'coverage',
  };
}

/** The tiers the form offers: those the catalogue holds (no district tier in a list made after 1/7/2025), and the one asked for. */
function tierChoices(inUse: readonly Tier[], asked: readonly Tier[]): Tier[] {
  return sortTiers([...inUse, ...asked]);
}

function pointLabel(point: Trend['points'][number], t: Messages): string {
  return point.quarter ? quarterLabel(point.quarter, t) : formatDate(point.date);
}

/** The province's lines (level 4, level 3 or above, the target) and, if one is chosen, an agency's. */
function trendChart(trend: Trend, agencyId: number | null, { t, locale }: PageLocals) {
  const tr = t.coverage.trend;
  const labels = trend.points.map((p) => pointLabel(p, t));
  const line = (label: string, cls: string, values: (number | null)[]): LineSeriesInput => ({
    label,
    cls,
    values,
    titles: values.map((v, i) => `${label}, ${labels[i]}: ${formatPercent(v, locale)}`),
  });
  const fromTo = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return { from: formatPercent(known[0] ?? null, locale), to: formatPercent(known[known.length - 1] ?? null, locale) };
  };
  // The province's lines count each procedure once, as the National Portal does.
  const l4 = trend.points.map((p) => p.procedures.level4Pct);
  const l3 = trend.points.map((p) => p.procedures.level3PlusPct);
  const series = [
    line(tr.seriesTarget, 'series-target', trend.points.map((p) => p.target?.level4Pct ?? null)),
    line(tr.seriesL3, 'series-l3', l3),
    line(tr.seriesL4, 'series-l4', l4),
  ];
  // A target on the eligible basis is read against the eligible share, so that line is drawn too.
  if (trend.points.some((p) => p.target?.basis === 'eligible')) {
    series.push(line(tr.seriesL4Eligible, 'series-l4-eligible', trend.points.map((p) => p.procedures.level4EligiblePct)));
  }
  const p4 = fromTo(l4);
  const p3 = fromTo(l3);
  const desc = [fill(tr.chartDesc, { l4from: p4.from, l4to: p4.to, l3from: p3.from, l3to: p3.to })];
  if (agencyId !== null) {
    const agency = trend.options.agencies.find((a) => a.id === agencyId)!.name;
    const al4 = trend.points.map((p) => p.byAgency.get(agencyId)?.level4Pct ?? null);
    const al3 = trend.points.map((p) => p.byAgency.get(agencyId)?.level3PlusPct ?? null);
    series.push(line(fill(tr.seriesAgencyL3, { agency }), 'series-agency-l3', al3), line(fill(tr.seriesAgencyL4, { agency }), 'series-agency-l4', al4));
    const a4 = fromTo(al4);
    desc.push(fill(tr.chartDescAgency, { agency, l4from: a4.from, l4to: a4.to }));
  }
  desc.push(tr.chartDescEnd);
  return {
    ...lineChart(labels, series),
    title: labels.length ? fill(tr.chartTitle, { from: labels[0], to: labels[labels.length - 1] }) : '',
    desc: desc.join(' '),
  };
}

export function trendPage(
  trend: Trend,
  choice: { agency: { id: number; slug: string; name: string } | null; matches: { typed: string; places: { slug: string; name: string }[]; count: number } | null },
  problems: QueryProblem[],
  locals: PageLocals,
  order: TrendSort = { sort: 'changeQuarter', direction: 'asc' },
  requestedPage = 1,
) {
  const { t, locale } = locals;
  const { agency } = choice;
  const base: [string, string][] = [
    ...trend.scope.tiers.map((x): [string, string] => ['tier', x]),
    ...trend.scope.fields.map((x): [string, string] => ['field', x]),
    ...(trend.period === 'import' ? [['period', 'import'] as [string, string]] : []),
  ];
  // A country's thousands of agencies, a hundred a page: the changes table and the two tables by agency.
  const sorted = trend.changes ? sortRows(trend.changes.rows, order.sort, order.direction) : [];
  const { page, pageCount, of: onPage, range: rangeOf } = memoryPage(requestedPage, Math.max(sorted.length, trend.agencies.length), AGENCIES_PER_PAGE);
  const chosen: [string, string][] = agency ? [['agency', agency.slug]] : [];
  const sortPairs: [string, string][] = order.sort === 'changeQuarter' && order.direction === 'asc' ? [] : [['sort', order.sort], ['dir', order.direction]];
  const pageHref = (n: number) => `${withParams('/coverage/trend', [...base, ...chosen, ...sortPairs, ...(n > 1 ? [['page', String(n)] as [string, string]] : [])])}#trend-changes`;
  const changeRows = onPage(sorted);
  return {
    trend,
    agency,
    problems: problemItems(problems, t),
    labels: trend.points.map((p) => pointLabel(p, t)),
    chart: trendChart(trend, agency?.id ?? null, locals),
    scopeText: scopeText(trend.scope, trend.options.fields, t),
    // Drawing an agency keeps the page and the sort it was chosen from.
    agencyUrl: (slug: string) => withParams('/coverage/trend', [...base, ['agency', slug], ...sortPairs, ...(page > 1 ? [['page', String(page)] as [string, string]] : [])]),
    pages: pageLinks(page, pageCount, pageHref),
    // A national catalogue's agencies are typed, not offered in one choice of thousands (1 MB of the page).
    agencyTyped: trend.agencies.length > PLACE_LIST_MAX,
    agencyMatches: choice.matches && {
      ...choice.matches,
      links: choice.matches.places.map((a) => ({ name: a.name, href: withParams('/coverage/trend', [...base, ['agency', a.slug], ...sortPairs]) })),
    },
    pageAgencies: onPage(trend.agencies),
    changeRange: rangeOf(sorted),
    agencyRange: rangeOf(trend.agencies),
    portalPoints: trend.points.map((p) => ({ ...p, cells: portalCells(p.procedures, null, t, locale).slice(0, 8) })),
    // The same columns for the agencies added up (a procedure carried by several agencies counted at each).
    sumPoints: trend.points.map((p) => ({ ...p, cells: portalCells(p.province, null, t, locale).slice(0, 8) })),
    // Each row's cells are shaped when the template prints it (a getter), in the turn that prints the row.
    changeRows: changeRows.map((row) => ({ name: row.agency!.name, row, get cells() { return portalCells(row, null, t, locale).slice(5); } })),
    changeTotals: trend.changes
      ? [
          { name: t.coverage.table.agenciesSum, cells: portalCells(trend.changes.total, null, t, locale).slice(5) },
          { name: t.coverage.table.province, cells: portalCells(trend.changes.province, null, t, locale).slice(5) },
        ]
      : [],
    changeReasons: trend.changes ? changeReasons([...changeRows, trend.changes.total, trend.changes.province], t, locale) : [],
    changeDates: trend.changes ? changeDates(trend.changes.date) : null,
    trendSort: (key: SortKey) => {
      const active = order.sort === key;
      const direction = active ? (order.direction === 'asc' ? 'desc' : 'asc') : key === 'changeQuarter' || key === 'changeYear' || key === 'agency' ? 'asc' : 'desc';
      const pairs: [string, string][] = [...base, ...(agency ? [['agency', agency.slug] as [string, string]] : []), ['sort', key], ['dir', direction]];
      return { href: `${withParams('/coverage/trend', pairs)}#trend-changes`, ariaSort: active ? (order.direction === 'asc' ? 'ascending' : 'descending') : 'none' };
    },
    formatDecimal: (n: number) => formatDecimal(n, locale),
    sinceLabel: (date: string) => sinceLabel(date, t),
    tiers: tierChoices(trend.options.tiers, trend.scope.tiers),
    targetText: (target: AppliedTarget) => targetText(target, t, locale),
    updating: trend.stale,
    navCurrent: 'trend',
  };
}

/**
 * Agencies per page of the quarterly report: a report is read and printed whole, and no province has this many
 * (the sample 36, the largest some hundreds); a country's 7,646 make sixteen pages, the workbook all of them.
 */
export const REPORT_AGENCIES_PER_PAGE = 500;

export function reportPage(
  report: QuarterReport,
  shownChanges: Record<ListedChange, OfferingChange[]>,
  letter: ReportLetter,
  problems: QueryProblem[],
  locals: PageLocals,
  requestedPage = 1,
) {
  const { t, locale } = locals;
  const { pageCount, page, of, range } = memoryPage(requestedPage, report.agencies.length, REPORT_AGENCIES_PER_PAGE);
  const agencies = of(report.agencies);
  const pageHref = (n: number) =>
    `${withParams('/coverage/report', [['quarter', quarterParam(report.quarter)], ...letterParams(letter), ...(n > 1 ? [['page', String(n)] as [string, string]] : [])])}#s1`;
  const first = report.options.historyDates[0];
  const current = quarterOf(report.today);
  // Every quarter since the first import, newest first (and the one shown, if it is earlier).
  const choices: Quarter[] = first ? quartersBetween(quarterOf(first), current).reverse() : [current];
  if (!choices.some((q) => quarterParam(q) === quarterParam(report.quarter))) choices.push(report.quarter);
  return {
    report,
    problems: problemItems(problems, t),
    quarterName: quarterLabel(report.quarter, t, 'long'),
    choices: choices.map((q) => ({ value: quarterParam(q), label: quarterLabel(q, t, 'long') })),
    quarterValue: quarterParam(report.quarter),
    targetSentence: targetSentence(report.target, report.end, t, locale),
    targetPct: report.target ? targetText(report.target, t, locale) : null,
    targetText: (target: AppliedTarget) => targetText(target, t, locale),
    ...reportFormatters(t, locale),
    portalHeaders: portalHeaders(t),
    portalRows: [
      // Each agency's cells are shaped when the template prints its row (a getter), in that row's turn.
      ...agencies.map((a) => ({ name: a.after.agency!.name, isTotal: false, before: a.before, get cells() { return portalCells(a.after, null, t, locale).slice(0, 8); } })),
      { name: t.coverage.table.agenciesSum, isTotal: true, before: report.province.before, cells: portalCells(report.province.after, null, t, locale).slice(0, 8) },
      { name: t.coverage.table.province, isTotal: true, before: report.procedures.before, cells: portalCells(report.procedures.after, null, t, locale).slice(0, 8) },
    ],
    portalAfter: [...agencies.map((a) => a.after), report.province.after, report.procedures.after],
    agencies,
    pages: pageLinks(page, pageCount, pageHref),
    agencyRange: range(report.agencies),
    gaps: report.gaps.slice(0, REPORT_CHANGES_SHOWN),
    changesShown: REPORT_CHANGES_SHOWN,
    shownChanges,
    indicator: INDICATOR_766,
    letter,
    letterFields: LETTER_FIELDS,
    letterMax: LETTER_MAX_CHARS,
    updating: report.stale,
    navCurrent: 'report',
  };
}
