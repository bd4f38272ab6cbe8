/**
 * Issue #17, "where to do it" and "what it takes": an offering's online address and a procedure's steps,
 * documents and forms, imported from a CSV and an .xlsx (multi-line cells), refused when the address is not
 * an http(s) one, shown escaped on the procedure page with the fallback portals and tracking, carried by
 * the JSON, the exports (which import back unchanged) and undo. On both backends.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import ExcelJS from 'exceljs';
import type { CatalogueDb } from '../../db/connection';
import { undoImport } from '../../db/undo-import';
import { describeProblem } from '../../imports/report-format';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { binaryBody, csv, fixedClock, openTestDb, tempDir, testConfig, writeCsv } from '../helpers';
import { writeWorkbook } from '../workbooks';

const clock = fixedClock();
let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

const HEADER = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Đường dẫn DVC trực tuyến', 'Trình tự thực hiện', 'Thành phần hồ sơ', 'Biểu mẫu'];
const STEPS = 'Bước 1: Nộp hồ sơ <b>trực tuyến</b>\nBước 2: Nhận kết quả';
const DOCUMENTS = '- Tờ khai đăng ký khai sinh\n- Giấy chứng sinh <script>alert(1)</script>';
const FORMS = 'Tờ khai đăng ký khai sinh: https://dichvucong.gov.vn/mau/to-khai.docx\nMẫu khác: javascript:alert(1)';

const appWith = (config = {}) => createApp({ db, config: { ...testConfig, ...config }, clock, log: () => undefined });

async function download(app: ReturnType<typeof appWith>, url: string): Promise<Buffer> {
  const res = await request(app)
    .get(url)
    .buffer(true)
    .parse(binaryBody)
    .expect(200);
  return res.body as Buffer;
}

describe('an offering\'s online address and a procedure\'s details', () => {
  it('imports them from a CSV (quoted multi-line cells), shows them escaped, and refuses an address that is not http(s) with its line and column', async () => {
    const file = writeCsv(
      csv([
        HEADER,
        ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'https://dichvucong.gov.vn/p/home/dvc-chi-tiet.html?ma=1.001612&x="y"', STEPS, DOCUMENTS, FORMS],
        ['1.001612', 'Đăng ký khai sinh', 'UBND xã Tịnh Sơn', '3', 'https://dichvucong.gov.vn/p/home/dvc-chi-tiet.html?ma=1.001612&x="y"', '', '', ''],
        ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '3', 'JaVaScRiPt:alert(document.cookie)', '', '', ''],
        ['2.000909', 'Cấp lại giấy phép xây dựng', 'Sở Xây dựng', '3', '', '', '', ''],
      ]),
    );
    const refused = await importFile(db, file, {}, clock);
    expect(refused.status).toBe('refused');
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatchObject({ line: 4, textLine: 7, column: 'Đường dẫn DVC trực tuyến', code: 'link.refused', value: 'JaVaScRiPt:alert(document.cookie)' });
    // The CSV's row 4 is the text's line 7 (two multi-line cells above): both are named.
    expect(describeProblem(refused.errors[0]!, 'vi')).toMatch(/^[Dd]òng 4 \(dòng 7 của tệp văn bản\), cột "Đường dẫn DVC trực tuyến".*Đường dẫn không được nhận/);
    expect(await db.kysely.selectFrom('offering').select('id').execute()).toHaveLength(0);

    const report = await importFile(db, file, { skipInvalid: true }, clock);
    expect(report.counts).toMatchObject({ inserted: 3, rejected: 1 });

    const app = appWith({ portalUrl: 'https://dichvucong.quangngai.gov.vn/', trackingUrl: 'https://dichvucong.quangngai.gov.vn/tra-cuu-ho-so' });
    const page = (await request(app).get('/procedures/1.001612').expect(200)).text;
    // One address for every agency: the main button, with its host; and on each agency's row.
    const href = 'https://dichvucong.gov.vn/p/home/dvc-chi-tiet.html?ma=1.001612&amp;x=%22y%22';
    expect(page).toContain(`<a class="button act-button" href="${href}" rel="noopener noreferrer">Nộp hồ sơ trực tuyến <span class="act-host">tại dichvucong.gov.vn</span></a>`);
    expect(page.match(/class="row-act"[^>]*>Nộp trực tuyến tại dichvucong.gov.vn</g)).toHaveLength(2);
    expect(page).toContain('href="https://dichvucong.quangngai.gov.vn/tra-cuu-ho-so" rel="noopener noreferrer">Tra cứu hồ sơ đã nộp</a>');
    // The sections, a paragraph per line, a list for "-" lines, nothing run as HTML.
    expect(page).toContain('<h2 id="section-steps">Trình tự thực hiện</h2>');
    expect(page).toContain('<p>Bước 1: Nộp hồ sơ &lt;b&gt;trực tuyến&lt;/b&gt;</p>');
    expect(page).toContain('<p>Bước 2: Nhận kết quả</p>');
    expect(page).toContain('<li>Giấy chứng sinh &lt;script&gt;alert(1)&lt;/script&gt;</li>');
    expect(page).not.toContain('<script>alert(1)');
    // A form's address becomes a link after the same check; anything else stays text.
    expect(page).toContain('<p>Tờ khai đăng ký khai sinh <a href="https://dichvucong.gov.vn/mau/to-khai.docx" rel="noopener noreferrer">tải tại dichvucong.gov.vn</a></p>');
    expect(page).toContain('<p>Mẫu khác: javascript:alert(1)</p>');
    expect(page).not.toMatch(/href="javascript:/i);

    const api = (await request(app).get('/api/procedures/1.001612').expect(200)).body;
    expect(api.steps).toBe(STEPS);
    expect(api.documents).toBe(DOCUMENTS);
    expect(api.offerings.map((o: { onlineUrl: string }) => o.onlineUrl)).toEqual([
      'https://dichvucong.gov.vn/p/home/dvc-chi-tiet.html?ma=1.001612&x=%22y%22',
      'https://dichvucong.gov.vn/p/home/dvc-chi-tiet.html?ma=1.001612&x=%22y%22',
    ]);

    // No address imported: the province's portal and the National Portal, with the code to look for.
    const fallback = (await request(app).get('/procedures/2.000909').expect(200)).text;
    expect(fallback).toContain('href="https://dichvucong.quangngai.gov.vn/" rel="noopener noreferrer">Nộp hồ sơ trực tuyến <span class="act-host">tại dichvucong.quangngai.gov.vn</span>');
    expect(fallback).toContain('href="https://dichvucong.gov.vn/" rel="noopener noreferrer">tại dichvucong.gov.vn</a>');
    expect(fallback).toContain('tìm mã 2.000909');
    expect(fallback).not.toContain('row-act');
    // Without PORTAL_URL, the National Portal alone; in English too.
    const english = (await request(appWith()).get('/procedures/2.000909?lang=en').expect(200)).text;
    expect(english).toContain('href="https://dichvucong.gov.vn/" rel="noopener noreferrer">Apply online <span class="act-host">at dichvucong.gov.vn</span>');
    expect(english).toContain('search for code 2.000909');
    expect(english).not.toContain('Track an application');
  });

  it('reads them from an .xlsx with line breaks in a cell, exports them as CSV and .xlsx, and the exports import back unchanged', async () => {
    const book = await writeWorkbook([
      {
        name: 'Danh mục',
        rows: [
          ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Link nộp hồ sơ', 'Thành phần hồ sơ', 'Căn cứ pháp lý', 'Yêu cầu, điều kiện'],
          ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'https://dichvucong.quangngai.gov.vn/dvc/1.001612', '- Tờ khai\n- Giấy chứng sinh', 'Luật Hộ tịch 2014\r\nNghị định 123/2015/NĐ-CP', '=1+1'],
        ],
      },
    ]);
    const report = await importFile(db, book, {}, clock);
    expect(report.status).toBe('imported');
    const stored = await db.kysely.selectFrom('procedure').select(['documents', 'legal_basis', 'requirements']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ documents: '- Tờ khai\n- Giấy chứng sinh', legal_basis: 'Luật Hộ tịch 2014\nNghị định 123/2015/NĐ-CP', requirements: '=1+1' });

    const app = appWith();
    const page = (await request(app).get('/procedures/1.001612').expect(200)).text;
    expect(page).toContain('Nộp hồ sơ trực tuyến <span class="act-host">tại dichvucong.quangngai.gov.vn</span>');
    expect(page).toContain('<ul><li>Tờ khai</li><li>Giấy chứng sinh</li></ul>');
    expect(page).toContain('<p>Luật Hộ tịch 2014</p>');
    expect(page).toContain('<p>Nghị định 123/2015/NĐ-CP</p>');

    const before = await db.kysely.selectFrom('offering').innerJoin('procedure', 'procedure.id', 'offering.procedure_id').select(['online_url', 'documents', 'legal_basis', 'requirements']).execute();

    // The CSV: the new columns come back, a formula-like cell with its apostrophe, and import back unchanged.
    const exported = (await download(app, '/procedures.csv')).toString('utf8');
    const [header] = exported.replace(/^\ufeff/, '').split('\r\n');
    for (const column of ['Đường dẫn DVC trực tuyến', 'Trình tự thực hiện', 'Thành phần hồ sơ', 'Căn cứ pháp lý', 'Biểu mẫu']) expect(header).toContain(column);
    expect(exported).toContain(`"'- Tờ khai\n- Giấy chứng sinh"`);
    expect(exported).toContain(",'=1+1,");
    const again = await importFile(db, writeCsv(exported), {}, clock);
    expect(again.status).toBe('imported');
    expect(again.counts).toMatchObject({ unchanged: 1, updated: 0, inserted: 0 });

    // The workbook: the same cells as text, and it imports back unchanged too.
    const xlsx = await download(app, '/procedures.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    const cell = (name: string) => sheet.getRow(2).getCell(headers.indexOf(name) + 1).value;
    expect(cell('Đường dẫn DVC trực tuyến')).toBe('https://dichvucong.quangngai.gov.vn/dvc/1.001612');
    expect(cell('Căn cứ pháp lý')).toBe('Luật Hộ tịch 2014\nNghị định 123/2015/NĐ-CP');
    const fromBook = await importFile(db, saveBuffer(xlsx), {}, clock);
    expect(fromBook.counts).toMatchObject({ unchanged: 1, updated: 0 });
    const after = await db.kysely.selectFrom('offering').innerJoin('procedure', 'procedure.id', 'offering.procedure_id').select(['online_url', 'documents', 'legal_basis', 'requirements']).execute();
    expect(after).toEqual(before);
  });

  it('counts a changed address as an update, keeps an empty cell from erasing it, and undo puts it back', async () => {
    const file = (url: string) => writeCsv(csv([['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'url'], ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', url]]));
    await importFile(db, file('https://dichvucong.gov.vn/a'), {}, clock);
    const url = async () => (await db.kysely.selectFrom('offering').select('online_url').executeTakeFirstOrThrow()).online_url;

    const empty = await importFile(db, file(''), {}, clock);
    expect(empty.counts).toMatchObject({ unchanged: 1, updated: 0 });
    expect(await url()).toBe('https://dichvucong.gov.vn/a');

    const changed = await importFile(db, file('https://dichvucong.quangngai.gov.vn/b'), {}, clock);
    expect(changed.counts).toMatchObject({ updated: 1 });
    expect(await url()).toBe('https://dichvucong.quangngai.gov.vn/b');
    expect((await undoImport(db, changed.importId!, clock.now().toISOString())).ok).toBe(true);
    expect(await url()).toBe('https://dichvucong.gov.vn/a');
  });

  it('shows no link for a stored address that does not pass the check again (defence in depth)', async () => {
    await importFile(db, writeCsv(csv([['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'url'], ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'https://dichvucong.gov.vn/a']])), {}, clock);
    // Written around the importer, as a damaged or tampered database would hold it.
    await db.kysely.updateTable('offering').set({ online_url: 'javascript:alert(1)' }).execute();
    const app = appWith();
    const page = (await request(app).get('/procedures/1.001612').expect(200)).text;
    expect(page).not.toContain('javascript:');
    expect(page).not.toContain('row-act');
    expect(page).toContain('tìm mã 1.001612');
    expect((await request(app).get('/api/procedures/1.001612').expect(200)).body.offerings[0].onlineUrl).toBeNull();
  });

  it('says a procedure at levels 1–2 cannot be filed online, and points to the National Portal to look it up', async () => {
    await importFile(db, writeCsv(csv([['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ'], ['1.000001', 'Thủ tục giấy', 'Sở Tư pháp', '2']])), {}, clock);
    const page = (await request(appWith()).get('/procedures/1.000001').expect(200)).text;
    expect(page).toContain('Thủ tục này chưa nộp được trực tuyến');
    expect(page).not.toContain('Nộp hồ sơ trực tuyến');
    expect(page).toContain('>Xem thủ tục trên Cổng Dịch vụ công Quốc gia</a>');
  });
});

function saveBuffer(bytes: Buffer): string {
  const file = path.join(tempDir(), `export-${process.pid}-${Date.now()}.xlsx`);
  fs.writeFileSync(file, bytes);
  return file;
}
