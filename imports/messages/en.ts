/** The importer's sentences in English. Header names and values stay as the file (or the importer) writes them. */
import type { ImportMessages } from './codes';

const then = 'open it in Excel and save it as .xlsx or CSV UTF-8';
const copyToExcel = 'copy the procedure table into Excel and save it as .xlsx or CSV UTF-8';
const REQUIRED = { code: 'procedure code', name: 'procedure name', agency: 'agency', level: 'level' };
const FLAGS = { portal: 'National Portal integration', qd411: 'Decision 411', eligible: 'eligible' };
const LINK_PROBLEMS = {
  space: 'it has white space or invisible characters inside it.',
  scheme: 'it is not a web address (javascript:, data:, vbscript:, file: and the like are refused).',
  relative: 'it lacks https:// or a host name (a relative address or plain text).',
  credentials: 'it has a user name or password before the host name (the part before "@").',
  malformed: 'it cannot be read as an address.',
};
const quoted = (names: string[]): string => names.map((n) => `"${n}"`).join(', ');
const short = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
const n = (value: number): string => value.toLocaleString('en-GB');
const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

export const en: ImportMessages = {
  problems: {
    'row.cell-count': (p) =>
      `The row has ${p.cells} ${plural(p.cells, 'cell', 'cells')} but the header row has ${p.columns} columns (a delimiter too many or missing).`,
    'cell.control-chars': (p) =>
      `Removed the ${plural(p.chars.length, 'control character', 'control characters')} ${p.chars.join(', ')} (which cannot be displayed) from this cell.`,
    'cell.too-long': (p) => `The value is ${p.length} characters long, over the limit of ${p.max}.`,
    'cell.required': (p) => `Missing ${REQUIRED[p.field]}: this cell must not be empty.`,
    'flag.unknown': (p) =>
      `"${p.value}" is not understood in the ${FLAGS[p.field]} column: use Có/Không (yes/no), x or blank, Đã tích hợp/Chưa tích hợp, or Không rõ (not known).`,
    'agency.too-long': (p) => `The agency name is ${p.length} characters long, over the limit of ${p.max}.`,
    'agency.missing': () => 'Missing agency: this cell must not be empty.',
    'agency.several-for-local-code': (p) =>
      `The local code ${p.localCode} belongs to one agency, but this cell names ${p.count}: put each agency on a row of its own with its own code, or use the national code ${p.procedureCode}.`,
    'code.number-cell': () =>
      'The code is stored as a number, so Excel may have dropped its trailing zeros (1.001610 becomes 1.00161): format the code column as Text (or as a number with 6 decimals, 0.000000), type the code again and re-import.',
    'code.other-form': () => 'The code is not of the form D.DDDDDD or D.DDDDDD.DDD.DD.DD.XDD; it is kept as written.',
    'code.duplicate-pair': (p) =>
      `Code ${p.code} for "${p.agency}" already appears on row ${p.firstLine}: each pair of procedure code and agency may appear only once.`,
    'level.unknown': (p) => `Level "${p.value}" is not understood: use 1–4, "Mức độ 3", "Toàn trình" (full) or "Một phần" (partial).`,
    'tiers.unknown': (p) =>
      `Tier "${p.value}" is not understood: use Cấp tỉnh, Cấp huyện, Cấp xã, Cấp bộ or Cơ quan khác (province, district, commune, central, other), separated by commas.`,
    'status.unknown': (p) => `Status "${p.value}" is not understood: use "Còn hiệu lực" (current) or "Bãi bỏ" (withdrawn).`,
    'link.refused': (p) => `The address is refused: ${LINK_PROBLEMS[p.problem]} Only a full web address starting with https:// or http:// is accepted, for example https://dichvucong.gov.vn/…`,
    'procedure.details-differ': (p) =>
      `Code ${p.code} has different values in column ${p.column} on different rows: "${short(p.other)}" (${n(p.otherRows)} ${plural(p.otherRows, 'row', 'rows')}, from this one) and "${short(p.kept)}" (${n(p.keptRows)} ${plural(p.keptRows, 'row', 'rows')}, from line ${p.keptLine}). "${short(p.kept)}" is kept for the whole procedure: ${p.tie ? 'as many rows give each, so the one seen first is kept' : 'it is the value most rows give'}.`,
    'contact.header-missing': (p) =>
      `No header row of an agency list in the first ${p.searchRows} rows: it needs a "Tên cơ quan" (name) column and at least one of "Mã cơ quan" (code), "Địa chỉ" (address), "Điện thoại" (phone), "Email", "Giờ làm việc" (opening hours) or "Website". Columns found on the closest row: ${p.found.length ? quoted(p.found) : '(none)'}.`,
    'contact.name-missing': () => 'Missing agency name: this cell must not be empty.',
    'contact.phone-invalid': (p) => `The phone number "${short(p.value)}" cannot be read: the cell must begin with a number of 6–15 digits (for example 0255 3822 123); a second number goes after a comma or semicolon.`,
    'contact.email-invalid': (p) => `The email address "${short(p.value)}" is not valid: write one address such as name@quangngai.gov.vn, without spaces.`,
    'contact.duplicate': (p) => `The agency "${p.agency}" is already on row ${p.firstLine}: each agency may appear once.`,
    'contact.unknown-agency': (p) =>
      `The catalogue has no agency "${p.name}"${p.code ? ` (code ${p.code})` : ''}: this row is skipped, no agency is created. Check the agency's name or code, or import its procedures first.`,
    'contact.matched-by-code': (p) => `The name "${p.name}" differs from the catalogue's "${p.stored}"; matched by the agency code.`,
    'header.missing': (p) => {
      const where = `No header row with every required column was found in the first ${p.searchRows} rows. Missing required ${plural(p.columns.length, 'column', 'columns')} ${quoted(p.columns)}. Columns found on the closest row: ${p.found.length ? quoted(p.found) : '(none)'}.`;
      return p.levelMissing
        ? `${where} A list downloaded from the National Public Service Portal has no level column: add a "Mức độ" column in Excel, fill in each procedure's level (1–4, "Toàn trình" or "Một phần") and import it again.`
        : where;
    },
    'header.duplicate': (p) =>
      `Column ${p.column} appears more than once: ${p.headers.map((h) => `"${h.header}" (column ${h.column})`).join(' and ')}. Keep one of them.`,
    'file.empty': () => 'The file is empty: it has no header row.',
    'file.header-only': () => 'The file has only a header row and no procedures.',
    'file.no-valid-rows': () => 'There is no valid row to import.',
    'format.refused': (p) =>
      ({
        xls: `An Excel 97–2003 file (.xls): ${then}.`,
        xlsb: `A binary Excel file (.xlsb): ${then}.`,
        ods: 'An OpenDocument spreadsheet (.ods): open it in LibreOffice Calc or Excel and save it as .xlsx or CSV UTF-8.',
        odt: `An OpenDocument text file (.odt), not a spreadsheet: ${copyToExcel}.`,
        docx: `A Word document (.docx), not a spreadsheet: ${copyToExcel}.`,
        rtf: `An RTF document (Word), not a spreadsheet: ${copyToExcel}.`,
        pptx: `A PowerPoint file (.pptx), not a spreadsheet: ${copyToExcel}.`,
        pdf: 'A PDF, which cannot be read as a table: use the Excel (.xlsx) or CSV file the document was made from (or download the list as Excel from the National Portal).',
        zip: 'A compressed file (.zip): unzip it and import the .xlsx or .csv file inside.',
        image: 'An image (a photo or a scan), which cannot be read as a table: the catalogue is needed as an Excel (.xlsx) or CSV file.',
        html: `A web page (HTML), even if it is named .xls: ${then}.`,
      })[p.format],
    'csv.unclosed-quote': () => 'This row opens a quoted cell (") that is not closed before the end of the file.',
    'csv.record-too-long': (p) => `A row is longer than ${n(p.max)} characters.`,
    'csv.unreadable': (p) => `The CSV file cannot be read (${p.reason}).`,
    'xlsx.unreadable': (p) => `The .xlsx workbook cannot be read (${p.reason}): open it in Excel, save it again as .xlsx and re-import.`,
    'xlsx.no-sheets': () => 'The workbook has no sheet.',
    'xlsx.no-such-sheet': (p) => `The workbook has no sheet "${p.sheet}". Its sheets: ${quoted(p.sheets) || '(none)'}.`,
  },
  report: {
    line: (line, textLine) => (textLine !== undefined && textLine !== line ? `row ${line} (line ${textLine} of the text file)` : `row ${line}`),
    column: (column) => `column "${column}"`,
    value: (value) => ` [value: "${value}"]`,
    titleRows: (count) => `Skipped ${count} title ${count === '1' ? 'row' : 'rows'} above the header row`,
    multiAgencyRows: (count) =>
      `${count} ${count === '1' ? 'row names' : 'rows name'} several agencies in one cell: each agency is imported as an offering of its own`,
    file: (name, bytes) => `File: ${name} (${bytes} bytes)`,
    effectiveDate: (date) => `effective date: ${date}`,
    workbook: (sheet, sheets) =>
      `Excel workbook (.xlsx)${sheet !== null ? `, sheet "${sheet}"${sheets.length > 1 ? ` (sheets: ${quoted(sheets)})` : ''}` : ''}`,
    csvFormat: (encoding, delimiter) => `Encoding: ${encoding}; delimiter: ${delimiter}`,
    encodings: {
      'utf-8': 'UTF-8',
      'utf-8-bom': 'UTF-8 (with BOM)',
      'utf-16le': 'UTF-16 LE (Excel Unicode text)',
      'utf-16be': 'UTF-16 BE',
      'windows-1258': 'Windows-1258 (the Vietnamese Windows code page)',
    },
    delimiters: { comma: 'comma', semicolon: 'semicolon', tab: 'tab' },
    headerLine: (line) => `header row: row ${line}`,
    mapped: (headers) => `Columns recognised: ${quoted(headers) || '(none)'}`,
    ignored: (headers) => `Columns ignored: ${quoted(headers)}`,
    imported: (id) => `IMPORTED (import no. ${id}).`,
    dryRun: 'DRY RUN: nothing was written to the database.',
    refused: 'REFUSED: nothing was written to the database.',
    fileErrorLine: (line, message) => `Row ${line}: ${message}`,
    refusedCounts: (read, rejected) => `Read ${read} rows, rejected ${rejected}.`,
    counts: (c) =>
      `Read ${c.read} rows: inserted ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}, withdrawn ${c.withdrawn}, rejected ${c.rejected}.`,
    errors: (count, shown) => `${count} ${count === '1' ? 'error' : 'errors'}${shown !== null ? ` (the first ${shown})` : ''}:`,
    warnings: (count, shown) => `${count} ${count === '1' ? 'warning' : 'warnings'}${shown !== null ? ` (the first ${shown})` : ''}:`,
    duration: (seconds, rate) => `Time: ${seconds.toLocaleString('en-GB', { maximumFractionDigits: 1 })} s${rate ? ` (${rate} rows a second)` : ''}.`,
    progressLine: (percent, rows, rate) => `${percent} of the file read · ${rows} rows · ${rate ? `${rate} rows a second` : 'measuring the speed…'} · reading…`,
    problemColumns: ['Row', 'Column', 'Value', 'Type', 'Problem', 'Line of the text file'],
    error: 'Error',
    warning: 'Warning',
    numberLocale: 'en-GB',
  },
};
