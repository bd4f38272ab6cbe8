/**
 * The quarterly report as a Word document (.docx), laid out as Nghị định 30/2020/NĐ-CP (Phụ lục I) sets out an
 * administrative document: A4, Times New Roman; the issuing body and the national heading side by side; the
 * number and symbol; the place and date; the title; "Kính gửi"; the sections of the reporting outline with the
 * computed parts filled and the rest left as marked places to write; the tables; "Nơi nhận" and the signature.
 * An official document is written in Vietnamese, whatever the page's language.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import { fill, formatDate, formatNumber, formatPercent } from '../format';
import { messagesFor } from '../i18n';
import type { CoverageRow } from '../services/coverage-rates';
import type { QuarterReport } from '../services/coverage-service';
import { formatDecimal, quarterLabel, reportFormatters, targetSentence, targetText } from './coverage-view';
import { INDICATOR_766 } from '../../domain/online-measures';
import { DOC } from './report-document-text';
import type { ReportLetter } from './report-letter';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Twips (1/20 pt): A4, and the margins Nghị định 30 asks for (top, bottom 20–25 mm; left 30–35; right 15–20). */
const MM = 56.7;
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** Font sizes in half-points. */
const SIZE = { body: 28, heading: 26, nation: 24, table: 22, small: 22, recipients: 24 };

type Runs = ConstructorParameters<typeof TextRun>[0];

function para(text: string | TextRun[], options: Omit<IParagraphOptions, 'children'> = {}, run: Exclude<Runs, string> = {}): Paragraph {
  const children = typeof text === 'string' ? [new TextRun({ text, ...run })] : text;
  return new Paragraph({ ...options, children });
}

/** A body paragraph: justified, the first line indented, as the decree's body text is. */
function body(text: string | TextRun[]): Paragraph {
  return para(text, { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 720 }, spacing: { after: 120, line: 312 } });
}

function heading(text: string, level: 1 | 2): Paragraph {
  return para(text, { indent: { firstLine: 720 }, spacing: { before: level === 1 ? 200 : 120, after: 120 }, keepNext: true }, { bold: true });
}

/** A place for the writer to fill in: bracketed, highlighted, so that it is not sent as it is. */
function toWrite(text: string): Paragraph {
  return body([new TextRun({ text: `[${text}]`, italics: true, highlight: 'yellow' })]);
}

/** A short centred line under a heading (the issuing body, the motto, the title): `share` of `width` twips. */
function rule(share: number, width: number): Paragraph {
  const side = Math.round(((1 - share) / 2) * width);
  return new Paragraph({
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    indent: { left: side, right: side },
    spacing: { after: 120 },
    children: [],
  });
}

/** Space after a table, before the text goes on. */
const afterTable = (): Paragraph => new Paragraph({ spacing: { after: 120 }, children: [] });

function cell(children: Paragraph[], width: number, options: { shade?: boolean; span?: number } = {}): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    columnSpan: options.span,
    verticalAlign: VerticalAlign.CENTER,
    shading: options.shade ? { fill: 'EDEDED' } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

interface Column {
  header: string;
  /** Share of the text width. */
  width: number;
  numeric?: boolean;
}

/** A data table: a header row repeated on every page, numbers right-aligned; `bold` rows (the province) in bold. */
function dataTable(columns: Column[], rows: { cells: string[]; bold?: boolean }[]): [Table, Paragraph] {
  const widths = columns.map((c) => Math.round(c.width * TEXT_WIDTH));
  const text = (value: string, numeric: boolean | undefined, bold: boolean) =>
    para(value, { alignment: numeric ? AlignmentType.RIGHT : AlignmentType.LEFT }, { size: SIZE.table, bold });
  const table = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((c, i) => cell([para(c.header, { alignment: AlignmentType.CENTER }, { size: SIZE.table, bold: true })], widths[i], { shade: true })),
      }),
      ...rows.map(
        (r) => new TableRow({ cantSplit: true, children: r.cells.map((v, i) => cell([text(v, columns[i].numeric, r.bold === true)], widths[i])) }),
      ),
    ],
  });
  return [table, afterTable()];
}

/** Two columns without borders: the heading block and the signature block. */
function sideBySide(left: Paragraph[], right: Paragraph[], leftShare: number): Table {
  const widths = [Math.round(leftShare * TEXT_WIDTH), TEXT_WIDTH - Math.round(leftShare * TEXT_WIDTH)];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: [left, right].map(
          (children, i) => new TableCell({ children, width: { size: widths[i], type: WidthType.DXA }, borders: TableBorders.NONE }),
        ),
      }),
    ],
  });
}

/** The heading block's columns: the issuing body, then the national heading (which must fit on one line). */
const HEADING_LEFT = 0.37;

function headingBlock(letter: ReportLetter): Table {
  const centred = { alignment: AlignmentType.CENTER };
  const leftWidth = HEADING_LEFT * TEXT_WIDTH;
  const left = [
    ...(letter.parent ? [para(letter.parent.toLocaleUpperCase('vi'), centred, { size: SIZE.heading })] : []),
    para(letter.issuer ? letter.issuer.toLocaleUpperCase('vi') : `[${DOC.issuerMissing}]`, centred, { size: SIZE.heading, bold: true }),
    rule(0.35, leftWidth),
    para(fill(DOC.number, { symbol: letter.symbol || '…' }), centred, { size: SIZE.heading }),
  ];
  const right = [
    para(DOC.nation, centred, { size: SIZE.nation, bold: true }),
    para(DOC.motto, centred, { size: SIZE.body, bold: true }),
    rule(0.55, TEXT_WIDTH - leftWidth),
    para(DOC.placeDate, centred, { size: SIZE.body, italics: true }),
  ];
  return sideBySide(left, right, HEADING_LEFT);
}

function signatureBlock(letter: ReportLetter): Table {
  const left = [
    para(DOC.recipients, {}, { size: SIZE.recipients, bold: true, italics: true }),
    para(DOC.recipientAbove, {}, { size: SIZE.small }),
    para(DOC.recipientArchive, {}, { size: SIZE.small }),
  ];
  const centred = { alignment: AlignmentType.CENTER };
  const right = [
    letter.signer
      ? para(letter.signer.toLocaleUpperCase('vi'), centred, { size: SIZE.body, bold: true })
      : para([new TextRun({ text: `[${DOC.signerMissing}]`, bold: true, highlight: 'yellow' })], centred),
    para(DOC.signHint, centred, { size: SIZE.small, italics: true }),
    para('', { spacing: { before: 1200 } }),
    para([new TextRun({ text: `[${DOC.signerName}]`, bold: true, highlight: 'yellow' })], centred),
  ];
  return sideBySide(left, right, 0.45);
}

/**
 * The National Portal's five columns at the end of the quarter, per agency, the agencies added up, and the
 * province as the Portal counts it (each procedure once), with the toàn trình shares and the 766 points.
 */
function portalSection(r: DocumentReport, t: ReturnType<typeof messagesFor>): (Paragraph | Table)[] {
  const n = (value: number) => formatNumber(value, 'vi');
  const pct = (value: number | null) => formatPercent(value, 'vi');
  const points = (row: CoverageRow) => (row.indicator766 === null ? '—' : formatDecimal(row.indicator766, 'vi'));
  const p = r.procedures.after;
  const col = DOC.portalColumns;
  const line = (name: string, row: CoverageRow, bold = false) => ({
    bold,
    cells: [name, n(row.total), n(row.eligible), n(row.level4), n(row.byLevel[3]), n(row.notOnline), pct(row.level4EligiblePct), pct(row.level4Pct), points(row)],
  });
  const pc = t.coverage.portal;
  return [
    heading(DOC.portalHeading, 2),
    body(
      fill(DOC.portalSummary, {
        total: n(p.total),
        eligible: n(p.eligible),
        full: n(p.level4),
        partial: n(p.byLevel[3]),
        none: n(p.notOnline),
        ofEligible: pct(p.level4EligiblePct),
        ofAll: pct(p.level4Pct),
        points: p.indicator766 === null ? '—' : `${formatDecimal(p.indicator766, 'vi')} / ${n(INDICATOR_766.maxPoints)}`,
      }),
    ),
    ...dataTable(
      [
        { header: t.coverage.report.agency, width: 0.17 },
        { header: col.total, width: 0.11, numeric: true },
        { header: col.eligible, width: 0.1, numeric: true },
        { header: col.full, width: 0.1, numeric: true },
        { header: col.partial, width: 0.1, numeric: true },
        { header: col.none, width: 0.1, numeric: true },
        { header: col.ofEligible, width: 0.11, numeric: true },
        { header: col.ofAll, width: 0.11, numeric: true },
        { header: col.points, width: 0.1, numeric: true },
      ],
      [
        ...r.agencies.map((a) => line(a.after.agency!.name, a.after)),
        line(t.coverage.table.agenciesSum, r.province.after),
        line(t.coverage.table.province, p, true),
      ],
    ),
    para(`${pc.provinceRule} ${pc.mapping}`, { spacing: { after: 60 } }, { size: SIZE.small, italics: true }),
    para(fill(pc.indicatorNote, { full: `${n(INDICATOR_766.fullMarksPct)}%`, max: n(INDICATOR_766.maxPoints) }), { spacing: { after: 120 } }, { size: SIZE.small, italics: true }),
  ];
}

/** "Quý III năm 2020" → "quý III năm 2020", inside a sentence (the numeral keeps its capitals). */
const lowerFirst = (text: string): string => text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);

/** A quarter's report as the document reads it: its lists of changes only counted (the document attaches them). */
export type DocumentReport = Omit<QuarterReport, 'changes' | 'options'> & {
  changes: Record<'reachedLevel4' | 'newlyIntegrated' | 'withdrawn', { length: number }> & Pick<QuarterReport['changes'], 'added'>;
};

export interface ReportDocumentInput {
  report: DocumentReport;
  letter: ReportLetter;
  /** The catalogue holds the illustrative sample: the document says it is not for reporting. */
  sample: boolean;
}

/** The document's paragraphs and tables, in reading order. */
function content({ report: r, letter, sample }: ReportDocumentInput): (Paragraph | Table)[] {
  const t = messagesFor('vi');
  const c = t.coverage;
  const rp = c.report;
  const { points, signed } = reportFormatters(t, 'vi');
  const n = (value: number) => formatNumber(value, 'vi');
  const pct = (value: number | null) => formatPercent(value, 'vi');
  const countShare = (count: number, share: number | null) => fill(rp.countAndShare, { n: n(count), pct: pct(share) });
  const quarterName = quarterLabel(r.quarter, t, 'long');
  const issuer = letter.issuer || DOC.issuerFallback;
  // The province counts each procedure once, as the National Portal does; the agencies added up are shown beside it.
  const p = r.procedures;
  const sum = r.province;
  // With no history before the quarter there is nothing to compare with: say so rather than "0 (—)".
  const hasStart = sum.before.total > 0;
  const start = (value: string) => (hasStart ? value : DOC.noStart);
  const out: (Paragraph | Table)[] = [];

  out.push(headingBlock(letter));
  out.push(para(DOC.kind, { alignment: AlignmentType.CENTER, spacing: { before: 360 } }, { bold: true, size: SIZE.body }));
  out.push(para(fill(DOC.title, { quarter: lowerFirst(quarterName) }), { alignment: AlignmentType.CENTER }, { bold: true, size: SIZE.body }));
  out.push(rule(0.25, TEXT_WIDTH));
  if (letter.to) out.push(para(fill(DOC.to, { to: letter.to }), { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 240 } }));
  if (sample) out.push(body([new TextRun({ text: rp.sample, bold: true, color: 'C00000' })]));

  out.push(body(fill(DOC.intro, { issuer, quarter: lowerFirst(quarterName) })));

  // I. Results against the target: computed.
  out.push(heading(DOC.s1, 1));
  out.push(body(`${fill(r.complete ? rp.dataDate : rp.dataDatePartial, { date: formatDate(r.end) })} ${DOC.method} ${rp.methodHistory} ${rp.methodCount}`));
  out.push(body(targetSentence(r.target, r.end, t, 'vi')));
  out.push(
    body(
      fill(DOC.summary, {
        date: formatDate(r.end),
        total: n(p.after.total),
        level4: countShare(p.after.level4, p.after.level4Pct),
        level3Plus: countShare(p.after.level3Plus, p.after.level3PlusPct),
        portal: countShare(p.after.portalIntegrated, p.after.portalIntegratedPct),
      }),
    ),
  );
  out.push(...portalSection(r, t));
  out.push(heading(rp.s1a, 2));
  out.push(body(rp.s1aNote));
  const startHeader = fill(rp.start, { date: formatDate(r.previousEnd) });
  const endHeader = fill(rp.end, { date: formatDate(r.end) });
  const meets = (m: boolean | null) => (m === null ? '' : ` — ${m ? c.target.meets : c.target.below}`);
  const indicators = (p: { before: CoverageRow; after: CoverageRow }, province: boolean) =>
    dataTable(
      [
        { header: rp.indicator, width: 0.34 },
        { header: startHeader, width: 0.23, numeric: true },
        { header: endHeader, width: 0.23, numeric: true },
        { header: rp.change, width: 0.2, numeric: true },
      ],
      [
        { cells: [rp.total, start(n(p.before.total)), n(p.after.total), hasStart ? signed(p.after.total - p.before.total) : '—'] },
        {
          cells: [rp.level3Plus, start(countShare(p.before.level3Plus, p.before.level3PlusPct)), countShare(p.after.level3Plus, p.after.level3PlusPct), points(p.before.level3PlusPct, p.after.level3PlusPct)],
        },
        { cells: [rp.level4, start(countShare(p.before.level4, p.before.level4Pct)), countShare(p.after.level4, p.after.level4Pct), points(p.before.level4Pct, p.after.level4Pct)], bold: true },
        {
          cells: [
            rp.target,
            r.startTarget && hasStart ? targetText(r.startTarget, t, 'vi') + meets(p.before.meetsTarget) : '—',
            r.target ? targetText(r.target, t, 'vi') + meets(p.after.meetsTarget) : '—',
            p.after.level4Needed ? fill(r.target?.basis === 'eligible' ? DOC.neededEligible : DOC.needed, { n: n(p.after.level4Needed) }) : '',
          ],
        },
        {
          cells: [rp.portal, start(countShare(p.before.portalIntegrated, p.before.portalIntegratedPct)), countShare(p.after.portalIntegrated, p.after.portalIntegratedPct), points(p.before.portalIntegratedPct, p.after.portalIntegratedPct)],
        },
        ...(province ? [{
          cells: [
            rp.agenciesMeeting,
            r.startTarget && hasStart ? fill(c.figures.agenciesMeetingValue, { n: n(r.meeting.before.n), total: n(r.meeting.before.of) }) : '—',
            r.target ? fill(c.figures.agenciesMeetingValue, { n: n(r.meeting.after.n), total: n(r.meeting.after.of) }) : '—',
            r.target && r.startTarget && hasStart ? signed(r.meeting.after.n - r.meeting.before.n) : '',
          ],
        }] : []),
      ],
    );
  out.push(...indicators(p, true));
  out.push(heading(rp.sumHeading, 2));
  out.push(body(rp.sumNote));
  out.push(...indicators(sum, false));

  out.push(heading(rp.s1b, 2));
  if (r.agencies.length === 0) out.push(body(rp.none));
  else {
    const agencyRow = (name: string, before: CoverageRow | null, after: CoverageRow, bold = false) => ({
      bold,
      cells: [
        name,
        n(after.total),
        countShare(after.level3Plus, after.level3PlusPct),
        countShare(after.level4, after.level4Pct),
        // An agency first listed during the quarter has no start to compare with.
        before ? points(before.level4Pct, after.level4Pct) : hasStart ? DOC.newInQuarter : '—',
        countShare(after.portalIntegrated, after.portalIntegratedPct),
        after.meetsTarget === null ? '—' : after.meetsTarget ? c.target.meets : c.target.below,
      ],
    });
    out.push(
      ...dataTable(
        [
          { header: rp.agency, width: 0.23 },
          { header: c.table.total, width: 0.08, numeric: true },
          { header: rp.level3Plus, width: 0.14, numeric: true },
          { header: rp.level4, width: 0.14, numeric: true },
          { header: rp.level4Change, width: 0.16, numeric: true },
          { header: rp.portal, width: 0.14, numeric: true },
          { header: c.table.assessment, width: 0.11 },
        ],
        [
          ...r.agencies.map((a) => agencyRow(a.after.agency!.name, a.before, a.after)),
          agencyRow(c.table.agenciesSum, hasStart ? sum.before : null, sum.after, true),
          agencyRow(c.table.province, hasStart ? p.before : null, p.after, true),
        ],
      ),
    );
  }

  // II. Tasks carried out: the catalogue's changes are computed; what was done to bring them about is written.
  out.push(heading(DOC.s2, 1));
  const ch = r.changes;
  out.push(
    body(
      fill(DOC.changes, {
        reached: n(ch.reachedLevel4.length),
        integrated: n(ch.newlyIntegrated.length),
        withdrawn: n(ch.withdrawn.length),
      }),
    ),
  );
  if (ch.added.total > 0) {
    out.push(body(fill(rp.added, { n: n(ch.added.total), level4: n(ch.added.level4), integrated: n(ch.added.integrated) })));
  }
  out.push(body(DOC.listsAttached));
  out.push(toWrite(DOC.writeTasks));

  // III. Shortcomings: the agencies below the target are computed; the causes are written.
  out.push(heading(DOC.s3, 1));
  if (!r.target) out.push(body(rp.noTarget));
  else if (r.agencies.length === 0) out.push(body(rp.none));
  else if (r.gaps.length === 0) out.push(body(rp.noGaps));
  else {
    const needed = r.gaps.reduce((s, g) => s + (g.level4Needed ?? 0), 0);
    out.push(body(fill(rp.gapsIntro, { n: n(r.gaps.length), pct: targetText(r.target, t, 'vi'), needed: n(needed) })));
    out.push(
      ...dataTable(
        [
          { header: rp.agency, width: 0.4 },
          { header: c.table.total, width: 0.12, numeric: true },
          { header: rp.level4, width: 0.18, numeric: true },
          { header: rp.candidates, width: 0.15, numeric: true },
          { header: c.table.needed, width: 0.15, numeric: true },
        ],
        r.gaps.map((g) => ({ cells: [g.agency!.name, n(g.total), countShare(g.level4, g.level4Pct), n(g.total - g.level4), n(g.level4Needed ?? 0)] })),
      ),
    );
  }
  out.push(toWrite(DOC.writeShortcomings));

  // IV. Directions for the next quarter: what the target still asks is computed.
  out.push(heading(DOC.s4, 1));
  if (r.target && p.after.level4Needed) out.push(body(fill(DOC.directionNeeded, { n: n(p.after.level4Needed), pct: targetText(r.target, t, 'vi') })));
  out.push(toWrite(DOC.writeDirections));

  // V. Proposals: written.
  out.push(heading(DOC.s5, 1));
  out.push(toWrite(DOC.writeProposals));

  out.push(body(fill(DOC.closing, { issuer, quarter: lowerFirst(quarterName) })));
  out.push(para('', { spacing: { after: 240 } }));
  out.push(signatureBlock(letter));
  return out;
}

export async function reportDocx(input: ReportDocumentInput): Promise<Buffer> {
  const quarter = quarterLabel(input.report.quarter, messagesFor('vi'), 'long');
  const doc = new Document({
    creator: input.letter.issuer || DOC.issuerFallback,
    title: fill(DOC.title, { quarter: lowerFirst(quarter) }),
    styles: { default: { document: { run: { font: 'Times New Roman', size: SIZE.body } } } },
    sections: [{ properties: { page: { size: PAGE, margin: MARGIN } }, children: content(input) }],
  });
  return Packer.toBuffer(doc);
}
