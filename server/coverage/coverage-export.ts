/**
 * The dashboard's table as JSON and as CSV, and the quarterly report's table by agency as CSV. JSON carries
 * shares 0–100 at full precision (null where the denominator is 0); the CSVs are for spreadsheets: UTF-8
 * with BOM, Vietnamese headers, formula-safe text.
 */
import { stringify } from 'csv-stringify/sync';
import { formulaSafe } from '../../imports/csv-safe';
import { fill } from '../format';
import { messagesFor } from '../i18n';
import type { CoverageRow } from '../services/coverage-rates';
import type { Dashboard, QuarterReport } from '../services/coverage-service';
import { quarterParam } from '../../domain/quarters';

function figures(row: CoverageRow) {
  return {
    total: row.total,
    byLevel: { '1': row.byLevel[1], '2': row.byLevel[2], '3': row.byLevel[3], '4': row.byLevel[4] },
    level4: row.level4,
    level4Pct: row.level4Pct,
    level3Plus: row.level3Plus,
    level3PlusPct: row.level3PlusPct,
    portalIntegrated: row.portalIntegrated,
    portalIntegratedPct: row.portalIntegratedPct,
    qd411Listed: row.qd411Listed,
    qd411Integrated: row.qd411Integrated,
    qd411IntegratedPct: row.qd411IntegratedPct,
    eligible: row.eligible,
    level4Eligible: row.level4Eligible,
    level4EligiblePct: row.level4EligiblePct,
    meetsTarget: row.meetsTarget,
    level4Needed: row.level4Needed,
  };
}

export function coverageJson(dashboard: Dashboard) {
  return {
    asOf: dashboard.asOf,
    historical: dashboard.historical,
    filters: { tier: dashboard.scope.tiers, field: dashboard.scope.fields },
    target: dashboard.target && {
      year: dashboard.target.year,
      level4Pct: dashboard.target.level4Pct,
      basis: dashboard.target.basis,
      note: dashboard.target.note,
      appliesToYear: dashboard.target.forYear,
    },
    total: figures(dashboard.total),
    agencies: dashboard.rows.map((row) => ({ agency: row.agency!.name, agencySlug: row.agency!.slug, ...figures(row) })),
  };
}

/**
 * A share with two decimals and a decimal point ("27.78"): a number to any spreadsheet set to English,
 * and never mistaken for a day and month (as "12.5" can be) by one set to Vietnamese.
 */
function csvShare(value: number | null): string {
  return value === null ? '' : value.toFixed(2);
}

export function coverageCsv(dashboard: Dashboard): string {
  const c = messagesFor('vi').coverage;
  const col = c.columns;
  const header = [
    col.agency, col.total, col.level1, col.level2, col.level3, col.level4, col.level4Pct, col.level3Plus, col.level3PlusPct,
    col.portalIntegrated, col.portalIntegratedPct, col.qd411Listed, col.qd411Integrated, col.qd411IntegratedPct,
    col.eligible, col.level4Eligible, col.level4EligiblePct, col.target, col.targetBasis, col.meetsTarget, col.level4Needed, col.asOf,
  ];
  const line = (name: string, row: CoverageRow): string[] => [
    formulaSafe(name),
    String(row.total),
    String(row.byLevel[1]),
    String(row.byLevel[2]),
    String(row.byLevel[3]),
    String(row.byLevel[4]),
    csvShare(row.level4Pct),
    String(row.level3Plus),
    csvShare(row.level3PlusPct),
    String(row.portalIntegrated),
    csvShare(row.portalIntegratedPct),
    String(row.qd411Listed),
    String(row.qd411Integrated),
    csvShare(row.qd411IntegratedPct),
    String(row.eligible),
    String(row.level4Eligible),
    csvShare(row.level4EligiblePct),
    dashboard.target ? String(dashboard.target.level4Pct) : '',
    dashboard.target ? c.target.basisName[dashboard.target.basis] : '',
    row.meetsTarget === null ? '' : row.meetsTarget ? c.target.meets : c.target.below,
    row.level4Needed === null ? '' : String(row.level4Needed),
    dashboard.asOf,
  ];
  const rows = [header, ...dashboard.rows.map((row) => line(row.agency!.name, row)), line(c.table.province, dashboard.total)];
  return spreadsheet(rows);
}

/** CSV for Excel: a BOM so that it reads UTF-8, CRLF line ends. */
function spreadsheet(rows: string[][]): string {
  return `\ufeff${stringify(rows, { record_delimiter: '\r\n' })}`;
}

/**
 * The quarterly report's table by agency, with the figures at the start and at the end of the quarter side
 * by side, and the province last: what a manager pastes into the quarter's written report.
 */
export function reportCsv(report: QuarterReport): string {
  const c = messagesFor('vi').coverage;
  const col = c.columns;
  const x = c.report.csv;
  const atStart = (column: string): string => fill(x.atStart, { column });
  const atEnd = (column: string): string => fill(x.atEnd, { column });
  const header = [
    col.agency, x.quarter, x.startDate, x.endDate,
    atStart(col.total), atEnd(col.total), atEnd(col.level3Plus), atEnd(col.level3PlusPct),
    atStart(col.level4), atStart(col.level4Pct), atEnd(col.level4), atEnd(col.level4Pct), x.level4Change,
    atEnd(col.portalIntegrated), atEnd(col.portalIntegratedPct),
    atEnd(col.eligible), atEnd(col.level4Eligible), atEnd(col.level4EligiblePct),
    col.target, col.targetBasis, atEnd(col.meetsTarget), atEnd(col.level4Needed), x.newAgency,
  ];
  const target = report.target;
  const line = (name: string, before: CoverageRow | null, after: CoverageRow): string[] => [
    formulaSafe(name),
    quarterParam(report.quarter),
    report.previousEnd,
    report.end,
    before ? String(before.total) : '',
    String(after.total),
    String(after.level3Plus),
    csvShare(after.level3PlusPct),
    before ? String(before.level4) : '',
    before ? csvShare(before.level4Pct) : '',
    String(after.level4),
    csvShare(after.level4Pct),
    before && before.level4Pct !== null && after.level4Pct !== null ? (after.level4Pct - before.level4Pct).toFixed(2) : '',
    String(after.portalIntegrated),
    csvShare(after.portalIntegratedPct),
    String(after.eligible),
    String(after.level4Eligible),
    csvShare(after.level4EligiblePct),
    target ? String(target.level4Pct) : '',
    target ? c.target.basisName[target.basis] : '',
    after.meetsTarget === null ? '' : after.meetsTarget ? c.target.meets : c.target.below,
    after.level4Needed === null ? '' : String(after.level4Needed),
    before ? '' : x.yes,
  ];
  const rows = [
    header,
    ...report.agencies.map((a) => line(a.after.agency!.name, a.before, a.after)),
    line(c.table.province, report.province.before, report.province.after),
  ];
  return spreadsheet(rows);
}
