/**
 * The dashboard's table as JSON, CSV and .xlsx, and the quarterly report's table by agency as CSV and .xlsx. JSON carries
 * shares 0–100 at full precision (null where the denominator is 0); the CSVs are for spreadsheets: UTF-8
 * with BOM, Vietnamese headers, formula-safe text.
 */
import { stringify } from 'csv-stringify/sync';
import { formulaSafe } from '../../imports/csv-safe';
import { fill } from '../format';
import { messagesFor } from '../i18n';
import type { CoverageRow } from '../services/coverage-rates';
import type { ChangeList, Dashboard, OfferingChange, QuarterReport } from '../services/coverage-service';
import { quarterParam } from '../../domain/quarters';
import type { XlsxColumn, XlsxFormat, XlsxSheet, XlsxValue } from '../http/xlsx-download';
import { changeInPoints } from '../../domain/online-measures';
import type { CsvStyle } from './coverage-query';
import { nextTurn, timeSlices } from '../services/turns';

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

/** The National Portal's columns of a row (Nghị định 42/2022/NĐ-CP): toàn trình is level 4, một phần level 3. */
function portalFigures(row: CoverageRow) {
  return {
    total: row.total,
    eligible: row.eligible,
    fullyOnline: row.level4,
    partlyOnline: row.byLevel[3],
    notOnline: row.notOnline,
    fullOfEligiblePct: row.level4EligiblePct,
    fullOfAllPct: row.level4Pct,
    indicator766: row.indicator766,
    changeSinceQuarter: row.change?.quarter.points ?? null,
    changeSinceYear: row.change?.year.points ?? null,
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
    /** The agencies added up: each agency's procedures once per agency. */
    total: figures(dashboard.total),
    agencies: dashboard.rows.map((row) => ({ agency: row.agency!.name, agencySlug: row.agency!.slug, ...figures(row) })),
    /** The National Portal's measures, per agency (the same order), the agencies added up, and the province. */
    portal: {
      agencies: dashboard.rows.map((row) => ({ agency: row.agency!.name, agencySlug: row.agency!.slug, ...portalFigures(row) })),
      agenciesSum: portalFigures(dashboard.total),
      /** As the National Portal counts it: each procedure once, at the best level any agency provides it. */
      province: { ...portalFigures(dashboard.province), level3Plus: dashboard.province.level3Plus, level3PlusPct: dashboard.province.level3PlusPct },
      changeBasis: dashboard.changeBasis,
    },
  };
}

/** A column of a table that is downloaded as CSV and as .xlsx: its header, its kind, and its value per row. */
interface TableColumn<R> {
  header: string;
  format: XlsxFormat;
  value: (row: R) => XlsxValue;
  /** How the CSV writes a number, when not as the format says (the target: "30", not "30.00"). */
  csvNumber?: (value: number) => string;
}

/**
 * A table: its columns, and its rows' values a batch at a time, in slices of time (a national dashboard's
 * 7,646 agencies by 34 columns held the loop for 400 ms as one piece of work).
 */
export interface DownloadTable {
  sheet: string;
  columns: XlsxColumn[];
  batches(): AsyncIterable<XlsxValue[][]>;
  /**
   * As CSV: for Excel set to Vietnamese ('vi': semicolons, decimal commas "27,78", dates dd/mm/yyyy), or for
   * other programs ('plain': commas, decimal points "27.78", dates YYYY-MM-DD).
   */
  csv(style: CsvStyle): Promise<string>;
}

/** Rows a table's values are handed on (and a CSV written) at a time: a few milliseconds for the widest. */
const ROWS_A_BATCH = 100;

/**
 * A CSV cell. Numbers carry no thousands separator, so that no spreadsheet reads "1.234" as a decimal; a
 * share has two decimals ("27,78" for Excel set to Vietnamese, whose decimal mark is the comma and list
 * separator the semicolon; "27.78" plain), never mistaken for a day and month. The workbook stores the
 * share itself, as a percent.
 */
function csvCell(value: XlsxValue, column: TableColumn<never>, style: CsvStyle): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    const digits = column.format === 'share' || column.format === 'points' ? 2 : column.format === 'decimal' ? 1 : null;
    const text = column.csvNumber ? column.csvNumber(value) : digits === null ? String(value) : value.toFixed(digits);
    return style === 'vi' ? text.replace('.', ',') : text;
  }
  if (column.format === 'date' && style === 'vi') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  return column.format === 'text' ? formulaSafe(value) : value;
}

function table<R>(sheet: string, columns: TableColumn<R>[], rows: R[]): DownloadTable {
  async function* batches(): AsyncIterable<XlsxValue[][]> {
    // A turn before the first row, then whenever a slice of time has passed (what is done with a batch counts).
    await nextTurn();
    const slice = timeSlices();
    let batch: XlsxValue[][] = [];
    for (const row of rows) {
      await slice();
      batch.push(columns.map((c) => c.value(row)));
      if (batch.length === ROWS_A_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return {
    sheet,
    columns: columns.map((c) => ({ header: c.header, format: c.format })),
    batches,
    async csv(style) {
      // For a spreadsheet: a BOM so that it reads UTF-8, CRLF line ends, the delimiter its locale expects.
      const options = { record_delimiter: '\r\n', delimiter: style === 'vi' ? ';' : ',' };
      const parts = ['\ufeff', stringify([columns.map((c) => c.header)], options)];
      for await (const batch of batches()) parts.push(stringify(batch.map((v) => v.map((cell, i) => csvCell(cell, columns[i] as TableColumn<never>, style))), options));
      return parts.join('');
    },
  };
}

/** The National Portal's columns of a row, its toàn trình shares and the 766 points, for any table. */
function portalColumns<R>(row: (r: R) => CoverageRow | null, header: (column: string) => string = (c) => c): TableColumn<R>[] {
  const c = messagesFor('vi').coverage;
  const p = c.portal;
  const col = c.columns;
  const count = (h: string, get: (r: CoverageRow) => number): TableColumn<R> => ({ header: header(h), format: 'integer', value: (r) => { const x = row(r); return x ? get(x) : null; } });
  const share = (h: string, get: (r: CoverageRow) => number | null, format: XlsxFormat = 'share'): TableColumn<R> => ({ header: header(h), format, value: (r) => { const x = row(r); return x ? get(x) : null; } });
  return [
    count(p.total, (x) => x.total),
    count(p.eligible, (x) => x.eligible),
    count(p.full, (x) => x.level4),
    count(p.partial, (x) => x.byLevel[3]),
    count(p.none, (x) => x.notOnline),
    share(col.fullOfEligiblePct, (x) => x.level4EligiblePct),
    share(col.fullOfAllPct, (x) => x.level4Pct),
    share(col.indicator766, (x) => x.indicator766, 'decimal'),
  ];
}

const plain = (value: number): string => String(value);

export function coverageTable(dashboard: Dashboard): DownloadTable {
  const c = messagesFor('vi').coverage;
  const col = c.columns;
  type Row = { name: string; row: CoverageRow };
  const target = dashboard.target;
  const columns: TableColumn<Row>[] = [
    { header: col.agency, format: 'text', value: (r) => r.name },
    // The National Portal's measures first, as on the page; then the 2011 levels.
    ...portalColumns<Row>((r) => r.row),
    { header: col.fullChangeQuarter, format: 'points', value: (r) => r.row.change?.quarter.points ?? null },
    { header: col.fullChangeYear, format: 'points', value: (r) => r.row.change?.year.points ?? null },
    { header: col.total, format: 'integer', value: (r) => r.row.total },
    { header: col.level1, format: 'integer', value: (r) => r.row.byLevel[1] },
    { header: col.level2, format: 'integer', value: (r) => r.row.byLevel[2] },
    { header: col.level3, format: 'integer', value: (r) => r.row.byLevel[3] },
    { header: col.level4, format: 'integer', value: (r) => r.row.byLevel[4] },
    { header: col.level4Pct, format: 'share', value: (r) => r.row.level4Pct },
    { header: col.level3Plus, format: 'integer', value: (r) => r.row.level3Plus },
    { header: col.level3PlusPct, format: 'share', value: (r) => r.row.level3PlusPct },
    { header: col.portalIntegrated, format: 'integer', value: (r) => r.row.portalIntegrated },
    { header: col.portalIntegratedPct, format: 'share', value: (r) => r.row.portalIntegratedPct },
    { header: col.qd411Listed, format: 'integer', value: (r) => r.row.qd411Listed },
    { header: col.qd411Integrated, format: 'integer', value: (r) => r.row.qd411Integrated },
    { header: col.qd411IntegratedPct, format: 'share', value: (r) => r.row.qd411IntegratedPct },
    { header: col.eligible, format: 'integer', value: (r) => r.row.eligible },
    { header: col.level4Eligible, format: 'integer', value: (r) => r.row.level4Eligible },
    { header: col.level4EligiblePct, format: 'share', value: (r) => r.row.level4EligiblePct },
    { header: col.target, format: 'share', value: () => (target ? target.level4Pct : null), csvNumber: plain },
    { header: col.targetBasis, format: 'text', value: () => (target ? c.target.basisName[target.basis] : null) },
    { header: col.meetsTarget, format: 'text', value: (r) => (r.row.meetsTarget === null ? null : r.row.meetsTarget ? c.target.meets : c.target.below) },
    { header: col.level4Needed, format: 'integer', value: (r) => r.row.level4Needed },
    { header: col.asOf, format: 'date', value: () => dashboard.asOf },
  ];
  // The agencies added up (offerings), then the province as the National Portal counts it (each procedure once).
  const rows: Row[] = [
    ...dashboard.rows.map((row) => ({ name: row.agency!.name, row })),
    { name: c.table.agenciesSum, row: dashboard.total },
    { name: c.table.province, row: dashboard.province },
  ];
  return table(c.exports.sheet, columns, rows);
}

export function coverageCsv(dashboard: Dashboard, style: CsvStyle = 'vi'): Promise<string> {
  return coverageTable(dashboard).csv(style);
}

/**
 * The quarterly report's table by agency, with the figures at the start and at the end of the quarter side
 * by side, and the province last: what a manager pastes into the quarter's written report.
 */
export function reportTable(report: QuarterReport): DownloadTable {
  const c = messagesFor('vi').coverage;
  const col = c.columns;
  const x = c.report.csv;
  const atStart = (column: string): string => fill(x.atStart, { column });
  const atEnd = (column: string): string => fill(x.atEnd, { column });
  const target = report.target;
  type Row = { name: string; before: CoverageRow | null; after: CoverageRow };
  const columns: TableColumn<Row>[] = [
    { header: col.agency, format: 'text', value: (r) => r.name },
    { header: x.quarter, format: 'text', value: () => quarterParam(report.quarter) },
    { header: x.startDate, format: 'date', value: () => report.previousEnd },
    { header: x.endDate, format: 'date', value: () => report.end },
    // The National Portal's measures at the end of the quarter, and the change of the toàn trình share of eligible.
    ...portalColumns<Row>((r) => r.after, atEnd),
    {
      header: x.fullChange,
      format: 'points',
      value: (r) => (r.before && r.before.level4EligiblePct !== null && r.after.level4EligiblePct !== null ? changeInPoints(r.before.level4EligiblePct, r.after.level4EligiblePct) : null),
    },
    { header: atStart(col.total), format: 'integer', value: (r) => r.before?.total ?? null },
    { header: atEnd(col.total), format: 'integer', value: (r) => r.after.total },
    { header: atEnd(col.level3Plus), format: 'integer', value: (r) => r.after.level3Plus },
    { header: atEnd(col.level3PlusPct), format: 'share', value: (r) => r.after.level3PlusPct },
    { header: atStart(col.level4), format: 'integer', value: (r) => r.before?.level4 ?? null },
    { header: atStart(col.level4Pct), format: 'share', value: (r) => r.before?.level4Pct ?? null },
    { header: atEnd(col.level4), format: 'integer', value: (r) => r.after.level4 },
    { header: atEnd(col.level4Pct), format: 'share', value: (r) => r.after.level4Pct },
    {
      header: x.level4Change,
      format: 'points',
      value: (r) => (r.before && r.before.level4Pct !== null && r.after.level4Pct !== null ? r.after.level4Pct - r.before.level4Pct : null),
    },
    { header: atEnd(col.portalIntegrated), format: 'integer', value: (r) => r.after.portalIntegrated },
    { header: atEnd(col.portalIntegratedPct), format: 'share', value: (r) => r.after.portalIntegratedPct },
    { header: atEnd(col.eligible), format: 'integer', value: (r) => r.after.eligible },
    { header: atEnd(col.level4Eligible), format: 'integer', value: (r) => r.after.level4Eligible },
    { header: atEnd(col.level4EligiblePct), format: 'share', value: (r) => r.after.level4EligiblePct },
    { header: col.target, format: 'share', value: () => (target ? target.level4Pct : null), csvNumber: plain },
    { header: col.targetBasis, format: 'text', value: () => (target ? c.target.basisName[target.basis] : null) },
    { header: atEnd(col.meetsTarget), format: 'text', value: (r) => (r.after.meetsTarget === null ? null : r.after.meetsTarget ? c.target.meets : c.target.below) },
    { header: atEnd(col.level4Needed), format: 'integer', value: (r) => r.after.level4Needed },
    { header: x.newAgency, format: 'text', value: (r) => (r.before ? null : x.yes) },
  ];
  const rows: Row[] = [
    ...report.agencies.map((a) => ({ name: a.after.agency!.name, before: a.before, after: a.after })),
    { name: c.table.agenciesSum, before: report.province.before, after: report.province.after },
    { name: c.table.province, before: report.procedures.before, after: report.procedures.after },
  ];
  return table(fill(x.sheet, { quarter: quarterParam(report.quarter) }), columns, rows);
}

export function reportCsv(report: QuarterReport, style: CsvStyle = 'vi'): Promise<string> {
  return reportTable(report).csv(style);
}

/**
 * Every table of the quarterly report, one sheet each: the table by agency (first, as before), the province's
 * figures at the start and end, the offerings that reached level 4, were newly integrated or were withdrawn, and
 * the agencies below the target. Counts and shares are numbers; a start the history does not reach is empty.
 */
/** Changes a workbook's sheet reads from its list at a time (their offerings described in one query). */
const CHANGES_A_BATCH = 500;

export function reportSheets(report: QuarterReport): XlsxSheet[] {
  const c = messagesFor('vi').coverage;
  const rp = c.report;
  const x = rp.csv;
  const hasStart = report.province.before.total > 0;
  type Indicator = { name: string; count: (r: CoverageRow) => number; share: (r: CoverageRow) => number | null };
  const indicators: Indicator[] = [
    { name: rp.total, count: (r) => r.total, share: () => null },
    { name: rp.level3Plus, count: (r) => r.level3Plus, share: (r) => r.level3PlusPct },
    { name: rp.level4, count: (r) => r.level4, share: (r) => r.level4Pct },
    { name: rp.portal, count: (r) => r.portalIntegrated, share: (r) => r.portalIntegratedPct },
    { name: rp.qd411Integrated, count: (r) => r.qd411Integrated, share: (r) => r.qd411IntegratedPct },
    { name: c.columns.level4Eligible, count: (r) => r.level4Eligible, share: (r) => r.level4EligiblePct },
  ];
  /** The indicators at the start and end of the quarter, for the province (each procedure once) or the agencies added up. */
  const indicatorSheet = (sheet: string, p: { before: CoverageRow; after: CoverageRow }) => {
    const change = (i: Indicator): number | null => {
      if (!hasStart) return null;
      const before = i.share(p.before);
      const after = i.share(p.after);
      return before === null || after === null ? null : after - before;
    };
    return table<Indicator>(sheet, [
      { header: rp.indicator, format: 'text', value: (i) => i.name },
      { header: x.startCount, format: 'integer', value: (i) => (hasStart ? i.count(p.before) : null) },
      { header: x.startShare, format: 'share', value: (i) => (hasStart ? i.share(p.before) : null) },
      { header: x.endCount, format: 'integer', value: (i) => i.count(p.after) },
      { header: x.endShare, format: 'share', value: (i) => i.share(p.after) },
      { header: x.changePoints, format: 'points', value: change },
    ], indicators);
  };

  const stateText = (ch: OfferingChange, kind: 'level' | 'integrated'): string =>
    ch.before.status === 'withdrawn' ? rp.withdrawnState : kind === 'integrated' ? rp.notIntegrated : fill(rp.levelN, { n: String(ch.before.level) });
  // A national quarter lists a quarter of a million changes: each sheet reads its list a batch at a time.
  const changes = (name: string, list: ChangeList, kind: 'level' | 'integrated'): XlsxSheet => {
    const columns: TableColumn<OfferingChange>[] = [
      { header: rp.agency, format: 'text', value: (ch) => ch.agency.name },
      { header: rp.code, format: 'text', value: (ch) => ch.offering.code },
      { header: rp.name, format: 'text', value: (ch) => ch.offering.name },
      { header: rp.before, format: 'text', value: (ch) => stateText(ch, kind) },
      { header: rp.since, format: 'date', value: (ch) => ch.date },
    ];
    async function* batches() {
      for (let from = 0; from < list.length; from += CHANGES_A_BATCH) {
        yield (await list.read(from, from + CHANGES_A_BATCH)).map((ch) => columns.map((c) => c.value(ch)));
      }
    }
    return { name, columns: columns.map((c) => ({ header: c.header, format: c.format })), batches: batches() };
  };
  const whole = (t: DownloadTable): XlsxSheet => ({ name: t.sheet, columns: t.columns, batches: t.batches() });

  const gaps = table<CoverageRow>(x.sheetGaps, [
    { header: rp.agency, format: 'text', value: (g) => g.agency!.name },
    { header: c.columns.total, format: 'integer', value: (g) => g.total },
    { header: c.columns.level4, format: 'integer', value: (g) => g.level4 },
    { header: c.columns.level4Pct, format: 'share', value: (g) => g.level4Pct },
    { header: rp.candidates, format: 'integer', value: (g) => g.total - g.level4 },
    { header: c.columns.level4Needed, format: 'integer', value: (g) => g.level4Needed },
  ], report.gaps);

  return [
    whole(reportTable(report)),
    whole(indicatorSheet(x.sheetProvince, report.procedures)),
    whole(indicatorSheet(x.sheetSum, report.province)),
    changes(x.sheetReached, report.changes.reachedLevel4, 'level'),
    changes(x.sheetIntegrated, report.changes.newlyIntegrated, 'integrated'),
    changes(x.sheetWithdrawn, report.changes.withdrawn, 'level'),
    whole(gaps),
  ];
}
