import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../db/connection';
import { runCli } from '../../cli/import-cli';
import { csv, HEADER, tempDir, writeCsv, buffer } from '../helpers';
import { writeWorkbook } from '../workbooks';

let dbFile: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dbFile = path.join(tempDir(), `cli-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  env = { DATABASE_URL: `sqlite:${dbFile}` };
});

async function run(...argv: string[]) {
  const out = buffer();
  const err = buffer();
  const code = await runCli(argv, env, out, err);
  return { code, out: out.text, err: err.text };
}

async function offeringCount(): Promise<number> {
  const db = openDatabase(`sqlite:${dbFile}`);
  try {
    const row = await db.kysely.selectFrom('offering').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await db.close();
  }
}

const good = [
  HEADER,
  ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', ''],
  ['1.004194', 'Đăng ký tạm trú', 'Công an tỉnh Quảng Ngãi', 'Một phần', 'Cư trú', 'Cấp tỉnh', 'Không', ''],
];
const bad = [...good, ['1.000001', 'Thủ tục lỗi', 'Sở Tư pháp', 'Mức độ 7', '', '', '', '']];

describe('npm run import', () => {
  it('imports a file, prints a Vietnamese summary and exits 0', async () => {
    const { code, out } = await run(writeCsv(csv(good)), '--as-of', '2020-06-30');
    expect(code).toBe(0);
    expect(out).toContain('ĐÃ NHẬP');
    expect(out).toContain('thêm mới 2');
    expect(out).toContain('ngày hiệu lực: 30/06/2020');
    expect(await offeringCount()).toBe(2);
  });

  it('refuses a file with a bad row, prints the line and reason, exits 1 and writes nothing', async () => {
    const { code, out } = await run(writeCsv(csv(bad)));
    expect(code).toBe(1);
    expect(out).toContain('TỪ CHỐI');
    expect(out).toContain('dòng 4, cột "Mức độ": Không hiểu mức độ "Mức độ 7"');
    expect(await offeringCount()).toBe(0);
  });

  it('imports the valid rows with --skip-invalid', async () => {
    const { code, out } = await run(writeCsv(csv(bad)), '--skip-invalid');
    expect(code).toBe(0);
    expect(out).toContain('bị loại 1');
    expect(await offeringCount()).toBe(2);
  });

  it('writes every problem to --errors-csv, formula-safe', async () => {
    const rows = [...good, ['1.000001', 'Lỗi', 'Sở Tư pháp', '=HYPERLINK("http://x")', '', '', '', '']];
    const errorsFile = path.join(tempDir(), `errors-${Date.now()}.csv`);
    const { code } = await run(writeCsv(csv(rows)), '--errors-csv', errorsFile);
    expect(code).toBe(1);
    const text = fs.readFileSync(errorsFile, 'utf8');
    expect(text.startsWith('\ufeffDòng,Cột,Giá trị,Loại,Lỗi,Dòng của tệp văn bản\r\n')).toBe(true);
    expect(text).toContain(`4,Mức độ,"'=HYPERLINK(""http://x"")",Lỗi,`);
  });

  it('validates without writing on --dry-run', async () => {
    const { code, out } = await run(writeCsv(csv(good)), '--dry-run');
    expect(code).toBe(0);
    expect(out).toContain('CHẠY THỬ');
    expect(out).toContain('thêm mới 2');
    expect(await offeringCount()).toBe(0);
  });

  it('prints the report as JSON with --json', async () => {
    const { code, out } = await run(writeCsv(csv(good)), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ status: 'imported', counts: { inserted: 2 }, inspection: { encoding: 'utf-8', delimiter: ',' } });
  });

  it.each([
    [[], 'Cần đúng một tệp CSV'],
    [['a.csv', 'b.csv'], 'Cần đúng một tệp CSV'],
    [['--unknown-flag', 'a.csv'], 'Unknown option'],
    [['/no/such/file.csv'], 'Không đọc được tệp'],
  ])('exits 2 on a usage or I/O error: %j', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('exits 2 on an impossible --as-of date', async () => {
    const { code, err } = await run(writeCsv(csv(good)), '--as-of', '2020-02-30');
    expect(code).toBe(2);
    expect(err).toContain('--as-of');
  });

  it('imports the sheet named by --sheet of an .xlsx, and says which sheet it read', async () => {
    const book = await writeWorkbook([
      { name: 'Ghi chú', rows: [['Trang này không có danh mục']] },
      { name: 'Danh mục', rows: good },
    ]);
    const { code, out } = await run(book, '--sheet', 'Danh mục');
    expect(code).toBe(0);
    expect(out).toContain('Bảng tính Excel (.xlsx), trang tính "Danh mục" (các trang tính: "Ghi chú", "Danh mục")');
    expect(out).toContain('thêm mới 2');
    expect(await offeringCount()).toBe(2);
  });

  it('says how many rows named several agencies in one cell', async () => {
    const rows = [HEADER.slice(0, 4), ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp\nUBND huyện Bình Sơn', '4']];
    const { code, out } = await run(writeCsv(csv(rows)));
    expect(code).toBe(0);
    expect(out).toContain('1 dòng ghi nhiều cơ quan thực hiện trong một ô: mỗi cơ quan được nhập thành một thủ tục riêng của cơ quan đó.');
    expect(out).toContain('Đọc 1 dòng: thêm mới 2');
    expect(await offeringCount()).toBe(2);
  });

  it('refuses an Excel 97–2003 file with what to do, exits 1 and writes nothing', async () => {
    const file = path.join(tempDir(), `old-${Date.now()}.xls`);
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]));
    const { code, out } = await run(file);
    expect(code).toBe(1);
    expect(out).toContain('Tệp Excel 97–2003 (.xls): mở bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8.');
    expect(out).not.toContain('Bảng mã');
    expect(await offeringCount()).toBe(0);
  });

  it('answers in English with --lang en: the report, its problems and the errors CSV', async () => {
    const rows = [['Danh mục thủ tục'], ...bad];
    const errorsFile = path.join(tempDir(), `errors-en-${Date.now()}.csv`);
    const { code, out } = await run(writeCsv(csv(rows)), '--lang', 'en', '--errors-csv', errorsFile);
    expect(code).toBe(1);
    expect(out).toContain('REFUSED: nothing was written to the database.');
    expect(out).toContain('Skipped 1 title row above the header row (header row: row 2).');
    expect(out).toContain('row 5, column "Mức độ": Level "Mức độ 7" is not understood: use 1–4');
    expect(out).toContain('Read 3 rows, rejected 1.');
    expect(out).toContain('Every error and warning:');
    expect(out).not.toMatch(/TỪ CHỐI|Không hiểu|dòng 5/);
    const text = fs.readFileSync(errorsFile, 'utf8');
    expect(text.startsWith('\ufeffRow,Column,Value,Type,Problem,Line of the text file\r\n')).toBe(true);
    expect(text).toContain('5,Mức độ,Mức độ 7,Error,"Level ""Mức độ 7"" is not understood');
    expect(await offeringCount()).toBe(0);
  });

  it('answers in English when LANG says so and no --lang is given; --lang vi wins over it', async () => {
    env.LANG = 'en_GB.UTF-8';
    const file = path.join(tempDir(), `old-en-${Date.now()}.xls`);
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]));
    const english = await run(file);
    expect(english.code).toBe(1);
    expect(english.out).toContain('An Excel 97–2003 file (.xls): open it in Excel and save it as .xlsx or CSV UTF-8.');
    const vietnamese = await run(file, '--lang', 'vi');
    expect(vietnamese.out).toContain('Tệp Excel 97–2003 (.xls): mở bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8.');
  });

  it('exits 2 on an unknown --lang', async () => {
    const { code, err } = await run(writeCsv(csv(good)), '--lang', 'fr');
    expect(code).toBe(2);
    expect(err).toContain('--lang "fr"');
  });

  it('shows help with --help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toContain('--withdraw-missing');
  });
});
