/**
 * What each coverage page shows, from the service's figures: the view models its template prints. Kept
 * apart from the routes (which only read the request and choose the status) and from the templates (which
 * only print).
 */
import type { Locale, Messages } from '../i18n';
import { barChart, type BarItem } from '../charts';
import { TIERS } from '../domain/tiers';
import { fill, formatNumber, formatPercent } from '../format';
import type { CoverageRow, SortKey } from '../services/coverage-rates';
import type { Dashboard } from '../services/coverage-service';
import { countLink, type CountKey } from './coverage-links';
import type { QueryProblem } from './coverage-query';
import {
  dashboardParams,
  problemItems,
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

/** The bar chart: the province, then every agency by level-4 share, coloured by whether it meets the target. */
function dashboardChart(dashboard: Dashboard, { t, locale }: PageLocals) {
  const kind = (meets: boolean | null): BarItem['kind'] => (meets === null ? 'neutral' : meets ? 'meets' : 'below');
  const bar = (label: string, row: CoverageRow, k: BarItem['kind']): BarItem => ({
    label,
    value: row.level4Pct ?? 0,
    valueText: formatPercent(row.level4Pct, locale),
    kind: k,
  });
  const byShare = [...dashboard.rows].sort((a, b) => (b.level4Pct ?? -1) - (a.level4Pct ?? -1));
  const target = dashboard.target && {
    value: dashboard.target.level4Pct,
    label: fill(t.coverage.chart.targetLabel, { pct: targetText(dashboard.target.level4Pct, locale) }),
  };
  return barChart([bar(t.coverage.table.province, dashboard.total, 'total'), ...byShare.map((r) => bar(r.agency!.name, r, kind(r.meetsTarget)))], target);
}

export function dashboardPage(dashboard: Dashboard, state: DashboardState, problems: QueryProblem[], locals: PageLocals, today: string) {
  const { t, locale } = locals;
  // Today's counts link to the catalogue list of exactly those offerings; a past date's cannot.
  const link = dashboard.historical ? null : (row: CoverageRow, key: CountKey) => countLink(dashboard.scope, row, key);
  const cells = (row: CoverageRow) =>
    tableCells(row, link, (n) => formatNumber(n, locale), (n) => formatPercent(n, locale));
  const params = dashboardParams(state);
  return {
    dashboard,
    state,
    problems: problemItems(problems, t),
    chart: dashboardChart(dashboard, locals),
    meeting: dashboard.rows.filter((r) => r.meetsTarget === true).length,
    below: dashboard.rows.filter((r) => r.meetsTarget === false).length,
    targetSentence: targetSentence(dashboard.target, dashboard.asOf, t, locale),
    targetPct: dashboard.target ? targetText(dashboard.target.level4Pct, locale) : null,
    scopeText: scopeText(dashboard.scope, dashboard.options.fields, t),
    tableRows: dashboard.rows.map((row) => ({ name: row.agency!.name, isTotal: false, cells: cells(row) })),
    totalRow: { name: t.coverage.table.province, isTotal: true, cells: cells(dashboard.total) },
    subheaders: subheaders(t),
    sortHeader: (key: SortKey) => sortHeader(state, key),
    // The form keeps the sort (the filters are its own fields).
    sortParams: dashboardParams({ ...state, scope: { tiers: [], fields: [] }, at: null }),
    link: link !== null,
    csvUrl: withParams('/coverage.csv', params),
    jsonUrl: withParams('/api/coverage', params),
    tiers: TIERS,
    today,
    navCurrent: 'coverage',
  };
}
