/**
 * A deterministic, seeded national-scale catalogue for the benchmark: about 63 provinces, each listing its
 * provincial departments', districts' and communes' offerings, as an Excel-style CSV (UTF-8 with BOM, comma,
 * CRLF). Procedure codes and names are real (imports/sample/source, from the National Public Service
 * Portal); provinces are the 63 of 2008–2025; everything else — agencies below province level, which agency
 * carries what, levels, flags — is invented by a seeded PRNG, so the same seed and size give the same bytes.
 *
 * Written row by row to a file, never held in memory, so 1,000,000 rows cost what 1,000 do.
 *
 *   node dist/test/bench/generate.js --rows 120000 --seed 411 --out catalogue.csv
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  classifyField,
  csvField,
  findProjectRoot,
  hash32,
  isCentralOrForeign,
  mulberry32,
  readProcedures,
  type Rng,
  type SampleProcedure,
} from '../../tools/build-sample-catalogue';

export const DEFAULT_ROWS = 120_000;
export const DEFAULT_SEED = 411;

/** Procedures the benchmark's routes open; every district lists them first, so even small files hold them. */
export const ANCHOR_CODE = '1.001612';

export const HEADER: readonly string[] = [
  'Mã thủ tục',
  'Tên thủ tục',
  'Lĩnh vực',
  'Cơ quan thực hiện',
  'Cấp thực hiện',
  'Mức độ',
  'Tích hợp Cổng DVCQG',
  'QĐ 411',
  'Đủ điều kiện',
  'Tình trạng',
  'Đối tượng thực hiện',
  'Thời hạn giải quyết',
  'Phí, lệ phí',
];

/** The 63 provinces and centrally-run cities before the 2025 mergers. Portal codes here are illustrative. */
const PROVINCES: readonly string[] = [
  'thành phố Hà Nội', 'thành phố Hồ Chí Minh', 'thành phố Hải Phòng', 'thành phố Đà Nẵng', 'thành phố Cần Thơ',
  'tỉnh An Giang', 'tỉnh Bà Rịa - Vũng Tàu', 'tỉnh Bắc Giang', 'tỉnh Bắc Kạn', 'tỉnh Bạc Liêu', 'tỉnh Bắc Ninh',
  'tỉnh Bến Tre', 'tỉnh Bình Định', 'tỉnh Bình Dương', 'tỉnh Bình Phước', 'tỉnh Bình Thuận', 'tỉnh Cà Mau',
  'tỉnh Cao Bằng', 'tỉnh Đắk Lắk', 'tỉnh Đắk Nông', 'tỉnh Điện Biên', 'tỉnh Đồng Nai', 'tỉnh Đồng Tháp',
  'tỉnh Gia Lai', 'tỉnh Hà Giang', 'tỉnh Hà Nam', 'tỉnh Hà Tĩnh', 'tỉnh Hải Dương', 'tỉnh Hậu Giang',
  'tỉnh Hòa Bình', 'tỉnh Hưng Yên', 'tỉnh Khánh Hòa', 'tỉnh Kiên Giang', 'tỉnh Kon Tum', 'tỉnh Lai Châu',
  'tỉnh Lâm Đồng', 'tỉnh Lạng Sơn', 'tỉnh Lào Cai', 'tỉnh Long An', 'tỉnh Nam Định', 'tỉnh Nghệ An',
  'tỉnh Ninh Bình', 'tỉnh Ninh Thuận', 'tỉnh Phú Thọ', 'tỉnh Phú Yên', 'tỉnh Quảng Bình', 'tỉnh Quảng Nam',
  'tỉnh Quảng Ngãi', 'tỉnh Quảng Ninh', 'tỉnh Quảng Trị', 'tỉnh Sóc Trăng', 'tỉnh Sơn La', 'tỉnh Tây Ninh',
  'tỉnh Thái Bình', 'tỉnh Thái Nguyên', 'tỉnh Thanh Hóa', 'tỉnh Thừa Thiên Huế', 'tỉnh Tiền Giang',
  'tỉnh Trà Vinh', 'tỉnh Tuyên Quang', 'tỉnh Vĩnh Long', 'tỉnh Vĩnh Phúc', 'tỉnh Yên Bái',
].map((p) => p.normalize('NFC'));

interface Department {
  name: string;
  /** Fields (as classifyField names them, lower case) this department carries. */
  fields: RegExp;
  tier: 'Cấp tỉnh' | 'Cơ quan khác';
}

/** Provincial departments (the pre-2025 structure) and the fields each carries; the first match wins. */
const DEPARTMENTS: readonly Department[] = ([
  { name: 'Công an', fields: /phương tiện giao thông|phòng cháy|an ninh|căn cước|xuất nhập cảnh|cư trú/, tier: 'Cấp tỉnh' },
  { name: 'Ban Quản lý các khu công nghiệp', fields: /khu kinh tế/, tier: 'Cấp tỉnh' },
  { name: 'Sở Tư pháp', fields: /hộ tịch|lý lịch|quốc tịch|con nuôi|công chứng|bổ trợ|đấu giá|trợ giúp pháp lý|bồi thường|phổ biến|chứng thực|hòa giải/, tier: 'Cấp tỉnh' },
  { name: 'Sở Kế hoạch và Đầu tư', fields: /doanh nghiệp|hợp tác xã|đầu tư|đấu thầu|hộ kinh doanh/, tier: 'Cấp tỉnh' },
  { name: 'Sở Tài chính', fields: /công sản|quản lý giá|ngân sách/, tier: 'Cấp tỉnh' },
  { name: 'Sở Lao động - Thương binh và Xã hội', fields: /việc làm|vệ sinh lao động|người có công|bảo trợ|trẻ em|nghề nghiệp|tiền lương/, tier: 'Cấp tỉnh' },
  { name: 'Sở Giáo dục và Đào tạo', fields: /giáo dục và đào tạo/, tier: 'Cấp tỉnh' },
  { name: 'Sở Công Thương', fields: /điện|khí|lưu thông|hóa chất|xúc tiến|công nghiệp|cạnh tranh|năng lượng/, tier: 'Cấp tỉnh' },
  { name: 'Sở Nông nghiệp và Phát triển nông thôn', fields: /thủy lợi|thủy sản|lâm nghiệp|thú y|chăn nuôi|trồng trọt|nông lâm|nông thôn/, tier: 'Cấp tỉnh' },
  { name: 'Sở Tài nguyên và Môi trường', fields: /tài nguyên nước|môi trường|khoáng sản|đo đạc|biển|khí tượng|đất đai/, tier: 'Cấp tỉnh' },
  { name: 'Sở Giao thông vận tải', fields: /đường bộ|đường thủy/, tier: 'Cấp tỉnh' },
  { name: 'Sở Xây dựng', fields: /xây dựng|nhà ở|bất động sản|quy hoạch|hạ tầng/, tier: 'Cấp tỉnh' },
  { name: 'Sở Thông tin và Truyền thông', fields: /báo chí|xuất bản|bưu chính|phát thanh/, tier: 'Cấp tỉnh' },
  { name: 'Sở Văn hóa, Thể thao và Du lịch', fields: /du lịch|thể dục|gia đình|văn hóa/, tier: 'Cấp tỉnh' },
  { name: 'Sở Khoa học và Công nghệ', fields: /khoa học|tiêu chuẩn|bức xạ/, tier: 'Cấp tỉnh' },
  { name: 'Sở Y tế', fields: /dược|thực phẩm|khám bệnh|y tế/, tier: 'Cấp tỉnh' },
  { name: 'Sở Ngoại vụ', fields: /ngoại vụ/, tier: 'Cấp tỉnh' },
  { name: 'Sở Nội vụ', fields: /thi đua|công chức|văn thư|chính quyền|thanh niên|phi chính phủ|tôn giáo|dân tộc/, tier: 'Cấp tỉnh' },
  { name: 'Thanh tra', fields: /khiếu nại/, tier: 'Cấp tỉnh' },
  { name: 'Bảo hiểm xã hội', fields: /bảo hiểm xã hội/, tier: 'Cơ quan khác' },
  { name: 'Cục Thuế', fields: /thuế/, tier: 'Cơ quan khác' },
] as Department[]).map((d) => ({ ...d, name: d.name.normalize('NFC') }));

/** Fields whose procedures districts and communes also carry out. */
const DISTRICT_FIELDS =
  /hộ tịch|chứng thực|hòa giải|bảo trợ|người có công|đất đai|hộ kinh doanh|hợp tác xã|khiếu nại|gia đình|trẻ em|thi đua|giáo dục và đào tạo|hoạt động xây dựng|nhà ở|văn hóa|tôn giáo|dân tộc|công sản|ngân sách|lưu thông|thực phẩm|môi trường|thủy lợi|nông thôn|chăn nuôi|trồng trọt|lâm nghiệp|thể dục|phổ biến|bồi thường|việc làm/;
const COMMUNE_FIELDS =
  /hộ tịch|chứng thực|hòa giải|bảo trợ|người có công|đất đai|khiếu nại|gia đình|trẻ em|thi đua|tôn giáo|lâm nghiệp|thủy lợi|nông thôn|văn hóa|phổ biến|con nuôi|bồi thường/;
/** Fields done mostly below province level: only some of their procedures are provincial too. */
const LOCAL_FIELDS = /hộ tịch|chứng thực|hòa giải|hộ kinh doanh|khiếu nại/;

const PLACE_WORDS = [
  'An', 'Bình', 'Hòa', 'Phú', 'Tân', 'Thạnh', 'Long', 'Đức', 'Nghĩa', 'Sơn', 'Tịnh', 'Phước', 'Hưng', 'Thuận', 'Lợi',
  'Mỹ', 'Vĩnh', 'Quang', 'Trung', 'Đông', 'Tây', 'Nam', 'Bắc', 'Hiệp', 'Thành', 'Lộc', 'Xuân', 'Hải', 'Minh', 'Hồng',
  'Cát', 'Kim', 'Ba', 'Trà', 'Tiên', 'Lạc', 'Yên', 'Thọ', 'Khánh', 'Hà', 'Châu', 'Phong', 'Định', 'Gia', 'Cẩm',
].map((w) => w.normalize('NFC'));

const APPLICANTS = ['Công dân Việt Nam', 'Doanh nghiệp', 'Tổ chức', 'Công dân Việt Nam; Người nước ngoài', 'Hộ kinh doanh; Doanh nghiệp', 'Cơ quan nhà nước'];
const PROCESSING = ['Trong ngày', '01 ngày làm việc', '03 ngày làm việc', '05 ngày làm việc', '07 ngày làm việc', '10 ngày làm việc', '15 ngày làm việc', '20 ngày', '30 ngày'];
const FEES = ['Không', 'Miễn phí', '50.000 đồng', '100.000 đồng', '200.000 đồng/hồ sơ', '1.000.000 đồng', 'Theo quy định tại Thông tư của Bộ Tài chính'];

type LevelStyle = (level: number) => string;
/** How staff write the level, weighted as they are seen in real exports. */
const LEVEL_STYLES: readonly (readonly [LevelStyle, number])[] = [
  [(l) => `Mức độ ${l}`, 45],
  [(l) => `${l}`, 20],
  [(l) => (l === 4 ? 'Toàn trình' : l === 3 ? 'Một phần' : `Mức độ ${l}`), 20],
  [(l) => `Mức ${l}`, 10],
  [(l) => `DVCTT mức độ ${l}`, 5],
];
const FLAG_STYLES: readonly (readonly [string, string])[] = [
  ['Có', 'Không'],
  ['x', ''],
  ['Đã tích hợp', 'Chưa tích hợp'],
];

export interface GeneratorOptions {
  rows: number;
  seed: number;
  /** Procedure codes and names; default: imports/sample/source/dvcqg-procedures.json. */
  procedures?: readonly SampleProcedure[];
}

interface Procedure {
  code: string;
  name: string;
  field: string;
  department: number;
  provincial: boolean;
  district: boolean;
  commune: boolean;
  anchor: boolean;
  applicants: string;
  processing: string;
  fees: string;
}

interface Agency {
  name: string;
  code: string;
  tier: 'Cấp tỉnh' | 'Cơ quan khác' | 'Cấp huyện' | 'Cấp xã';
  p4: number;
  p3: number;
  localized: number;
  level: LevelStyle;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function pickWeighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function defaultProcedures(): SampleProcedure[] {
  const root = findProjectRoot(__dirname);
  if (!root) throw new Error(`no package.json above ${__dirname}`);
  return readProcedures(path.join(root, 'imports', 'sample', 'source', 'dvcqg-procedures.json'));
}

/** Each procedure's national facts (field, department, tiers, details), the same in every province. */
function planProcedures(source: readonly SampleProcedure[], seed: number): Procedure[] {
  const byCode = new Map<string, SampleProcedure>();
  for (const p of source) if (!byCode.has(p.code)) byCode.set(p.code, p);
  const out: Procedure[] = [];
  for (const p of [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    if (isCentralOrForeign(p.name)) continue;
    const rng = mulberry32((hash32(p.code) ^ Math.imul(seed, 0x9e3779b1)) >>> 0);
    const field = classifyField(p.name);
    const lower = field.toLowerCase();
    let department = DEPARTMENTS.findIndex((d) => d.fields.test(lower));
    if (department < 0) department = hash32(field) % DEPARTMENTS.length;
    const anchor = p.code === ANCHOR_CODE || /khai sinh/i.test(p.name);
    out.push({
      code: p.code,
      name: p.name,
      field,
      department,
      provincial: !LOCAL_FIELDS.test(lower) || rng() < 0.3,
      district: anchor || (DISTRICT_FIELDS.test(lower) && rng() < 0.55),
      commune: (anchor && p.code !== ANCHOR_CODE) || (COMMUNE_FIELDS.test(lower) && rng() < 0.65),
      anchor,
      applicants: pick(rng, APPLICANTS),
      processing: pick(rng, PROCESSING),
      fees: pick(rng, FEES),
    });
  }
  return out;
}

function makeAgency(rng: Rng, name: string, code: string, tier: Agency['tier'], p4: readonly [number, number]): Agency {
  return {
    name,
    code,
    tier,
    p4: p4[0] + rng() * (p4[1] - p4[0]),
    p3: 0.2 + rng() * 0.2,
    localized: rng() < 0.4 ? rng() * 0.6 : 0,
    level: pickWeighted(rng, LEVEL_STYLES),
  };
}

/** A place name not yet used in this province ("Tân Phước"; numbered once the two-word names run out). */
function placeName(rng: Rng, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const first = pick(rng, PLACE_WORDS);
    const second = pick(rng, PLACE_WORDS);
    if (first === second) continue;
    const name = attempt < 50 ? `${first} ${second}` : `${first} ${second} ${taken.size + 1}`;
    if (taken.has(name)) continue;
    taken.add(name);
    return name;
  }
}

/**
 * The CSV, one string per record (header first), each ending in CRLF; the first line starts with a BOM.
 * Rows are spread evenly over the provinces; each province lists provincial departments first, then
 * districts, then communes, as many as its share of rows needs.
 */
export function* catalogueLines(options: GeneratorOptions): Generator<string> {
  const { rows, seed } = options;
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`rows must be a positive whole number (got ${rows})`);
  const procedures = planProcedures(options.procedures ?? defaultProcedures(), seed);
  const provincialPool = procedures.filter((p) => p.provincial);
  // A procedure list without local procedures (a test's few names) still fills every tier.
  const orElse = (pool: Procedure[]): Procedure[] => (pool.length > 0 ? pool : procedures);
  const districtPool = orElse(procedures.filter((p) => p.district));
  const communePool = orElse(procedures.filter((p) => p.commune));
  if (procedures.length === 0) throw new Error('no procedures to build a catalogue from');

  yield `\ufeff${HEADER.map(csvField).join(',')}\r\n`;

  for (let pi = 0; pi < PROVINCES.length; pi++) {
    const quota = Math.floor(rows / PROVINCES.length) + (pi < rows % PROVINCES.length ? 1 : 0);
    if (quota === 0) continue;
    const province = PROVINCES[pi] as string;
    const portal = `H${pad(pi + 1, 2)}`;
    const rng = mulberry32((hash32(province) ^ Math.imul(seed, 0x9e3779b1)) >>> 0);
    const [flagYes, flagNo] = pick(rng, FLAG_STYLES);
    let left = quota;

    const row = (p: Procedure, agency: Agency, tiers: string): string => {
      const r = rng();
      const level = r < agency.p4 ? 4 : r < agency.p4 + agency.p3 ? 3 : r < agency.p4 + agency.p3 + 0.25 ? 2 : 1;
      const code = rng() < agency.localized ? `${p.code}.${agency.code}` : p.code;
      const integrated = rng() < (level >= 3 ? 0.6 : 0.1);
      const qd411 = level >= 3 && rng() < 0.2 ? 'x' : '';
      const eligible = rng() < 0.85 ? 'Có' : 'Không';
      const s = rng();
      const status = s < 0.9 ? 'Còn hiệu lực' : s < 0.98 ? '' : 'Bãi bỏ';
      const tierText = rng() < 0.08 ? '' : tiers;
      const cells = [code, p.name, p.field, agency.name, tierText, agency.level(level), integrated ? flagYes : flagNo, qd411, eligible, status, p.applicants, p.processing, p.fees];
      left--;
      return `${cells.map(csvField).join(',')}\r\n`;
    };

    // Provincial departments: a province-specific share of the provincial procedures, each with the
    // department that carries its field.
    const provincialRows = Math.min(provincialPool.length, Math.round(quota * 0.55));
    const chosen = shuffle(rng, provincialPool).slice(0, provincialRows);
    const departments = DEPARTMENTS.map((d, i) =>
      makeAgency(rng, `${d.name} ${province}`, `000.00.${pad(i + 1, 2)}.${portal}`, d.tier, [0.15, 0.55]),
    );
    for (let di = 0; di < DEPARTMENTS.length && left > 0; di++) {
      const agency = departments[di] as Agency;
      const mine = chosen.filter((p) => p.department === di).sort((a, b) => (a.code < b.code ? -1 : 1));
      for (const p of mine) {
        if (left === 0) break;
        const tiers = agency.tier === 'Cấp tỉnh' && /cư trú/.test(p.field) ? 'Cấp tỉnh, Cấp xã' : agency.tier;
        yield row(p, agency, tiers);
      }
    }

    // Then districts, then communes, each listing most of its tier's procedures (the anchors first).
    const districtTarget = Math.round(left / 3);
    const city = province.startsWith('thành phố');
    const places = new Set<string>();
    const districts: string[] = [];
    const ordered = (pool: readonly Procedure[]): Procedure[] => [...pool.filter((p) => p.anchor), ...pool.filter((p) => !p.anchor)];
    let districtRows = 0;
    for (let k = 0; left > 0 && (districtRows < districtTarget || districts.length === 0); k++) {
      const kind = k === 0 ? (city ? 'quận' : 'thành phố') : rng() < 0.15 ? 'thị xã' : city && rng() < 0.6 ? 'quận' : 'huyện';
      const district = `${kind} ${placeName(rng, places)}`;
      districts.push(district);
      const agency = makeAgency(rng, `UBND ${district}, ${province}`, `000.00.${pad(50 + (k % 50), 2)}.${portal}`, 'Cấp huyện', [0.1, 0.4]);
      if (k >= 50) agency.code = `${pad(Math.floor(k / 50), 3)}.00.${pad(50 + (k % 50), 2)}.${portal}`;
      for (const p of ordered(districtPool)) {
        if (left === 0 || districtRows >= districtTarget) break;
        if (!p.anchor && rng() >= 0.9) continue;
        yield row(p, agency, 'Cấp huyện');
        districtRows++;
      }
    }
    for (let j = 0; left > 0; j++) {
      const kind = rng() < (city ? 0.3 : 0.75) ? 'xã' : rng() < 0.7 ? 'phường' : 'thị trấn';
      const k = j % districts.length;
      const agency = makeAgency(
        rng,
        `UBND ${kind} ${placeName(rng, places)}, ${districts[k]}, ${province}`,
        `${pad(Math.floor(j / 100), 3)}.${pad(j % 100, 2)}.${pad(50 + (k % 50), 2)}.${portal}`,
        'Cấp xã',
        [0.05, 0.35],
      );
      for (const p of ordered(communePool)) {
        if (left === 0) break;
        if (!p.anchor && rng() >= 0.9) continue;
        yield row(p, agency, 'Cấp xã');
      }
    }
  }
}

export interface GeneratedFile {
  file: string;
  rows: number;
  bytes: number;
  ms: number;
}

/** Streams the catalogue to a file in chunks of about 1 MB. */
export function writeCatalogueCsv(file: string, options: GeneratorOptions): GeneratedFile {
  const started = process.hrtime.bigint();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let lines = -1;
  try {
    let chunk: string[] = [];
    let chunkChars = 0;
    const flush = (): void => {
      const buffer = Buffer.from(chunk.join(''), 'utf8');
      fs.writeSync(fd, buffer);
      bytes += buffer.length;
      chunk = [];
      chunkChars = 0;
    };
    for (const line of catalogueLines(options)) {
      chunk.push(line);
      chunkChars += line.length;
      lines++;
      if (chunkChars >= 512 * 1024) flush();
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return { file, rows: lines, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = value('--out') ?? 'catalogue.csv';
  const result = writeCatalogueCsv(out, { rows: Number(value('--rows') ?? DEFAULT_ROWS), seed: Number(value('--seed') ?? DEFAULT_SEED) });
  console.log(`${result.rows} offerings, ${(result.bytes / 1e6).toFixed(1)} MB written to ${out} in ${(result.ms / 1000).toFixed(1)} s`);
}
