import { inspectFile } from '../../imports/detect';
import { CsvSyntaxError, readRecords, type CsvRecord } from '../../imports/read';
import { csv, HEADER, writeCsv, toWindows1258Form } from '../helpers';

type Encoding = Parameters<typeof writeCsv>[1];

async function readAll(text: string, encoding: Encoding = 'utf-8'): Promise<CsvRecord[]> {
  const file = writeCsv(text, encoding);
  const records: CsvRecord[] = [];
  for await (const record of readRecords(file, await inspectFile(file))) records.push(record);
  return records;
}

/** Reads until the file fails; returns what came before and the error. */
async function readUntilError(text: string): Promise<{ records: CsvRecord[]; error: unknown }> {
  const file = writeCsv(text, 'utf-8');
  const records: CsvRecord[] = [];
  try {
    for await (const record of readRecords(file, await inspectFile(file))) records.push(record);
  } catch (error) {
    return { records, error };
  }
  return { records, error: null };
}

const ROW_1 = ['1.001612', 'Đăng ký khai sinh', 'UBND xã Bình Châu', 'Mức độ 4', 'Hộ tịch', 'Cấp xã', 'Có', 'Còn hiệu lực'];
const ROW_2 = ['2.000986', 'Cấp phiếu lý lịch tư pháp', 'Sở Tư pháp', 'Mức độ 3', 'Lý lịch tư pháp', 'Cấp tỉnh', 'Không', 'Còn hiệu lực'];

describe('readRecords: records and line numbers', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('numbers simple records from the header as line 1 (%s)', async (_name, eol) => {
    expect(await readAll(csv([HEADER, ROW_1, ROW_2], ',', eol))).toEqual([
      { line: 1, cells: HEADER },
      { line: 2, cells: ROW_1 },
      { line: 3, cells: ROW_2 },
    ]);
  });

  it('reads a last record with no line break after it', async () => {
    expect(await readAll('a,b\r\n1,2')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
  });

  it('numbers records as Excel rows, and gives the text line too after a multi-line quoted cell (LF)', async () => {
    const text = 'Mã thủ tục,Tên thủ tục\n1.001612,"Đăng ký\nkhai sinh\ncho trẻ"\n2.000986,Cấp phiếu\n';
    expect(await readAll(text)).toEqual([
      { line: 1, cells: ['Mã thủ tục', 'Tên thủ tục'] },
      { line: 2, cells: ['1.001612', 'Đăng ký\nkhai sinh\ncho trẻ'] },
      { line: 3, textLine: 5, cells: ['2.000986', 'Cấp phiếu'] },
    ]);
  });

  it('numbers lines right in a CRLF file whose cells break lines with LF (as Excel writes Alt+Enter)', async () => {
    const text = 'Mã thủ tục,Tên thủ tục\r\n1.001612,"Đăng ký\nkhai sinh"\r\n2.000986,Cấp phiếu\r\n';
    expect(await readAll(text)).toEqual([
      { line: 1, cells: ['Mã thủ tục', 'Tên thủ tục'] },
      { line: 2, cells: ['1.001612', 'Đăng ký\nkhai sinh'] },
      { line: 3, textLine: 4, cells: ['2.000986', 'Cấp phiếu'] },
    ]);
  });

  it('counts a CRLF inside a quoted cell as one line break, like every editor does', async () => {
    // Lines: 1 header; 2–3 the record with "Đăng ký⏎khai sinh"; 4 the next record; 5–7 a record with two breaks; 8 the last.
    const text = csv(
      [
        ['Mã thủ tục', 'Tên thủ tục'],
        ['1.001612', 'Đăng ký\r\nkhai sinh'],
        ['2.000986', 'Cấp phiếu'],
        ['1.000893', 'Đăng ký\r\nkết hôn\r\nlưu động'],
        ['1.001193', 'Đăng ký khai tử'],
      ],
      ',',
      '\r\n',
    );
    const records = await readAll(text);
    expect(records.map((r) => r.cells[0])).toEqual(['Mã thủ tục', '1.001612', '2.000986', '1.000893', '1.001193']);
    expect(records[1].cells[1]).toBe('Đăng ký\r\nkhai sinh');
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
    expect(records.map((r) => r.textLine ?? r.line)).toEqual([1, 2, 4, 5, 8]);
  });

  it('counts a stray CR before the LF that ends a record as one line break (an LF file)', async () => {
    expect(await readAll('a,b\n1,x\r\n2,"y\r"\n3,z\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x\r'] },
      { line: 3, cells: ['2', 'y\r'] },
      { line: 4, cells: ['3', 'z'] },
    ]);
  });

  it('numbers the records of a large file the same in every batch the parser hands over', async () => {
    const rows = [['a', 'b'], ...Array.from({ length: 30_000 }, (_, i) => [String(i), i % 1000 === 0 ? 'two\nlines' : 'one'])];
    const records = await readAll(csv(rows, ',', '\r\n'));
    expect(records).toHaveLength(rows.length);
    // row i is Excel row 2 + i, on text line 2 + i plus one for each two-line cell before it (rows 0, 1000, …, 29000)
    expect(records[29_999]).toEqual({ line: 2 + 29_998, textLine: 2 + 29_998 + 30, cells: ['29998', 'one'] });
    expect(records[30_000]).toEqual({ line: 2 + 29_999, textLine: 2 + 29_999 + 30, cells: ['29999', 'one'] });
  });

  it('reads quoted delimiters and doubled quotes', async () => {
    const text = 'Mã thủ tục;Phí, lệ phí;Ghi chú\n1.001612;"50.000 đồng; miễn cho hộ nghèo";"Theo mẫu ""TK-01"", bản chính"\n';
    expect(await readAll(text)).toEqual([
      { line: 1, cells: ['Mã thủ tục', 'Phí, lệ phí', 'Ghi chú'] },
      { line: 2, cells: ['1.001612', '50.000 đồng; miễn cho hộ nghèo', 'Theo mẫu "TK-01", bản chính'] },
    ]);
  });

  it('round-trips cells written by csv() with quotes, delimiters and line breaks', async () => {
    const rows = [['a', 'b', 'c'], ['x,y', 'say "hi"', 'one\ntwo'], ['', 'plain', '"']];
    expect((await readAll(csv(rows, ',', '\n'))).map((r) => r.cells)).toEqual(rows);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('passes blank lines through as a record of one empty cell, keeping later line numbers (%s)', async (_name, eol) => {
    const text = ['a,b', '', '1,2', '', '', '3,4', ''].join(eol);
    expect(await readAll(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['1', '2'] },
      { line: 4, cells: [''] },
      { line: 5, cells: [''] },
      { line: 6, cells: ['3', '4'] },
    ]);
  });

  it('keeps short and long rows as they are (no column-count check here)', async () => {
    expect((await readAll('a,b,c\n1\n1,2,3,4\n')).map((r) => r.cells)).toEqual([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4']]);
  });
});

describe('readRecords: decoding', () => {
  it('drops the UTF-8 BOM from the first header cell', async () => {
    const records = await readAll(csv([HEADER, ROW_1], ';'), 'utf-8-bom');
    expect(records.map((r) => r.cells)).toEqual([HEADER, ROW_1]);
    expect(records[0].cells[0]).toBe('Mã thủ tục');
  });

  it('decodes a Windows-1258 file to the same Vietnamese text once composed (NFC)', async () => {
    const rows = [HEADER, ROW_1, ROW_2, ['1.000893', 'Đăng ký kết hôn lưu động', 'Ủy ban nhân dân huyện Lý Sơn', 'Mức độ 3', 'Hộ tịch', 'Cấp huyện', 'Không', 'Bãi bỏ']];
    const records = await readAll(toWindows1258Form(csv(rows, ',')), 'windows-1258');
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(records.map((r) => r.cells.map((c) => c.normalize('NFC')))).toEqual(rows);
  });

  it.each(['utf-16le', 'utf-16be'] as const)('reads a tab-separated %s file back to the same cells', async (encoding) => {
    const rows = [HEADER, ROW_1, ROW_2, ['1.001193', 'Đăng ký\nkhai tử', 'Sở Tư pháp', '3', '', '', '', '']];
    const records = await readAll(csv(rows, '\t'), encoding);
    expect(records.map((r) => r.cells)).toEqual(rows);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });
});

describe('readRecords: unreadable files', () => {
  it('throws CsvSyntaxError with the line where an unclosed quote opened', async () => {
    const { records, error } = await readUntilError('a,b\n1,2\n3,4\n5,"six\nseven\neight\n');
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(4);
    expect((error as CsvSyntaxError).message).toMatch(/ngoặc kép/);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('reports the opening line after a multi-line quoted cell (LF)', async () => {
    const { error } = await readUntilError('a,b\n1,"x\ny"\n3,4\n5,"open\nnever closed\n');
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(5);
  });

  it('reports the opening line after a multi-line quoted cell (CRLF)', async () => {
    // Lines: 1 header; 2–3 "x⏎y"; 4 "3,4"; 5 the unclosed quote.
    const { error } = await readUntilError('a,b\r\n1,"x\r\ny"\r\n3,4\r\n5,"open\r\nnever closed\r\n');
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(5);
  });

  it('reports the line on which the record holding the unclosed quote starts', async () => {
    // Record 2 starts on line 2 with a closed multi-line cell; the unclosed quote opens on line 3 of that record.
    const { error } = await readUntilError('a,b,c\n1,"x\ny","open\nnever closed\n');
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(2);
    expect((error as CsvSyntaxError).message).toContain('Dòng này mở đầu một ô');
  });

  it('reports the opening line on the header itself', async () => {
    const { error } = await readUntilError('"a,b\n1,2\n');
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(1);
  });
});
