/**
 * The National Public Service Portal's own export, as a clerk has it: an .xlsx with a merged title row, the
 * headers "Mã số | Tên | Cơ quan ban hành | Cơ quan thực hiện | Lĩnh vực", and the "Mức độ" column the clerk
 * adds; or the same saved from Excel as "CSV UTF-8".
 */
import fs from 'node:fs';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { undoImport } from '../../db/undo-import';
import { runCli } from '../../cli/import-cli';
import { describeProblem } from '../../imports/report-format';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { addUser, buffer, csrfFrom, csv, fixedClock, openTestDb, tempDir, testConfig, writeCsv } from '../helpers';
import { ImportJobs } from '../../server/services/import-jobs';
import { PORTAL_HEADER, PORTAL_TITLE, writeWorkbook } from '../workbooks';

const clock = fixedClock();
let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

/** Signs a clerk in and previews uploaded files through the web import. */
async function webImport() {
  const jobs = new ImportJobs(db, clock, () => undefined);
  const app = createApp({ db, config: testConfig, clock, log: () => undefined, jobs });
  await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
  const agent = request.agent(app);
  const login = await agent.get('/login');
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), username: 'canbo', password: 'mat-khau-dung-1' }).expect(303);
  return {
    preview: async (file: string, name: string, status: number) => {
      const form = await agent.get('/imports/new');
      const res = await agent.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', file, name).expect(303);
      return agent.get(res.headers.location).expect(status);
    },
    close: () => jobs.close(),
  };
}

const portalBook = (rows: unknown[][]) =>
  writeWorkbook([{ name: 'Danh sách TTHC', rows: [[PORTAL_TITLE], PORTAL_HEADER, ...(rows as never[][])], merges: ['A1:F1'] }]);

describe('the Portal export headers', () => {
  it('reads "Mã số", "Tên" and "Cơ quan ban hành", shows the issuing body on the procedure page and exports it', async () => {
    const file = await portalBook([
      ['1.001612', 'Đăng ký khai sinh', 'Bộ Tư pháp', 'Sở Tư pháp', 'Hộ tịch', 'Mức độ 4'],
      ['2.000908', 'Cấp giấy phép xây dựng', 'Bộ Xây dựng', 'Sở Xây dựng', 'Hoạt động xây dựng', 'Một phần'],
    ]);
    const report = await importFile(db, file, { asOf: '2020-06-30' }, clock);
    expect(report.fileError).toBeNull();
    expect(report.mapping?.mapped.map((m) => `${m.header}→${m.field}`)).toEqual([
      'Mã số→code',
      'Tên→name',
      'Cơ quan ban hành→issuer',
      'Cơ quan thực hiện→agency',
      'Lĩnh vực→field',
      'Mức độ→level',
    ]);
    expect(report.counts.inserted).toBe(2);

    const app = createApp({ db, config: testConfig, clock, log: () => undefined });
    const page = await request(app).get('/procedures/1.001612').expect(200);
    expect(page.text).toMatch(/<dt>Cơ quan ban hành<\/dt><dd>Bộ Tư pháp<\/dd>/);
    const api = await request(app).get('/api/procedures/1.001612').expect(200);
    expect(api.body.issuer).toBe('Bộ Tư pháp');
    const exported = await request(app).get('/procedures.csv').expect(200);
    const [header, first] = exported.text.replace(/^\ufeff/, '').split('\r\n');
    expect(header.split(',').at(-1)).toBe('Cơ quan ban hành');
    expect(first.split(',').at(-1)).toBe('Bộ Tư pháp');
  });

  it('puts the issuing body back when the import that changed it is undone', async () => {
    await importFile(db, await portalBook([['1.001612', 'Đăng ký khai sinh', 'Bộ Tư pháp', 'Sở Tư pháp', 'Hộ tịch', '4']]), {}, clock);
    const second = await importFile(db, await portalBook([['1.001612', 'Đăng ký khai sinh', 'Bộ Nội vụ', 'Sở Tư pháp', 'Hộ tịch', '4']]), {}, clock);
    const issuer = async () => (await db.kysely.selectFrom('procedure').select('issuer').executeTakeFirstOrThrow()).issuer;
    expect(await issuer()).toBe('Bộ Nội vụ');
    expect((await undoImport(db, second.importId!, clock.now().toISOString())).ok).toBe(true);
    expect(await issuer()).toBe('Bộ Tư pháp');
  });

  it('does not take a title row\'s lone "Tên" for the name column', async () => {
    const file = await writeWorkbook([{ name: 'S', rows: [['Tên'], ['Mã số', 'Tên', 'Cơ quan thực hiện', 'Mức độ'], ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4']] }]);
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('imported');
    expect(report.header).toEqual({ line: 2, titleRows: 1 });
  });
});

describe('several agencies in one cell', () => {
  async function agenciesOf(code: string) {
    const rows = await db.kysely
      .selectFrom('offering')
      .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
      .innerJoin('agency', 'agency.id', 'offering.agency_id')
      .select(['agency.name', 'offering.tiers'])
      .where('procedure.code', '=', code)
      .orderBy('agency.name')
      .execute();
    return rows.map((r) => `${r.name} [${r.tiers}]`);
  }

  it('makes one offering per agency named on its own line or after ";", never splitting on commas, each agency once', async () => {
    const file = await portalBook([
      ['1.001612', 'Đăng ký khai sinh', 'Bộ Tư pháp', 'Chủ tịch ủy ban nhân dân cấp tỉnh\nSở Tư Pháp', 'Hộ tịch', 'Mức độ 4'],
      ['2.000908', 'Cấp giấy phép xây dựng', 'Bộ Xây dựng', 'Sở Xây dựng;  UBND huyện   Bình Sơn ;', 'Xây dựng', '3'],
      ['1.000001', 'Thủ tục của bộ', 'Bộ Nội vụ', 'Bộ, cơ quan ngang bộ', 'Nội vụ', '2'],
      ['1.000002', 'Thủ tục lặp cơ quan', 'Bộ Nội vụ', 'Sở Nội vụ\r\nsở nội vụ\n', 'Nội vụ', '2'],
    ]);
    const report = await importFile(db, file, {}, clock);
    expect(report.errors).toEqual([]);
    expect(report.status).toBe('imported');
    expect(report.counts).toMatchObject({ rowsRead: 4, inserted: 6, rejected: 0 });
    expect(report.multiAgencyRows).toBe(2);
    expect(await agenciesOf('1.001612')).toEqual(['Chủ tịch ủy ban nhân dân cấp tỉnh []', 'Sở Tư Pháp [province]']);
    expect(await agenciesOf('2.000908')).toEqual(['Sở Xây dựng [province]', 'UBND huyện Bình Sơn [district]']);
    expect(await agenciesOf('1.000001')).toEqual(['Bộ, cơ quan ngang bộ []']);
    expect(await agenciesOf('1.000002')).toEqual(['Sở Nội vụ [province]']);
    expect((await agenciesOf('1.001612')).some((a) => a.includes('tỉnh Sở'))).toBe(false);
  });

  it('refuses a row naming no agency, with its row and column', async () => {
    const file = await portalBook([
      ['1.001612', 'Đăng ký khai sinh', 'Bộ Tư pháp', 'Sở Tư pháp', 'Hộ tịch', '4'],
      ['1.001613', 'Đăng ký kết hôn', 'Bộ Tư pháp', null, 'Hộ tịch', '4'],
      ['1.001614', 'Đăng ký khai tử', 'Bộ Tư pháp', '\n ; \n', 'Hộ tịch', '4'],
    ]);
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('refused');
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 4, column: 'Cơ quan thực hiện', value: '', message: 'Thiếu cơ quan thực hiện: ô này không được để trống.' }),
      expect.objectContaining({ line: 5, column: 'Cơ quan thực hiện', value: '', message: 'Thiếu cơ quan thực hiện: ô này không được để trống.' }),
    ]);
  });

  it('says in the preview how many rows named several agencies', async () => {
    const book = await portalBook([['1.001612', 'Đăng ký khai sinh', 'Bộ Tư pháp', 'Chủ tịch UBND cấp tỉnh\nSở Tư pháp', 'Hộ tịch', '4']]);
    const { preview: previewOf, close } = await webImport();
    const preview = await previewOf(book, 'danh-sach-tthc.xlsx', 200);
    expect(preview.text).toContain('Bỏ qua 1 dòng tiêu đề phía trên dòng tên cột (dòng tên cột: dòng 2)');
    expect(preview.text).toContain('1 dòng ghi nhiều cơ quan thực hiện trong một ô');
    expect(preview.text).toMatch(/<strong>2<\/strong>Thêm mới/);
    await close();
  });
});

describe('the Portal export saved from Excel as "CSV UTF-8"', () => {
  // Excel writes the merged title as one quoted cell with its line breaks, then the header's empty cells.
  const rows: string[][] = [
    [PORTAL_TITLE, '', '', '', '', ''],
    PORTAL_HEADER,
    ...Array.from({ length: 19 }, (_v, i) => [`1.00${1000 + i}`, `Thủ tục ${i + 1}`, 'Bộ Tư pháp', i % 2 ? 'Chủ tịch UBND cấp tỉnh\nSở Tư pháp' : 'Sở Tư pháp', 'Hộ tịch', '4']),
    ['1.002000', 'Thủ tục không ghi cơ quan', 'Bộ Tư pháp', '', 'Hộ tịch', '4'],
  ];
  const text = csv(rows);

  it('finds the header below the title and numbers rows as Excel does, saying the text line beside it', async () => {
    const file = writeCsv(text, 'utf-8-bom');
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('refused');
    expect(report.header).toEqual({ line: 2, titleRows: 1 });
    expect(report.multiAgencyRows).toBe(9);
    // Row 22 in Excel: the title (4 text lines), the header, 19 rows of which 9 have a two-line cell.
    expect(report.errors).toEqual([expect.objectContaining({ line: 22, textLine: 34, column: 'Cơ quan thực hiện' })]);
    expect(describeProblem(report.errors[0])).toBe('dòng 22 (dòng 34 của tệp văn bản), cột "Cơ quan thực hiện": Thiếu cơ quan thực hiện: ô này không được để trống.');
  });

  it('gives the same numbers in the CLI and the errors CSV', async () => {
    const errorsFile = `${tempDir()}/loi-${Date.now()}.csv`;
    const out = buffer();
    const code = await runCli([writeCsv(text, 'utf-8-bom'), '--errors-csv', errorsFile], { DATABASE_URL: `sqlite:${tempDir()}/portal-${Date.now()}.db` }, out, buffer());
    expect(code).toBe(1);
    expect(out.text).toContain('  - dòng 22 (dòng 34 của tệp văn bản), cột "Cơ quan thực hiện"');
    expect(fs.readFileSync(errorsFile, 'utf8')).toContain('22,Cơ quan thực hiện,,Lỗi,Thiếu cơ quan thực hiện: ô này không được để trống.,34\r\n');
  });

  it('gives the same numbers in the preview', async () => {
    const { preview: previewOf, close } = await webImport();
    const preview = await previewOf(writeCsv(text, 'utf-8-bom'), 'danh-sach-tthc.csv', 422);
    expect(preview.text).toContain('<td class="num">22 <span class="muted">(dòng 34 của tệp văn bản)</span></td><td>Cơ quan thực hiện</td>');
    expect(preview.text).toContain('Bỏ qua 1 dòng tiêu đề phía trên dòng tên cột');
    await close();
  });
});

describe('the committed Portal-shaped sample, imports/sample/quang-ngai-portal-sample.xlsx', () => {
  it('imports with --skip-invalid: the title skipped, multi-agency cells split, the row naming no agency refused', async () => {
    const file = `${__dirname}/../../imports/sample/quang-ngai-portal-sample.xlsx`;
    const report = await importFile(db, file, { skipInvalid: true }, clock);
    expect(report.status).toBe('imported');
    expect(report.header).toEqual({ line: 2, titleRows: 1 });
    expect(report.counts.rowsRead).toBe(40);
    expect(report.counts.rejected).toBe(1);
    expect(report.errors).toEqual([expect.objectContaining({ line: 42, column: 'Cơ quan thực hiện', message: 'Thiếu cơ quan thực hiện: ô này không được để trống.' })]);
    // 39 rows with agencies, 11 of them naming several: 110 offerings.
    expect(report.multiAgencyRows).toBe(11);
    expect(report.counts.inserted).toBe(110);
  });
});
