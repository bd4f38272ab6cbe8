import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { createApp } from '../../server/app';
import { setTarget } from '../../server/services/target-service';
import { AGENCIES, clock, loadYear, only2020Target } from '../coverage-fixtures';
import { addUser, binaryBody, openTestDb, signedInAgent, tempDir, testConfig } from '../helpers';

let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
  await only2020Target(db);
});
afterEach(async () => {
  await db.close();
});

const app = () => createApp({ db, config: testConfig, clock, log: () => undefined });

async function download(url: string): Promise<{ res: request.Response; bytes: Buffer }> {
  const res = await request(app()).get(url).buffer(true).parse(binaryBody).expect(200);
  return { res, bytes: res.body as Buffer };
}

/** What a reader of the document sees: each paragraph's text, in order (table cells are paragraphs too). */
async function paragraphs(bytes: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => unescape([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')));
}

/** The texts of the table row (its cells' paragraphs, in order) whose first cell reads `name`, after `from`. */
async function tableRows(bytes: Buffer): Promise<string[][]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => [...c[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')),
  );
}

describe('GET /coverage/report.docx', () => {
  it('is a Word document in the administrative layout: heading, number, date line, title, Kính gửi, sections, tables, Nơi nhận, signature', async () => {
    await loadYear(db);
    await setTarget(db.kysely, { year: 2020, level4Pct: 40, note: 'Kế hoạch thử' }, 'test', new Date());
    const { res, bytes } = await download('/coverage/report.docx?quarter=2020-Q3');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe('attachment; filename=bao-cao-dvctt-2020-Q3.docx');
    const text = await paragraphs(bytes);

    // The heading block, side by side: the issuing body on the left, the national heading on the right.
    const rows = await tableRows(bytes);
    expect(rows[0]).toEqual([
      'UBND TỈNH QUẢNG NGÃIVĂN PHÒNG UBND TỈNHSố:          /BC-VP',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúcQuảng Ngãi, ngày      tháng      năm 20…',
    ]);
    const at = (line: string) => text.indexOf(line);
    expect(at('BÁO CÁO')).toBeGreaterThan(0);
    expect(at('Kết quả cung cấp dịch vụ công trực tuyến quý III năm 2020')).toBe(at('BÁO CÁO') + 1);
    expect(text).toContain('Kính gửi: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi.');

    // The outline's five sections, in order.
    const sections = ['I. KẾT QUẢ THỰC HIỆN SO VỚI CHỈ TIÊU', 'II. NHIỆM VỤ ĐÃ TRIỂN KHAI', 'III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ TỚI', 'V. ĐỀ XUẤT, KIẾN NGHỊ'];
    const positions = sections.map(at);
    expect(positions.every((p) => p > at('BÁO CÁO'))).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    // The computed parts, as Vietnamese numbers, and the target with its source.
    expect(text.some((p) => p.startsWith('Số liệu tính đến ngày 30/09/2020. Nguồn số liệu: danh mục thủ tục hành chính của tỉnh.'))).toBe(true);
    expect(text.find((p) => p.startsWith('Chỉ tiêu năm 2020'))).toBe('Chỉ tiêu năm 2020: ít nhất 40% thủ tục ở mức độ 4. Căn cứ: Kế hoạch thử.');
    // The province, each of its 14 procedures once at the best level an agency provides it (1.000001, withdrawn at Sở
    // Tư pháp, is still Bình Sơn's at level 4; 1.000004 is level 4 at Bình Sơn): 8 at level 4, 10 at level 3 or above,
    // 8 integrated (1.000001, 2, 4, 5 and the police's four).
    expect(text).toContain(
      'Tính đến ngày 30/09/2020, toàn tỉnh có 14 thủ tục hành chính còn hiệu lực (mỗi thủ tục tính một lần); trong đó 8 (57,1%) thủ tục cung cấp dịch vụ công trực tuyến mức độ 4 (toàn trình), 10 (71,4%) thủ tục từ mức độ 3 trở lên, 8 (57,1%) thủ tục đã tích hợp trên Cổng Dịch vụ công Quốc gia.',
    );
    const row = (name: string, after = 0) => rows.slice(after).find((r) => r[0] === name);
    const province = rows.findIndex((r) => r[0] === 'Chỉ số');
    expect(at('Mỗi thủ tục tính một lần, ở mức tốt nhất mà một cơ quan của tỉnh cung cấp, như Cổng Dịch vụ công quốc gia.')).toBe(at('1. Toàn tỉnh') + 1);
    expect(row('Tổng số thủ tục còn hiệu lực', province)).toEqual(['Tổng số thủ tục còn hiệu lực', '13', '14', '+1']);
    expect(row('Mức độ 3 trở lên', province)).toEqual(['Mức độ 3 trở lên', '8 (61,5%)', '10 (71,4%)', '+9,9 điểm %']);
    expect(row('Mức độ 4', province)).toEqual(['Mức độ 4', '7 (53,8%)', '8 (57,1%)', '+3,3 điểm %']);
    expect(row('Cơ quan đạt chỉ tiêu', province)).toEqual(['Cơ quan đạt chỉ tiêu', '1 / 3', '1 / 3', '0']);
    // The agencies added up (19 offerings), in a table of their own under its heading.
    const sum = rows.findIndex((r, i) => i > province && r[0] === 'Chỉ số');
    expect(sum).toBeGreaterThan(province);
    const sumHeading = text.indexOf('Cộng các cơ quan', at('1. Toàn tỉnh'));
    expect(sumHeading).toBeGreaterThan(at('1. Toàn tỉnh'));
    expect(sumHeading).toBeLessThan(at('2. Theo cơ quan'));
    expect(text[sumHeading + 1]).toBe('Cộng số của từng cơ quan: một thủ tục do nhiều cơ quan thực hiện được tính ở mỗi cơ quan.');
    expect(row('Tổng số thủ tục còn hiệu lực', sum)).toEqual(['Tổng số thủ tục còn hiệu lực', '19', '19', '0']);
    expect(row('Mức độ 3 trở lên', sum)).toEqual(['Mức độ 3 trở lên', '11 (57,9%)', '12 (63,2%)', '+5,3 điểm %']);
    expect(row('Mức độ 4', sum)).toEqual(['Mức độ 4', '8 (42,1%)', '8 (42,1%)', '0,0 điểm %']);
    expect(row('Tích hợp Cổng DVCQG', sum)).toEqual(['Tích hợp Cổng DVCQG', '8 (42,1%)', '9 (47,4%)', '+5,3 điểm %']);
    // How many agencies meet the target is said once, with the province.
    expect(rows.slice(sum, rows.findIndex((r) => r[0] === 'Cơ quan' && r.length === 7)).some((r) => r[0] === 'Cơ quan đạt chỉ tiêu')).toBe(false);
    // The table by agency, the province last; then the agencies below the target.
    const byAgency = rows.findIndex((r) => r[0] === 'Cơ quan' && r.length === 7);
    expect(row(AGENCIES.TP, byAgency)).toEqual([AGENCIES.TP, '9', '5 (55,6%)', '3 (33,3%)', '+3,3 điểm %', '3 (33,3%)', 'Chưa đạt']);
    expect(row('Cộng các cơ quan', byAgency)?.slice(0, 4)).toEqual(['Cộng các cơ quan', '19', '12 (63,2%)', '8 (42,1%)']);
    expect(row('Toàn tỉnh', byAgency)).toEqual(['Toàn tỉnh', '14', '10 (71,4%)', '8 (57,1%)', '+3,3 điểm %', '8 (57,1%)', 'Đạt']);
    const gaps = rows.findIndex((r, i) => i > byAgency && r[0] === 'Cơ quan');

    // The National Portal's five columns, before the 2011 levels: per agency, the agencies added up (19 offerings),
    // and the province as the Portal counts it — 14 procedures, each once at the best level an agency provides it
    // (1.000001, withdrawn at Sở Tư pháp, is still Bình Sơn's; 1.000004 is toàn trình at Bình Sơn).
    expect(at('Theo các cột của Cổng Dịch vụ công quốc gia (Nghị định 42/2022/NĐ-CP)')).toBeLessThan(at('1. Toàn tỉnh'));
    expect(text).toContain(
      'Tính như Cổng Dịch vụ công quốc gia (mỗi thủ tục tính một lần), toàn tỉnh có 14 thủ tục hành chính: 11 thủ tục đủ điều kiện cung cấp dịch vụ công toàn trình; 8 thủ tục đã cung cấp dịch vụ công trực tuyến toàn trình, 2 thủ tục một phần, 4 thủ tục chưa cung cấp dịch vụ công trực tuyến. Tỷ lệ toàn trình: 54,5% số thủ tục đủ điều kiện, 57,1% tổng số thủ tục; điểm chỉ số 766: 68,2 / 100.',
    );
    const portal = rows.findIndex((r) => r[0] === 'Cơ quan' && r.length === 9);
    expect(rows[portal]).toEqual(['Cơ quan', 'Số TTHC', 'Đủ điều kiện toàn trình', 'Đã cung cấp toàn trình', 'Đã cung cấp một phần', 'Chưa cung cấp DVCTT', 'Tỷ lệ toàn trình trên số đủ điều kiện', 'Tỷ lệ toàn trình trên tổng số', 'Điểm chỉ số 766 (thang 100)']);
    expect(row(AGENCIES.TP, portal)).toEqual([AGENCIES.TP, '9', '7', '3', '2', '4', '42,9%', '33,3%', '53,6']);
    expect(row('Cộng các cơ quan', portal)).toEqual(['Cộng các cơ quan', '19', '11', '8', '4', '7', '54,5%', '42,1%', '68,2']);
    expect(row('Toàn tỉnh', portal)).toEqual(['Toàn tỉnh', '14', '11', '8', '2', '4', '54,5%', '57,1%', '68,2']);
    expect(portal).toBeLessThan(byAgency);
    expect(row(AGENCIES.BS, gaps)).toEqual([AGENCIES.BS, '6', '2 (33,3%)', '4', '1']);
    expect(text).toContain('2 cơ quan chưa đạt chỉ tiêu 40%; cần thêm tổng cộng 2 thủ tục mức độ 4.');
    expect(text).toContain('Trong quý, theo danh mục thủ tục hành chính: 1 thủ tục được nâng lên mức độ 4; 1 thủ tục mới tích hợp trên Cổng Dịch vụ công Quốc gia; 1 thủ tục bãi bỏ.');

    // The parts to write are marked, and highlighted so that they are not sent as they are.
    expect(text.filter((p) => p.startsWith('[Phần đơn vị viết:'))).toHaveLength(4);
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml.match(/<w:highlight w:val="yellow"\/>/g)!.length).toBeGreaterThanOrEqual(6);

    // The end: the closing line, recipients and the signature block.
    expect(text).toContain('Trên đây là báo cáo kết quả cung cấp dịch vụ công trực tuyến quý III năm 2020 của Văn phòng UBND tỉnh./.');
    const last = rows[rows.length - 1];
    expect(last[0]).toBe('Nơi nhận:- Như trên;- Lưu: VT.');
    expect(last[1]).toBe('[CHỨC VỤ NGƯỜI KÝ](Ký, ghi rõ họ tên và đóng dấu)[Họ và tên]');

    // A4 and Times New Roman.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toContain('w:ascii="Times New Roman"');
  });

  it('takes the issuing body, Kính gửi, symbol and signer from the link, as text', async () => {
    await loadYear(db);
    const query = new URLSearchParams({
      quarter: '2020-Q3',
      parent: '',
      issuer: 'Sở Tư pháp',
      to: 'Ủy ban nhân dân tỉnh <b>Quảng Ngãi</b>',
      symbol: 'BC-STP',
      signer: 'Giám đốc',
    });
    const { bytes } = await download(`/coverage/report.docx?${query}`);
    const rows = await tableRows(bytes);
    expect(rows[0][0]).toBe('SỞ TƯ PHÁPSố:          /BC-STP');
    const text = await paragraphs(bytes);
    expect(text).toContain('Kính gửi: Ủy ban nhân dân tỉnh <b>Quảng Ngãi</b>.');
    expect(text.some((p) => p.startsWith('Thực hiện chế độ báo cáo định kỳ hằng quý về cung cấp dịch vụ công trực tuyến, Sở Tư pháp báo cáo'))).toBe(true);
    expect(rows[rows.length - 1][1]).toBe('GIÁM ĐỐC(Ký, ghi rõ họ tên và đóng dấu)[Họ và tên]');
  });

  it('with a single import: no figure for the start of the quarter rather than zeros', async () => {
    await loadYear(db);
    const { bytes } = await download('/coverage/report.docx?quarter=2020-Q1');
    const rows = await tableRows(bytes);
    // The province: 3 of its 10 procedures at level 4 on 31/3; the agencies added up: 4 of 16 offerings.
    expect(rows.find((r) => r[0] === 'Mức độ 4')).toEqual(['Mức độ 4', 'Chưa có số liệu', '3 (30,0%)', '—']);
    const sum = rows.findIndex((r, i) => r[0] === 'Chỉ số' && i > rows.findIndex((x) => x[0] === 'Chỉ số'));
    expect(rows.slice(sum).find((r) => r[0] === 'Mức độ 4')).toEqual(['Mức độ 4', 'Chưa có số liệu', '4 (25,0%)', '—']);
    expect(rows.find((r) => r[0] === AGENCIES.TP && r.length === 7)?.[4]).toBe('—');
  });

  it.each([
    ['quarter=2020-Q5', 'Quý "2020-Q5" không hợp lệ'],
    [`quarter=2020-Q3&to=${'x'.repeat(151)}`, 'dài quá 150 ký tự'],
  ])('%s: status 400 and the problem as text, no file', async (query, message) => {
    const res = await request(app()).get(`/coverage/report.docx?${query}`).expect(400);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.text).toContain(message);
  });

  it('is offered from the report page, with the letter fields to fill', async () => {
    await loadYear(db);
    const html = (await request(app()).get('/coverage/report?quarter=2020-Q3').expect(200)).text;
    expect(html).toContain('<form class="form report-letter no-print" method="get" action="/coverage/report.docx">');
    expect(html).toContain('<input type="hidden" name="quarter" value="2020-Q3">');
    expect(html).toMatch(/<label for="to">Kính gửi<\/label>\s*<input type="text" id="to" name="to" value="Sở Khoa học và Công nghệ tỉnh Quảng Ngãi" maxlength="150">/);
  });

  const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
  (soffice ? it : it.skip)('converts to a PDF with LibreOffice, A4, the heading on its first page', async () => {
    await loadYear(db);
    await setTarget(db.kysely, { year: 2020, level4Pct: 40, note: undefined }, 'test', new Date());
    const { bytes } = await download('/coverage/report.docx?quarter=2020-Q3');
    const dir = fs.mkdtempSync(path.join(tempDir(), 'docx-'));
    const file = path.join(dir, 'bao-cao.docx');
    fs.writeFileSync(file, bytes);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { stdio: 'ignore', timeout: 120_000 });
    const pdf = fs.readFileSync(path.join(dir, 'bao-cao.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 is 595 × 842 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 595(\.\d+)? 84[12](\.\d+)?\s*\]/);
  }, 180_000);
});

describe('GET /coverage/report.xlsx', () => {
  it('holds every table of the report, one sheet each, counts as numbers and shares as percents', async () => {
    await loadYear(db);
    await setTarget(db.kysely, { year: 2020, level4Pct: 40, note: undefined }, 'test', new Date());
    const { bytes } = await download('/coverage/report.xlsx?quarter=2020-Q3');
    // The workbook as a file: its sheets, by name, in order.
    const zip = await JSZip.loadAsync(bytes);
    const book = await zip.file('xl/workbook.xml')!.async('string');
    expect([...book.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'Báo cáo 2020-Q3',
      'Toàn tỉnh',
      'Cộng các cơ quan',
      'Đạt mức độ 4 trong quý',
      'Mới tích hợp Cổng DVCQG',
      'Bãi bỏ trong quý',
      'Chưa đạt chỉ tiêu',
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const values = (sheet: string) => workbook.getWorksheet(sheet)!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    // The agencies added up (19 offerings) on a sheet of their own, under their name.
    const province = values('Cộng các cơ quan');
    expect(province[0]).toEqual(['Chỉ số', 'Đầu quý (số)', 'Đầu quý (tỷ lệ)', 'Cuối quý (số)', 'Cuối quý (tỷ lệ)', 'Thay đổi (điểm %)']);
    const level4 = province.find((r) => r[0] === 'Mức độ 4')!;
    expect(level4.slice(0, 2)).toEqual(['Mức độ 4', 8]);
    expect(level4[4] as number).toBeCloseTo(8 / 19, 10);
    expect(workbook.getWorksheet('Cộng các cơ quan')!.getCell('E4').numFmt).toBe('0.00%');
    // The province, each procedure once: 7 of 13 at level 4 on 30/6, 8 of 14 on 30/9.
    const perProcedure = values('Toàn tỉnh');
    expect(perProcedure[0]).toEqual(province[0]);
    const provinceLevel4 = perProcedure.find((r) => r[0] === 'Mức độ 4')!;
    expect(provinceLevel4.slice(0, 2)).toEqual(['Mức độ 4', 7]);
    expect(provinceLevel4[2] as number).toBeCloseTo(7 / 13, 10);
    expect(provinceLevel4[3]).toBe(8);
    expect(provinceLevel4[4] as number).toBeCloseTo(8 / 14, 10);
    const provinceTotal = perProcedure.find((r) => r[0] === 'Tổng số thủ tục còn hiệu lực')!;
    expect([provinceTotal[1], provinceTotal[3]]).toEqual([13, 14]);
    expect(workbook.getWorksheet('Toàn tỉnh')!.getCell('E4').numFmt).toBe('0.00%');
    const reached = values('Đạt mức độ 4 trong quý');
    expect(reached.slice(1)).toEqual([[AGENCIES.TP, '1.000006', 'Chứng thực bản sao', 'Mức độ 2', new Date(Date.UTC(2020, 7, 15))]]);
    expect(values('Bãi bỏ trong quý').slice(1).map((r) => r[1])).toEqual(['1.000001']);
    expect(values('Chưa đạt chỉ tiêu').slice(1).map((r) => [r[0], r[5]])).toEqual([
      [AGENCIES.TP, 1],
      [AGENCIES.BS, 1],
    ]);
  });
});

describe('a fresh install, and the words managers read', () => {
  it('with a single import, the report says there is no figure for the start of the quarter, and marks no agency new', async () => {
    await loadYear(db);
    const html = (await request(app()).get('/coverage/report?quarter=2020-Q1').expect(200)).text;
    expect(html).toContain('Chưa có số liệu cho đầu quý: danh mục được nhập lần đầu với ngày hiệu lực 31/03/2020, nên chỉ có số liệu cuối quý.');
    expect(html).toMatch(/<th scope="row">Mức độ 4<\/th><td class="num">Chưa có số liệu<\/td><td class="num">4 \(25,0%\)<\/td><td class="num">—<\/td>/);
    expect(html).not.toContain('0 (—)');
    expect(html).not.toContain('(mới)');
    // A later quarter has a start, and an agency first listed in it is marked new.
    const q2 = (await request(app()).get('/coverage/report?quarter=2020-Q2').expect(200)).text;
    expect(q2).not.toContain('Chưa có số liệu cho đầu quý');
    expect(q2).toContain(`${AGENCIES.CA} <span class="muted">(mới)</span>`);
  });

  it('the trend says it begins at the first import', async () => {
    await loadYear(db);
    const html = (await request(app()).get('/coverage/trend').expect(200)).text;
    expect(html).toContain('Xu hướng bắt đầu từ lần nhập danh mục đầu tiên, với ngày hiệu lực 31/03/2020; trước đó chưa có số liệu.');
  });

  it('reads a date typed day first, as the ISO date of a link', async () => {
    await loadYear(db);
    const typed = (await request(app()).get('/api/coverage?at=30/06/2020').expect(200)).body;
    const iso = (await request(app()).get('/api/coverage?at=2020-06-30').expect(200)).body;
    expect(typed.asOf).toBe('2020-06-30');
    expect(typed.total).toEqual(iso.total);
    expect((await request(app()).get('/api/coverage?at=31/02/2020').expect(400)).body.problems[0].message).toContain('Nhập ngày dạng ngày/tháng/năm, ví dụ 30/06/2020.');
  });

  it.each(['/coverage', '/coverage/trend', '/coverage/report', '/coverage/report?quarter=2020-Q3'])('%s has no developer words', async (url) => {
    await loadYear(db);
    const html = (await request(app()).get(url).expect(200)).text;
    for (const word of ['npm run', '--as-of', 'migration', 'YYYY-MM-DD']) expect(html).not.toContain(word);
  });

  it.each(['vi', 'en'])('the text a manager reads names no tool, format or command (%s)', async (lang) => {
    await loadYear(db);
    await addUser(db, 'quantri', 'mat-khau-dung-2', 'admin');
    const admin = await signedInAgent(app(), 'quantri', 'mat-khau-dung-2');
    for (const url of ['/coverage', '/coverage?at=30/06/2020', '/coverage/trend', '/coverage/report?quarter=2020-Q3', '/admin/targets']) {
      const html = (await admin.get(`${url}${url.includes('?') ? '&' : '?'}lang=${lang}`).expect(200)).text;
      const visible = html
        .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
        .replace(/<[^>]+>/g, ' ')
        // A download may name its file's kind ("(.csv)"), and the data date line names the imported file.
        .replace(/\(\.(csv|json|xlsx|docx)\b/g, '(')
        .replace(/[\w.-]+\.(csv|xlsx)\b/g, '');
      for (const word of ['npm', '--', 'migration', 'YYYY', 'API', 'JSON', 'CSV', 'json', 'csv']) {
        expect([url, word, visible.includes(word)]).toEqual([url, word, false]);
      }
    }
  });
});
