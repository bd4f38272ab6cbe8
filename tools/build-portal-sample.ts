/**
 * Builds imports/sample/quang-ngai-portal-sample.xlsx: a small workbook laid out like the National Public
 * Service Portal's export ("DANH SÁCH THỦ TỤC HÀNH CHÍNH"), with the "Mức độ" column a clerk adds, made from
 * the first procedures of the sample catalogue (imports/sample/quang-ngai-sample.csv). ILLUSTRATIVE like
 * that file: real codes and names, generated agencies, levels and issuing ministries.
 *
 * The layout: row 1 one merged cell with the national heading and the title (line breaks inside); row 2 the
 * Portal's headers "Mã số | Tên | Cơ quan ban hành | Cơ quan thực hiện | Lĩnh vực" and "Mức độ"; from row 3
 * one row per procedure, its agencies one per line in one cell; one row names no agency (as the Portal's do),
 * so the sample shows that refusal too (import it with --skip-invalid to load the rest).
 *
 * Usage (after `npm run build`): node dist/tools/build-portal-sample.js
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

const PROCEDURES = 40;

/** The ministry that issues a procedure of a field (illustrative, by keyword). */
function issuerOf(field: string): string {
  const f = field.toLocaleLowerCase('vi');
  if (/hộ tịch|chứng thực|lý lịch|luật sư|công chứng|trợ giúp pháp lý|quốc tịch|nuôi con/.test(f)) return 'Bộ Tư pháp';
  if (/xây dựng|nhà ở|quy hoạch/.test(f)) return 'Bộ Xây dựng';
  if (/lao động|việc làm|người có công|bảo trợ|nội vụ|thi đua|tôn giáo/.test(f)) return 'Bộ Nội vụ';
  if (/giáo dục|đào tạo/.test(f)) return 'Bộ Giáo dục và Đào tạo';
  if (/y tế|dược|khám bệnh/.test(f)) return 'Bộ Y tế';
  if (/đất đai|môi trường|tài nguyên|nông|thủy sản|lâm/.test(f)) return 'Bộ Nông nghiệp và Môi trường';
  if (/doanh nghiệp|đầu tư|hộ kinh doanh|thuế|tài chính/.test(f)) return 'Bộ Tài chính';
  return 'Bộ, cơ quan ngang bộ';
}

export async function buildPortalSample(root: string): Promise<string> {
  const text = fs.readFileSync(path.join(root, 'imports/sample/quang-ngai-sample.csv'), 'utf8');
  const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
  const byCode = new Map<string, { name: string; field: string; agencies: string[]; level: string }>();
  for (const r of records) {
    const code = r['Mã thủ tục'].split('.').slice(0, 2).join('.');
    const entry = byCode.get(code);
    if (entry) {
      if (!entry.agencies.includes(r['Cơ quan thực hiện'])) entry.agencies.push(r['Cơ quan thực hiện']);
    } else if (byCode.size < PROCEDURES) {
      byCode.set(code, { name: r['Tên thủ tục'], field: r['Lĩnh vực'], agencies: [r['Cơ quan thực hiện']], level: r['Mức độ'] });
    }
  }

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dvc-catalogue';
  workbook.created = workbook.modified = new Date(Date.UTC(2026, 11, 1));
  const sheet = workbook.addWorksheet('Danh sách TTHC');
  sheet.columns = [{ width: 12 }, { width: 60 }, { width: 28 }, { width: 36 }, { width: 30 }, { width: 12 }];
  const title = sheet.getRow(1);
  title.getCell(1).value = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n\nDANH SÁCH THỦ TỤC HÀNH CHÍNH';
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  title.getCell(1).font = { bold: true };
  title.height = 70;
  sheet.mergeCells('A1:F1');
  const header = sheet.getRow(2);
  header.values = ['Mã số', 'Tên', 'Cơ quan ban hành', 'Cơ quan thực hiện', 'Lĩnh vực', 'Mức độ'];
  header.font = { bold: true };
  let n = 0;
  for (const [code, p] of byCode) {
    const row = sheet.getRow(3 + n);
    // The last procedure names no agency, as some of the Portal's rows do.
    const agencies = n === byCode.size - 1 ? '' : p.agencies.join('\n');
    row.values = [code, p.name, issuerOf(p.field), agencies, p.field, p.level];
    row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
    n++;
  }
  const out = path.join(root, 'imports/sample/quang-ngai-portal-sample.xlsx');
  await workbook.xlsx.writeFile(out);
  return out;
}

function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

if (require.main === module) {
  buildPortalSample(process.argv[2] ?? projectRoot()).then((file) => console.log(`Wrote ${file}`));
}
