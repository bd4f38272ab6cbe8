/**
 * The National Public Service Portal's own export, as a clerk has it: an .xlsx with a merged title row, the
 * headers "Mã số | Tên | Cơ quan ban hành | Cơ quan thực hiện | Lĩnh vực", and the "Mức độ" column the clerk
 * adds; or the same saved from Excel as "CSV UTF-8".
 */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { undoImport } from '../../db/undo-import';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { fixedClock, openTestDb, testConfig } from '../helpers';
import { PORTAL_HEADER, PORTAL_TITLE, writeWorkbook } from '../workbooks';

const clock = fixedClock();
let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

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
    expect((await undoImport(db.kysely, second.importId!, clock.now().toISOString())).ok).toBe(true);
    expect(await issuer()).toBe('Bộ Tư pháp');
  });

  it('does not take a title row\'s lone "Tên" for the name column', async () => {
    const file = await writeWorkbook([{ name: 'S', rows: [['Tên'], ['Mã số', 'Tên', 'Cơ quan thực hiện', 'Mức độ'], ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4']] }]);
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('imported');
    expect(report.header).toEqual({ line: 2, titleRows: 1 });
  });
});
