/**
 * Builds imports/sample/quang-ngai-sample.csv: an ILLUSTRATIVE catalogue of administrative procedures
 * (thủ tục hành chính) offered by Quảng Ngãi agencies, for demos and import tests.
 *
 * Procedure codes and names are real (National Public Service Portal lists, see source/README.md).
 * Everything else — which agency carries a procedure, its field, tier, online level, flags, applicants,
 * processing time, fees and publishing decision — is generated here by keyword rules and a seeded PRNG,
 * so the output is byte-identical on every run.
 *
 * Usage (after `npm run build`):
 *   node dist/tools/build-sample-catalogue.js [projectRoot]
 * The project root is the CLI argument, else $SAMPLE_ROOT, else the nearest folder above this file
 * that holds package.json.
 *
 * Node built-ins only.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface SampleProcedure {
  code: string;
  name: string;
}

export const SAMPLE_SEED = 20200324; // the date of QĐ 411/QĐ-TTg, for luck
export const TARGET_ROWS = 2000;
export const MAX_ROWS = 2100;
/** Provincial and other agencies get at least this many offerings when the source has enough procedures. */
export const MIN_ROWS_PER_AGENCY = 20;

export const HEADER: readonly string[] = [
  'Mã thủ tục',
  'Tên thủ tục',
  'Lĩnh vực',
  'Cơ quan thực hiện',
  'Mã cơ quan',
  'Cấp thực hiện',
  'Mức độ',
  'Tích hợp Cổng DVCQG',
  'QĐ 411',
  'Đủ điều kiện',
  'Tình trạng',
  'Đối tượng thực hiện',
  'Thời hạn giải quyết',
  'Phí lệ phí',
  'Số quyết định công bố',
  // Illustrative (issue #17): where some offerings are done online, and some procedures' steps and documents.
  'Đường dẫn DVC trực tuyến',
  'Trình tự thực hiện',
  'Cách thức thực hiện',
  'Thành phần hồ sơ',
  'Căn cứ pháp lý',
];

/** The province's public-service portal: the illustrative address of some provincial offerings done online. */
export const SAMPLE_PORTAL_URL = 'https://dichvucong.quangngai.gov.vn/';

/** The sample's agency contacts, beside the catalogue (loaded by the seed). */
export const SAMPLE_CONTACTS_FILE = 'quang-ngai-agencies.csv';

/**
 * Illustrative details for the civil-status procedures (Hộ tịch): their steps and documents as the
 * procedures commonly read, and the two texts that govern civil status. Shown marked "minh hoạ".
 */
const CIVIL_STATUS_DETAILS = [
  'Bước 1: Chuẩn bị hồ sơ theo quy định.\nBước 2: Nộp hồ sơ tại Bộ phận một cửa hoặc trực tuyến trên Cổng dịch vụ công.\nBước 3: Cán bộ kiểm tra hồ sơ, hướng dẫn bổ sung nếu còn thiếu.\nBước 4: Nhận kết quả theo giấy hẹn, tại Bộ phận một cửa, qua bưu chính hoặc trực tuyến.',
  '- Trực tiếp tại Bộ phận tiếp nhận và trả kết quả\n- Trực tuyến trên Cổng dịch vụ công\n- Qua dịch vụ bưu chính công ích',
  '- Tờ khai theo mẫu\n- Giấy tờ tùy thân của người yêu cầu (căn cước)\n- Giấy tờ chứng minh nội dung yêu cầu, theo từng trường hợp',
  'Luật Hộ tịch năm 2014\nNghị định 123/2015/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch',
];

// ---------------------------------------------------------------------------------------------
// Seeded pseudo-random numbers
// ---------------------------------------------------------------------------------------------

export type Rng = () => number;

/** mulberry32: a tiny 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units: stable 32-bit hash of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** An independent stream per key, so one procedure's draws never shift another's. */
function rngFor(seed: number, key: string): Rng {
  return mulberry32((hash32(key) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0);
}

function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function pickWeighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  const last = items[items.length - 1];
  if (last === undefined) throw new Error('pick from an empty list');
  return last[0];
}

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

// ---------------------------------------------------------------------------------------------
// Agencies (illustrative: real Quảng Ngãi names, plausible but invented portal codes)
// ---------------------------------------------------------------------------------------------

type Tier = 'Cấp tỉnh' | 'Cấp huyện' | 'Cấp xã' | 'Cơ quan khác';
type LevelStyle = 'muc-do' | 'digit' | 'new-names';

interface Agency {
  key: string;
  name: string;
  code: string;
  tier: Tier;
  /** Base probability of level 4 and of level 3 for this agency's offerings. */
  p4: number;
  p3: number;
  /** Share of rows exported with the localized code (national code + agency code). */
  localized: number;
  /** How this agency's staff usually write the level. */
  style: LevelStyle;
}

function agency(
  key: string,
  name: string,
  code: string,
  tier: Tier,
  p4: number,
  p3: number,
  localized: number,
  style: LevelStyle,
): Agency {
  return { key, name, code, tier, p4, p3, localized, style };
}

const PROVINCE: readonly Agency[] = [
  agency('noivu', 'Sở Nội vụ', '000.00.01.H48', 'Cấp tỉnh', 0.24, 0.34, 0.2, 'muc-do'),
  agency('tuphap', 'Sở Tư pháp', '000.00.02.H48', 'Cấp tỉnh', 0.46, 0.3, 0.45, 'muc-do'),
  agency('taichinh', 'Sở Tài chính', '000.00.03.H48', 'Cấp tỉnh', 0.42, 0.3, 0.3, 'muc-do'),
  agency('xaydung', 'Sở Xây dựng', '000.00.04.H48', 'Cấp tỉnh', 0.2, 0.36, 0.15, 'digit'),
  agency('congthuong', 'Sở Công Thương', '000.00.05.H48', 'Cấp tỉnh', 0.52, 0.26, 0.6, 'muc-do'),
  agency('nnmt', 'Sở Nông nghiệp và Môi trường', '000.00.06.H48', 'Cấp tỉnh', 0.13, 0.3, 0.25, 'muc-do'),
  agency('gddt', 'Sở Giáo dục và Đào tạo', '000.00.07.H48', 'Cấp tỉnh', 0.36, 0.3, 0.2, 'new-names'),
  agency('yte', 'Sở Y tế', '000.00.08.H48', 'Cấp tỉnh', 0.22, 0.3, 0.1, 'muc-do'),
  agency('vhttdl', 'Sở Văn hóa, Thể thao và Du lịch', '000.00.09.H48', 'Cấp tỉnh', 0.3, 0.32, 0.35, 'muc-do'),
  agency('khcn', 'Sở Khoa học và Công nghệ', '000.00.10.H48', 'Cấp tỉnh', 0.5, 0.26, 0.5, 'new-names'),
  agency('ngoaivu', 'Sở Ngoại vụ', '000.00.11.H48', 'Cấp tỉnh', 0.22, 0.36, 0.2, 'muc-do'),
  agency('dttg', 'Sở Dân tộc và Tôn giáo', '000.00.12.H48', 'Cấp tỉnh', 0.1, 0.26, 0.1, 'digit'),
  agency(
    'bqlkkt',
    'Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi',
    '000.00.13.H48',
    'Cấp tỉnh',
    0.28,
    0.4,
    0.3,
    'muc-do',
  ),
  agency('congan', 'Công an tỉnh Quảng Ngãi', '000.00.14.H48', 'Cấp tỉnh', 0.36, 0.3, 0.4, 'new-names'),
];

const OTHER: readonly Agency[] = [
  agency('bhxh', 'Bảo hiểm xã hội tỉnh Quảng Ngãi', '000.00.15.H48', 'Cơ quan khác', 0.48, 0.28, 0.1, 'muc-do'),
  agency('thue', 'Cục Thuế tỉnh Quảng Ngãi', '000.00.16.H48', 'Cơ quan khác', 0.5, 0.26, 0.1, 'digit'),
];

const DISTRICTS: readonly Agency[] = [
  agency('h52', 'UBND thành phố Quảng Ngãi', '000.00.52.H48', 'Cấp huyện', 0.4, 0.3, 0.5, 'muc-do'),
  agency('h53', 'UBND huyện Bình Sơn', '000.00.53.H48', 'Cấp huyện', 0.34, 0.3, 0.45, 'muc-do'),
  agency('h54', 'UBND huyện Trà Bồng', '000.00.54.H48', 'Cấp huyện', 0.2, 0.3, 0.2, 'digit'),
  agency('h55', 'UBND huyện Sơn Tịnh', '000.00.55.H48', 'Cấp huyện', 0.33, 0.32, 0.3, 'muc-do'),
  agency('h56', 'UBND huyện Tư Nghĩa', '000.00.56.H48', 'Cấp huyện', 0.3, 0.3, 0.3, 'muc-do'),
  agency('h57', 'UBND huyện Sơn Hà', '000.00.57.H48', 'Cấp huyện', 0.18, 0.28, 0.15, 'muc-do'),
  agency('h58', 'UBND huyện Sơn Tây', '000.00.58.H48', 'Cấp huyện', 0.15, 0.28, 0.15, 'digit'),
  agency('h59', 'UBND huyện Minh Long', '000.00.59.H48', 'Cấp huyện', 0.17, 0.3, 0.2, 'muc-do'),
  agency('h60', 'UBND huyện Nghĩa Hành', '000.00.60.H48', 'Cấp huyện', 0.26, 0.3, 0.3, 'new-names'),
  agency('h61', 'UBND huyện Mộ Đức', '000.00.61.H48', 'Cấp huyện', 0.31, 0.32, 0.35, 'muc-do'),
  agency('h62', 'UBND thị xã Đức Phổ', '000.00.62.H48', 'Cấp huyện', 0.36, 0.3, 0.4, 'muc-do'),
  agency('h63', 'UBND huyện Ba Tơ', '000.00.63.H48', 'Cấp huyện', 0.19, 0.3, 0.2, 'muc-do'),
  agency('h64', 'UBND huyện Lý Sơn', '000.00.64.H48', 'Cấp huyện', 0.23, 0.32, 0.25, 'digit'),
];

const COMMUNES: readonly Agency[] = [
  agency('x-tranphu', 'UBND phường Trần Phú', '000.01.52.H48', 'Cấp xã', 0.34, 0.3, 0.5, 'muc-do'),
  agency('x-nghiachanh', 'UBND phường Nghĩa Chánh', '000.04.52.H48', 'Cấp xã', 0.3, 0.3, 0.4, 'muc-do'),
  agency('x-tinhkhe', 'UBND xã Tịnh Khê', '000.21.52.H48', 'Cấp xã', 0.22, 0.3, 0.3, 'digit'),
  agency('x-binhchau', 'UBND xã Bình Châu', '000.12.53.H48', 'Cấp xã', 0.26, 0.3, 0.3, 'muc-do'),
  agency('x-ducloi', 'UBND xã Đức Lợi', '000.09.61.H48', 'Cấp xã', 0.2, 0.28, 0.2, 'muc-do'),
  agency('x-phoninh', 'UBND phường Phổ Ninh', '000.05.62.H48', 'Cấp xã', 0.28, 0.3, 0.35, 'new-names'),
  agency('x-anvinh', 'UBND xã An Vĩnh', '000.02.64.H48', 'Cấp xã', 0.14, 0.26, 0.15, 'muc-do'),
];

export const AGENCIES: readonly Agency[] = [...PROVINCE, ...DISTRICTS, ...COMMUNES, ...OTHER];
const AGENCY_BY_KEY = new Map(AGENCIES.map((a) => [a.key, a] as const));
const AGENCY_ORDER = new Map(AGENCIES.map((a, i) => [a.key, i] as const));

function agencyByKey(key: string): Agency {
  const found = AGENCY_BY_KEY.get(key);
  if (found === undefined) throw new Error(`unknown agency ${key}`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Keyword rules: which procedures are kept, which field each belongs to
// ---------------------------------------------------------------------------------------------

/** A keyword matches as whole words in the lower-cased name. */
function keywordPattern(keywords: readonly string[]): RegExp {
  const escaped = keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'u');
}

/** Central-only or otherwise out of place in a provincial catalogue. Tested on the lower-cased name. */
const CENTRAL_ONLY = keywordPattern([
  'trung ương',
  'cấp bộ',
  'tổng cục',
  'cục',
  'hải quan',
  'hàng không',
  'tàu bay',
  'sân bay',
  'tàu biển',
  'cảng biển',
  'hàng hải',
  'đường sắt',
  'xuất xứ',
  'c/o',
  'cfs',
  'ngân hàng',
  'tổ chức tín dụng',
  'chứng khoán',
  'quỹ mở',
  'quỹ đầu tư',
  'kiểm toán',
  'kế toán',
  'sở hữu công nghiệp',
  'madrid',
  'sáng chế',
  'nhãn hiệu',
  'kiểu dáng công nghiệp',
  'viễn thông',
  'tần số',
  'vô tuyến điện',
  'thủ tướng',
  'chính phủ',
  'quốc phòng',
  'biên phòng',
  'cửa khẩu',
  'quân sự',
  'tòa án',
  'khởi kiện',
  'tố tụng',
  'thi hành án',
  'kho bạc',
  'xuất khẩu',
  'nhập khẩu',
  'tạm nhập',
  'tái xuất',
  'quá cảnh',
  'cấp điện',
  'khảo nghiệm',
  'thử thuốc trên lâm sàng',
  'ưu đãi, miễn trừ',
  'hđnd',
  'hội đồng nhân dân',
  'cấp tw',
  'tw',
  'quốc gia tài trợ',
  'điện hạt nhân',
  'dầu khí',
  'công trình biển',
  'ô nhiễm dầu',
  'chứng chỉ quỹ',
  'quỹ thành viên',
  'quỹ đại chúng',
  'thuê bao',
  'campuchia',
  'biến đổi gen',
  'đăng kiểm viên',
  'tên định danh',
  'brandname',
  'ngoại quan',
  'phòng vệ thương mại',
  'thạc sĩ',
  'tiến sĩ',
  'đại học',
  'thương mại điện tử',
  'kbnn',
  't-van',
  'mật mã',
  'chữ ký điện tử',
  'chứng thư số',
  'tên miền',
  'băng tần',
  'internet',
  'dịch vụ tin cậy',
  'an toàn thông tin mạng',
  'gtld',
  'flegt',
  'cdm',
  'thỏa thuận paris',
  'stockholm',
  'nhãn sinh thái',
  'bản án',
  'vụ án',
  'la hay',
  'pct',
  'chỉ dẫn địa lý',
  'mạch tích hợp',
  'hợp đồng mua bán điện',
  'sử dụng điện',
  'công tơ',
  'đo đếm',
  'séc',
  'đường ngang',
  'lái tàu',
  'tổ bay',
  'dẫn tàu',
  'chìm đắm',
  'cầu cảng',
  'bến cảng',
  'bến phao',
  'idera',
  'aep',
  'pdd',
  'poa-dd',
  'nghị định thư',
  'đề án 2395',
  'tiến sỹ',
  'độ cao công trình',
  'cất hạ cánh',
  'cất, hạ cánh',
  'hoạt động bay',
  'phân loại máy móc',
  'địa điểm kiểm tra',
  'thu gom hàng lẻ',
  'tỷ lệ sở hữu nước ngoài',
  'chuyển khẩu',
  'tạm xuất',
  'trí tuệ nhân tạo',
  'vi mạch',
  'viễn thám',
  'tác động vào thời tiết',
  'an toàn sinh học',
  'sinh hoạt đảng',
  'vàng trang sức',
  'hàm lượng vàng',
  'cử đi học',
  'học tập ở nước ngoài',
  'chuyển nước đến học',
  'cảng cạn',
  'văn bằng bảo hộ',
]);

/** "Bộ Công Thương", "Bộ trưởng": ministries (tested on the original case). */
const MINISTRY = /(?<![\p{L}\p{N}])Bộ (?:[\p{Lu}]|trưởng)/u;

/** Local policies of other provinces and cities ("trên địa bàn tỉnh Thanh Hóa"). */
const OTHER_PROVINCE = /(?<![\p{L}\p{N}])(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?) (?!Quảng Ngãi)\p{Lu}/u;

export function isCentralOrForeign(name: string): boolean {
  return CENTRAL_ONLY.test(name.toLowerCase()) || MINISTRY.test(name) || OTHER_PROVINCE.test(name);
}

type Audience = 'citizen' | 'citizenForeign' | 'business' | 'org' | 'mixed' | 'staff';
type Speed = 'fast' | 'medium' | 'slow';
type Fee = 'free' | 'small' | 'medium' | 'large';

interface FieldSpec {
  field: string;
  keywords: readonly string[];
  /** Provincial (or other) agency that carries the field, if any. */
  agency: string | null;
  /** Probability that a procedure of the field is offered at each tier. */
  province: number;
  district: number;
  commune: number;
  audience: Audience;
  speed: Speed;
  fee: Fee;
  /** Added to the agency's level-4 probability. */
  bonus4: number;
}

function spec(
  field: string,
  keywords: readonly string[],
  agencyKey: string | null,
  tiers: readonly [number, number, number],
  audience: Audience,
  speed: Speed,
  fee: Fee,
  bonus4 = 0,
): FieldSpec {
  const [province, district, commune] = tiers;
  return { field, keywords, agency: agencyKey, province, district, commune, audience, speed, fee, bonus4 };
}

/** First match wins, so specific phrases come before broad ones. */
const FIELD_SPECS: readonly FieldSpec[] = [
  // Công an
  spec('Đăng ký, quản lý phương tiện giao thông', ['đăng ký xe', 'biển số xe', 'thu hồi đăng ký, biển số', 'đăng ký, cấp biển số', 'đăng ký, biển số', 'di chuyển xe'], 'congan', [1, 0, 0], 'citizen', 'fast', 'medium', 0.15),
  spec('Phòng cháy, chữa cháy', ['phòng cháy', 'chữa cháy', 'cứu nạn, cứu hộ'], 'congan', [1, 0, 0], 'mixed', 'medium', 'free'),
  spec('Vật liệu nổ công nghiệp, tiền chất thuốc nổ', ['vật liệu nổ công nghiệp', 'tiền chất thuốc nổ'], 'congthuong', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Quản lý ngành nghề đầu tư kinh doanh có điều kiện về an ninh, trật tự', ['vũ khí', 'công cụ hỗ trợ', 'pháo hoa', 'pháo', 'con dấu', 'an ninh, trật tự', 'điều kiện về an ninh', 'dấu nổi'], 'congan', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Cấp, quản lý căn cước', ['căn cước', 'chứng minh nhân dân', 'định danh', 'danh tính điện tử'], 'congan', [1, 0, 0], 'citizen', 'medium', 'small', 0.1),
  spec('Quản lý xuất nhập cảnh', ['hộ chiếu', 'xuất cảnh', 'nhập cảnh', 'xuất nhập cảnh', 'thị thực', 'giấy thông hành'], 'congan', [1, 0, 0], 'citizenForeign', 'medium', 'medium', 0.1),
  spec('Du lịch', ['du lịch', 'lữ hành', 'hướng dẫn viên'], 'vhttdl', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Đăng ký, quản lý cư trú', ['tạm trú', 'thường trú', 'cư trú', 'lưu trú', 'tạm vắng', 'tách hộ'], 'congan', [1, 0, 0], 'citizenForeign', 'fast', 'small', 0.25),
  // Tư pháp
  spec('Hộ tịch', ['khai sinh', 'khai tử', 'kết hôn', 'ly hôn', 'hộ tịch', 'nhận cha', 'nhận mẹ', 'nhận cha, mẹ, con', 'giám hộ', 'cải chính', 'xác định lại dân tộc', 'tình trạng hôn nhân', 'hôn nhân'], 'tuphap', [0.3, 0.75, 0.75], 'citizenForeign', 'fast', 'small', 0.12),
  spec('Chứng thực', ['chứng thực'], null, [0, 0.9, 0.9], 'mixed', 'fast', 'small', 0.05),
  spec('Lý lịch tư pháp', ['lý lịch tư pháp'], 'tuphap', [1, 0, 0], 'citizenForeign', 'medium', 'small', 0.2),
  spec('Quốc tịch', ['quốc tịch'], 'tuphap', [1, 0, 0], 'citizenForeign', 'slow', 'large'),
  spec('Nuôi con nuôi', ['con nuôi'], 'tuphap', [1, 0, 0.4], 'citizenForeign', 'slow', 'medium'),
  spec('Công chứng', ['công chứng', 'công chứng viên'], 'tuphap', [1, 0, 0], 'citizen', 'medium', 'medium'),
  spec('Bổ trợ tư pháp', ['luật sư', 'công ty luật', 'tổ chức hành nghề luật sư', 'thừa phát lại', 'giám định tư pháp', 'giám định viên', 'trọng tài', 'quản tài viên', 'tư vấn pháp luật'], 'tuphap', [1, 0, 0], 'citizen', 'medium', 'medium'),
  spec('Đấu giá tài sản', ['đấu giá'], 'tuphap', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Trợ giúp pháp lý', ['trợ giúp pháp lý'], 'tuphap', [1, 0, 0], 'citizen', 'medium', 'free'),
  spec('Hòa giải ở cơ sở', ['hòa giải', 'hoà giải'], null, [0, 0.3, 1], 'citizen', 'fast', 'free'),
  spec('Bồi thường nhà nước', ['bồi thường nhà nước', 'trách nhiệm bồi thường', 'yêu cầu bồi thường', 'phục hồi danh dự', 'giải quyết bồi thường'], 'tuphap', [1, 0.5, 0.3], 'citizen', 'slow', 'free'),
  spec('Phổ biến, giáo dục pháp luật', ['phổ biến, giáo dục pháp luật', 'báo cáo viên pháp luật', 'tuyên truyền viên pháp luật', 'tủ sách pháp luật'], 'tuphap', [1, 0.3, 0.3], 'citizen', 'medium', 'free'),
  // Lao động, người có công, xã hội (Sở Nội vụ / Sở Y tế since 2025)
  spec('Việc làm', ['bảo hiểm thất nghiệp', 'trợ cấp thất nghiệp', 'việc làm', 'thất nghiệp', 'lao động là người nước ngoài', 'giấy phép lao động', 'cho thuê lại lao động', 'học nghề', 'đi làm việc ở nước ngoài', 'người chưa đủ 13 tuổi', 'lao động chưa thành niên', 'thu hút lao động'], 'noivu', [1, 0.1, 0], 'citizen', 'medium', 'free', 0.1),
  spec('Bảo hiểm xã hội', ['bảo hiểm xã hội', 'bhxh', 'bảo hiểm y tế', 'bhyt', 'tai nạn lao động', 'bệnh nghề nghiệp', 'thai sản', 'ốm đau', 'lương hưu', 'hưu trí', 'tử tuất', 'tnlđ', 'bnn'], 'bhxh', [1, 0, 0], 'citizen', 'medium', 'free', 0.05),
  spec('An toàn, vệ sinh lao động', ['an toàn lao động', 'an toàn, vệ sinh lao động', 'kiểm định kỹ thuật an toàn'], 'noivu', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Người có công', ['người có công', 'liệt sĩ', 'liệt sỹ', 'thương binh', 'bệnh binh', 'ưu đãi người có công', 'kháng chiến', 'chất độc hóa học', 'bà mẹ việt nam anh hùng', 'thờ cúng liệt sĩ', 'đối tượng chính sách'], 'noivu', [0.5, 0.7, 0.5], 'citizen', 'medium', 'free'),
  spec('Bảo trợ xã hội', ['bảo trợ xã hội', 'trợ giúp xã hội', 'trợ cấp xã hội', 'khuyết tật', 'hộ nghèo', 'cận nghèo', 'người cao tuổi', 'mai táng', 'hỏa táng', 'hoả táng', 'cai nghiện', 'ma túy', 'nạn nhân'], 'yte', [0.3, 0.8, 0.6], 'citizen', 'medium', 'free'),
  spec('Trẻ em', ['trẻ em', 'phẫu thuật tim'], 'yte', [0.4, 0.6, 0.5], 'citizen', 'medium', 'free'),
  spec('Giáo dục nghề nghiệp', ['giáo dục nghề nghiệp', 'trường trung cấp', 'trường cao đẳng', 'cao đẳng', 'trung cấp', 'sơ cấp', 'đào tạo nghề', 'kỹ năng nghề'], 'gddt', [1, 0.1, 0], 'org', 'slow', 'free'),
  spec('Tiền lương', ['tiền lương', 'thang lương', 'bảng lương'], 'noivu', [1, 0, 0], 'business', 'medium', 'free'),
  // Nội vụ, tôn giáo
  spec('Thi đua, khen thưởng', ['thi đua', 'khen thưởng', 'bằng khen', 'giấy khen', 'danh hiệu', 'huân chương', 'huy chương', 'kỷ niệm chương', 'chiến sĩ thi đua', 'gương điển hình', 'lao động xuất sắc'], 'noivu', [1, 0.5, 0.25], 'staff', 'slow', 'free'),
  // construction permits mention "tín ngưỡng, tôn giáo" works, so they come before the religion rule
  spec('Hoạt động xây dựng', ['giấy phép xây dựng', 'cấp phép xây dựng', 'chứng chỉ hành nghề hoạt động xây dựng', 'năng lực hoạt động xây dựng', 'công trình xây dựng', 'thiết kế xây dựng', 'chuyên ngành xây dựng', 'nghiệm thu', 'giấy phép di dời', 'công trình cấp đặc biệt', 'sửa chữa, cải tạo công trình'], 'xaydung', [1, 0.6, 0], 'mixed', 'slow', 'medium', -0.05),
  spec('Tôn giáo', ['tôn giáo', 'tín ngưỡng', 'chức sắc', 'nhà tu hành', 'giáo hội', 'dòng tu', 'tu viện', 'giáo xứ', 'chức việc', 'cơ sở tôn giáo'], 'dttg', [1, 0.5, 0.4], 'org', 'slow', 'free'),
  spec('Công tác dân tộc', ['dân tộc thiểu số', 'người có uy tín', 'dân tộc'], 'dttg', [1, 0.4, 0], 'citizen', 'medium', 'free'),
  spec('Công chức, viên chức', ['công chức', 'viên chức', 'tuyển dụng', 'thi tuyển', 'nâng ngạch', 'thăng hạng', 'chuyển ngạch'], 'noivu', [1, 0.3, 0], 'staff', 'slow', 'medium'),
  spec('Văn thư và lưu trữ', ['văn thư', 'lưu trữ', 'tài liệu lưu trữ'], 'noivu', [1, 0.2, 0], 'mixed', 'fast', 'small'),
  spec('Chính quyền địa phương', ['chính quyền địa phương', 'thôn, tổ dân phố', 'tổ dân phố', 'đơn vị hành chính'], 'noivu', [1, 0.3, 0.2], 'org', 'slow', 'free'),
  spec('Công tác thanh niên', ['thanh niên'], 'noivu', [1, 0.2, 0], 'citizen', 'medium', 'free'),
  // Giáo dục
  spec('Giáo dục và Đào tạo', ['trường mầm non', 'trường mẫu giáo', 'nhà trẻ', 'nhóm trẻ', 'lớp mẫu giáo', 'trường tiểu học', 'trường trung học', 'trường phổ thông', 'trường chuyên', 'trường đại học', 'đại học', 'giáo dục', 'học sinh', 'sinh viên', 'văn bằng', 'bằng tốt nghiệp', 'tốt nghiệp', 'mầm non', 'tiểu học', 'trung học cơ sở', 'trung học phổ thông', 'tuyển sinh', 'xét tuyển', 'giáo viên', 'học bổng', 'du học', 'ngoại ngữ', 'tin học', 'dạy thêm', 'học thêm', 'chứng chỉ ngoại ngữ', 'chứng chỉ tin học', 'đào tạo thạc sĩ', 'đào tạo tiến sĩ', 'liên kết đào tạo', 'thư viện trường', 'trung tâm học tập cộng đồng', 'bản sao từ sổ gốc'], 'gddt', [1, 0.45, 0], 'citizen', 'medium', 'free', 0.05),
  // Y tế
  spec('An toàn bức xạ và hạt nhân', ['bức xạ', 'hạt nhân', 'x-quang', 'chất phóng xạ', 'phóng xạ', 'nguồn phóng xạ', 'năng lượng nguyên tử'], 'khcn', [1, 0, 0], 'org', 'slow', 'large'),
  spec('Dược phẩm', ['dược', 'mỹ phẩm', 'thuốc phóng xạ', 'nhà thuốc', 'quầy thuốc', 'thuốc thành phẩm', 'thuốc gây nghiện', 'thuốc hướng thần', 'dược liệu', 'thuốc cổ truyền'], 'yte', [1, 0.05, 0], 'business', 'medium', 'large'),
  spec('An toàn thực phẩm', ['an toàn thực phẩm', 'vệ sinh thực phẩm', 'thực phẩm'], 'yte', [1, 0.3, 0], 'business', 'medium', 'medium'),
  spec('Khám bệnh, chữa bệnh', ['khám bệnh', 'chữa bệnh', 'hành nghề khám', 'phòng khám', 'bệnh viện', 'hành nghề y', 'y học cổ truyền', 'lương y', 'bài thuốc', 'giấy phép hành nghề', 'chuyên môn kỹ thuật'], 'yte', [1, 0.05, 0], 'citizen', 'slow', 'large', -0.05),
  spec('Trang thiết bị y tế', ['trang thiết bị y tế', 'thiết bị y tế'], 'yte', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Y tế dự phòng', ['y tế', 'tiêm chủng', 'xét nghiệm', 'giám định y khoa', 'hiv', 'dân số', 'kế hoạch hóa gia đình', 'bệnh truyền nhiễm', 'kiểm dịch y tế', 'sức khỏe', 'giấy khám sức khỏe', 'giám định pháp y', 'điều trị nghiện', 'thuốc thay thế'], 'yte', [1, 0.1, 0.1], 'mixed', 'medium', 'medium'),
  // Khoa học và công nghệ, strong phrases (before tax, transport, trade, investment and budget rules)
  spec('Hoạt động khoa học và công nghệ', ['nhiệm vụ khoa học', 'khoa học và công nghệ', 'khoa học, công nghệ', 'chuyển giao công nghệ', 'đổi mới công nghệ', 'ươm tạo công nghệ', 'sáng kiến', 'đổi mới sáng tạo', 'khởi nghiệp'], 'khcn', [1, 0, 0], 'org', 'slow', 'medium', 0.05),
  spec('Tiêu chuẩn đo lường chất lượng', ['hợp quy', 'công bố hợp quy', 'hợp chuẩn', 'áp dụng tiêu chuẩn', 'tiêu chuẩn cơ sở', 'tiêu chuẩn, đo lường', 'đo lường', 'phương tiện đo', 'chuẩn đo lường', 'chứng nhận hợp chuẩn', 'hợp quy', 'mã số, mã vạch', 'mã số mã vạch', 'đánh giá sự phù hợp', 'năng suất, chất lượng', 'chất lượng sản phẩm', 'dấu định lượng', 'chuẩn quốc gia', 'hoạt động thử nghiệm', 'hoạt động chứng nhận', 'hoạt động giám định', 'hoạt động kiểm định', 'kiểm định viên', 'giải thưởng chất lượng', 'thực hành tốt phòng thí nghiệm'], 'khcn', [1, 0, 0], 'business', 'medium', 'medium', 0.05),
  // Thuế
  spec('Thuế', ['thuế', 'khai phí', 'lệ phí trước bạ', 'hóa đơn', 'hoá đơn', 'người nộp thuế', 'biên lai', 'tem điện tử', 'chứng từ điện tử'], 'thue', [1, 0, 0], 'business', 'fast', 'free', 0.08),
  // Giao thông (Sở Xây dựng since 2025) — before the generic construction and land rules
  spec('Đường bộ', ['giấy phép lái xe', 'lái xe', 'sát hạch', 'vận tải', 'đường bộ', 'ô tô', 'xe ô tô', 'bến xe', 'trạm dừng nghỉ', 'phương tiện giao thông', 'đấu nối tạm', 'đấu nối vào đường', 'kết nối với đường bộ', 'nút giao', 'kết cấu hạ tầng giao thông', 'liên vận', 'xe cơ giới', 'taxi', 'xe buýt', 'hàng hóa nguy hiểm', 'xe mô tô', 'xe gắn máy', 'xe tập lái', 'thời gian lưu hành', 'đường cao tốc', 'an toàn giao thông', 'phù hiệu', 'vỉa hè', 'lòng đường'], 'xaydung', [1, 0.15, 0], 'mixed', 'medium', 'medium', 0.1),
  spec('Đường thủy nội địa', ['đường thủy', 'đường thuỷ', 'thủy nội địa', 'thuỷ nội địa', 'bến thủy', 'cảng thủy', 'bến khách ngang sông', 'phà', 'phương tiện thủy', 'dưới nước', 'thuyền viên', 'đăng ký phương tiện', 'đăng ký lại phương tiện', 'xóa đăng ký phương tiện', 'khu neo đậu', 'luồng', 'thuyền trưởng', 'máy trưởng', 'khả năng chuyên môn'], 'xaydung', [1, 0.1, 0], 'mixed', 'medium', 'medium'),
  // Đất đai, strong phrases (before "nhà ở", which they often mention too)
  spec('Đất đai', ['đất đai', 'quyền sử dụng đất', 'tài sản gắn liền với đất', 'đăng ký biến động', 'tái định cư'], 'nnmt', [0.75, 0.75, 0.3], 'mixed', 'slow', 'medium', -0.08),
  // Xây dựng
  spec('Nhà ở', ['nhà ở', 'số nhà', 'biển số nhà', 'nhà ở xã hội', 'chung cư'], 'xaydung', [0.8, 0.5, 0.15], 'citizen', 'medium', 'small'),
  spec('Kinh doanh bất động sản', ['bất động sản', 'sàn giao dịch'], 'xaydung', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Quy hoạch xây dựng, kiến trúc', ['quy hoạch', 'kiến trúc', 'chứng chỉ quy hoạch'], 'xaydung', [1, 0.4, 0], 'org', 'slow', 'medium'),
  spec('Vật liệu xây dựng', ['vật liệu xây dựng', 'xi măng'], 'xaydung', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Hạ tầng kỹ thuật', ['cấp nước', 'thoát nước', 'chiếu sáng', 'nghĩa trang', 'cây xanh', 'hạ tầng kỹ thuật'], 'xaydung', [1, 0.3, 0], 'org', 'medium', 'medium'),
  // Nông nghiệp và Môi trường
  spec('Tài nguyên nước', ['tài nguyên nước', 'nước dưới đất', 'nước mặt', 'nước biển', 'khai thác nước', 'xả nước thải', 'xả thải', 'hành nghề khoan nước', 'khoan nước', 'mặt nước'], 'nnmt', [1, 0.1, 0], 'org', 'slow', 'large', -0.05),
  spec('Môi trường', ['môi trường', 'chất thải', 'nước thải', 'phế liệu', 'tác động môi trường', 'đa dạng sinh học', 'nguồn gen', 'loài nguy cấp', 'tín chỉ các-bon', 'tràn dầu'], 'nnmt', [1, 0.3, 0.05], 'business', 'slow', 'large'),
  spec('Địa chất và khoáng sản', ['khoáng sản', 'tận thu', 'địa chất'], 'nnmt', [1, 0, 0], 'business', 'slow', 'large', -0.05),
  spec('Đo đạc, bản đồ và thông tin địa lý', ['đo đạc', 'bản đồ', 'thông tin địa lý'], 'nnmt', [1, 0, 0], 'org', 'medium', 'medium'),
  spec('Biển và hải đảo', ['khu vực biển', 'hải đảo', 'nhận chìm', 'vùng biển'], 'nnmt', [1, 0, 0], 'org', 'slow', 'large'),
  spec('Khí tượng thủy văn', ['khí tượng', 'thủy văn', 'thuỷ văn'], 'nnmt', [1, 0, 0], 'org', 'medium', 'medium'),
  spec('Thủy lợi', ['thủy lợi', 'thuỷ lợi', 'đê điều', 'đê', 'hồ chứa', 'đập', 'phòng, chống thiên tai', 'thiên tai'], 'nnmt', [1, 0.3, 0.1], 'org', 'medium', 'free'),
  spec('Thủy sản', ['thủy sản', 'thuỷ sản', 'tàu cá', 'cảng cá', 'nghề cá', 'khai thác thủy sản', 'nuôi trồng', 'giám sát hành trình', 'ngư dân'], 'nnmt', [1, 0.3, 0.05], 'mixed', 'medium', 'medium'),
  spec('Lâm nghiệp', ['lâm nghiệp', 'rừng', 'lâm sản', 'gỗ', 'động vật rừng', 'lâm sinh', 'cites'], 'nnmt', [1, 0.3, 0.15], 'mixed', 'medium', 'free'),
  spec('Thú y', ['thú y', 'kiểm dịch', 'động vật', 'dịch bệnh động vật', 'giết mổ'], 'nnmt', [1, 0.15, 0], 'business', 'medium', 'medium'),
  spec('Chăn nuôi', ['chăn nuôi', 'thức ăn chăn nuôi', 'giống vật nuôi', 'vật nuôi', 'phối giống', 'gia súc', 'thức ăn bổ sung'], 'nnmt', [1, 0.2, 0], 'business', 'medium', 'medium'),
  spec('Trồng trọt và bảo vệ thực vật', ['bảo vệ thực vật', 'phân bón', 'giống cây', 'trồng trọt', 'thực vật', 'cây trồng', 'lúa', 'rau an toàn', 'cây đầu dòng', 'vườn cây', 'cây ăn quả'], 'nnmt', [1, 0.2, 0.05], 'business', 'medium', 'medium'),
  spec('Quản lý chất lượng nông lâm sản và thủy sản', ['nông lâm sản', 'nông sản', 'chất lượng nông'], 'nnmt', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Kinh tế hợp tác và phát triển nông thôn', ['nông thôn', 'nông thôn mới', 'trang trại', 'làng nghề', 'ocop', 'liên kết theo chuỗi', 'chuỗi giá trị', 'sản xuất nông nghiệp', 'nông nghiệp', 'sản xuất cộng đồng', 'khuyến nông'], 'nnmt', [1, 0.4, 0.15], 'mixed', 'medium', 'free'),
  spec('Đất đai', ['đất đai', 'quyền sử dụng đất', 'sử dụng đất', 'giao đất', 'thuê đất', 'cho thuê đất', 'thu hồi đất', 'đất', 'tài sản gắn liền với đất', 'giấy chứng nhận đã cấp', 'đăng ký biến động', 'biện pháp bảo đảm', 'thế chấp'], 'nnmt', [0.75, 0.75, 0.3], 'mixed', 'slow', 'medium', -0.08),
  // Công Thương
  spec('Điện', ['điện lực', 'hoạt động điện', 'phát điện', 'phân phối điện', 'bán lẻ điện', 'bán buôn điện', 'truyền tải điện', 'lưới điện', 'tư vấn chuyên ngành điện', 'kiểm tra viên điện lực', 'giá điện', 'điện mặt trời'], 'congthuong', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Kinh doanh khí', ['khí dầu mỏ', 'lpg', 'khí hóa lỏng', 'khí thiên nhiên', 'cng', 'lng'], 'congthuong', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Lưu thông hàng hóa trong nước', ['xăng dầu', 'rượu', 'thuốc lá', 'sản phẩm thuốc lá', 'bán buôn', 'bán lẻ', 'chợ', 'siêu thị', 'trung tâm thương mại', 'cơ sở bán lẻ', 'mua bán hàng hóa', 'thương nhân nước ngoài', 'văn phòng đại diện của thương nhân'], 'congthuong', [1, 0.3, 0], 'business', 'medium', 'medium', 0.05),
  spec('Hóa chất', ['hóa chất', 'hoá chất', 'tiền chất'], 'congthuong', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Xúc tiến thương mại', ['khuyến mại', 'hội chợ', 'triển lãm thương mại', 'xúc tiến thương mại'], 'congthuong', [1, 0, 0], 'business', 'fast', 'free', 0.15),
  spec('Công nghiệp địa phương', ['khuyến công', 'cụm công nghiệp', 'công nghiệp hỗ trợ', 'công nghiệp địa phương'], 'congthuong', [1, 0.2, 0], 'business', 'medium', 'free'),
  spec('Quản lý cạnh tranh', ['bán hàng đa cấp', 'cạnh tranh'], 'congthuong', [1, 0, 0], 'business', 'medium', 'free'),
  spec('Năng lượng', ['năng lượng', 'tiết kiệm năng lượng'], 'congthuong', [1, 0, 0], 'business', 'medium', 'free'),
  // Kế hoạch, đầu tư, tài chính (Sở Tài chính since 2025)
  spec('Thành lập và hoạt động của hộ kinh doanh', ['hộ kinh doanh'], null, [0, 1, 0], 'citizen', 'fast', 'small', 0.1),
  spec('Thành lập và hoạt động hợp tác xã', ['hợp tác xã', 'liên hiệp hợp tác xã', 'tổ hợp tác'], 'taichinh', [0.6, 0.7, 0], 'business', 'fast', 'small', 0.05),
  spec('Đầu tư tại Việt Nam', ['đầu tư', 'nhà đầu tư', 'dự án đầu tư', 'chủ trương đầu tư', 'hợp đồng bcc', 'ppp', 'đối tác công tư', 'hợp đồng bt'], 'taichinh', [1, 0.15, 0], 'business', 'slow', 'free'),
  spec('Thành lập và hoạt động doanh nghiệp', ['doanh nghiệp', 'đăng ký kinh doanh', 'chi nhánh', 'văn phòng đại diện', 'địa điểm kinh doanh', 'công ty', 'vốn điều lệ', 'cổ phần'], 'taichinh', [1, 0, 0], 'business', 'fast', 'small', 0.18),
  spec('Đấu thầu', ['đấu thầu', 'nhà thầu', 'lựa chọn nhà thầu', 'mời thầu'], 'taichinh', [1, 0.1, 0], 'business', 'medium', 'medium'),
  spec('Quản lý công sản', ['tài sản công', 'tài sản kết cấu hạ tầng', 'công sản', 'tài sản nhà nước', 'xác lập quyền sở hữu'], 'taichinh', [1, 0.25, 0], 'org', 'slow', 'free'),
  spec('Quản lý giá', ['bình ổn giá', 'hiệp thương giá', 'giá dịch vụ', 'giá bán', 'kê khai giá', 'định giá', 'thẩm định giá'], 'taichinh', [1, 0.1, 0], 'business', 'medium', 'free'),
  spec('Tài chính ngân sách', ['ngân sách', 'quyết toán', 'vốn oda', 'vốn vay ưu đãi', 'vốn đầu tư công', 'viện trợ', 'tài chính', 'xổ số'], 'taichinh', [1, 0.2, 0], 'org', 'slow', 'free'),
  // Văn hóa, thể thao
  spec('Thể dục thể thao', ['thể thao', 'thể dục', 'câu lạc bộ', 'võ', 'yoga', 'bơi', 'lặn', 'golf'], 'vhttdl', [1, 0.2, 0], 'business', 'medium', 'medium'),
  spec('Gia đình', ['gia đình', 'bạo lực gia đình', 'bình đẳng giới'], 'vhttdl', [0.5, 0.6, 0.5], 'citizen', 'medium', 'free'),
  spec('Văn hóa', ['văn hóa', 'văn hoá', 'di sản', 'di tích', 'bảo tàng', 'nghệ thuật', 'biểu diễn', 'mỹ thuật', 'nhiếp ảnh', 'karaoke', 'vũ trường', 'quảng cáo', 'lễ hội', 'thư viện', 'điện ảnh', 'phim', 'tượng đài', 'tranh hoành tráng', 'nghệ nhân', 'bản quyền', 'quyền tác giả', 'cổ vật', 'bảo vật', 'quyền liên quan', 'người đẹp', 'người mẫu', 'khai quật', 'khảo cổ'], 'vhttdl', [1, 0.35, 0.1], 'mixed', 'medium', 'medium'),
  // Khoa học và Công nghệ (incl. former Sở Thông tin và Truyền thông)
  spec('Báo chí', ['báo chí', 'phóng viên', 'bản tin', 'tạp chí', 'họp báo', 'báo in', 'báo điện tử'], 'khcn', [1, 0, 0], 'org', 'medium', 'free'),
  spec('Xuất bản, in và phát hành', ['xuất bản', 'xuất bản phẩm', 'hoạt động in', 'cơ sở in', 'phát hành', 'máy photocopy', 'in ấn'], 'khcn', [1, 0, 0], 'business', 'medium', 'free'),
  spec('Bưu chính', ['bưu chính', 'bưu phẩm', 'tem bưu chính'], 'khcn', [1, 0, 0], 'business', 'medium', 'medium'),
  spec('Phát thanh, truyền hình và thông tin điện tử', ['phát thanh', 'truyền hình', 'thông tin điện tử', 'trang thông tin', 'mạng xã hội', 'trò chơi điện tử', 'điểm cung cấp dịch vụ trò chơi'], 'khcn', [1, 0.3, 0], 'business', 'medium', 'free', 0.1),
  spec('Hoạt động khoa học và công nghệ', ['khoa học và công nghệ', 'khoa học, công nghệ', 'chuyển giao công nghệ', 'nhiệm vụ khoa học', 'khoa học', 'công nghệ', 'sáng kiến', 'khởi nghiệp', 'đổi mới sáng tạo', 'sở hữu trí tuệ', 'tài sản trí tuệ'], 'khcn', [1, 0, 0], 'org', 'slow', 'medium', 0.05),
  // Ngoại vụ
  spec('Ngoại vụ', ['hội nghị, hội thảo quốc tế', 'hội thảo quốc tế', 'tổ chức phi chính phủ nước ngoài', 'lãnh sự', 'apec', 'doanh nhân apec', 'đoàn ra', 'đoàn vào', 'ngoại vụ', 'abtc'], 'ngoaivu', [1, 0, 0], 'org', 'medium', 'free'),
  // Khu kinh tế
  spec('Quản lý khu kinh tế, khu công nghiệp', ['khu kinh tế', 'khu công nghiệp', 'ban quản lý'], 'bqlkkt', [1, 0, 0], 'business', 'medium', 'free'),
  // Hội, quỹ (after "bảo trợ xã hội", "hội chợ", "hội thảo" rules)
  spec('Tổ chức phi chính phủ', ['hội', 'quỹ', 'quỹ xã hội', 'quỹ từ thiện', 'điều lệ quỹ'], 'noivu', [1, 0.3, 0], 'org', 'slow', 'free'),
  // Khiếu nại, tố cáo
  spec('Giải quyết khiếu nại, tố cáo', ['khiếu nại', 'tố cáo', 'tiếp công dân', 'kiến nghị, phản ánh', 'xử lý đơn'], null, [0, 1, 0.6], 'citizen', 'slow', 'free', -0.1),
];

export const FALLBACK_FIELD = 'Khác';

const COMPILED_FIELDS: readonly { spec: FieldSpec; pattern: RegExp }[] = FIELD_SPECS.map((s) => ({
  spec: s,
  pattern: keywordPattern(s.keywords),
}));

/** The field of a procedure by keyword rules on its name, or "Khác". */
export function classifyField(name: string): string {
  return classifySpec(name)?.field ?? FALLBACK_FIELD;
}

function classifySpec(name: string): FieldSpec | null {
  const lower = name.toLowerCase();
  for (const { spec: s, pattern } of COMPILED_FIELDS) {
    if (pattern.test(lower)) return s;
  }
  return null;
}

/** "Sở Y tế" but not "cơ sở y tế" (tested on the lower-cased name). */
function departmentHint(names: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}])(?<!cơ )sở (?:${names.join('|')})(?![\\p{L}])`, 'u');
}

/** Agencies named in a procedure name ("thuộc thẩm quyền của Sở Công Thương") override the field's agency. */
const AGENCY_HINTS: readonly (readonly [RegExp, string])[] = [
  [/(?<![\p{L}])(?:khu kinh tế|khu công nghiệp|ban quản lý|bql)(?![\p{L}])/u, 'bqlkkt'],
  [departmentHint(['công thương']), 'congthuong'],
  [departmentHint(['tư pháp']), 'tuphap'],
  [departmentHint(['y tế']), 'yte'],
  [departmentHint(['xây dựng', 'giao thông vận tải']), 'xaydung'],
  [departmentHint(['giáo dục và đào tạo']), 'gddt'],
  [departmentHint(['nội vụ', 'lao động']), 'noivu'],
  [departmentHint(['tài nguyên và môi trường', 'nông nghiệp']), 'nnmt'],
  [departmentHint(['tài chính', 'kế hoạch và đầu tư']), 'taichinh'],
  [departmentHint(['khoa học và công nghệ', 'thông tin và truyền thông']), 'khcn'],
  [departmentHint(['văn hóa', 'văn hoá']), 'vhttdl'],
  [/(?<![\p{L}])công an (?:tỉnh|cấp tỉnh)(?![\p{L}])/u, 'congan'],
];

interface TierHints {
  province: boolean;
  district: boolean;
  commune: boolean;
}

function tierHints(lower: string): TierHints {
  return {
    province: /(?<![\p{L}])(?:cấp tỉnh|ubnd tỉnh|ủy ban nhân dân tỉnh|uỷ ban nhân dân tỉnh|chủ tịch ubnd tỉnh)(?![\p{L}])/u.test(lower),
    district: /(?<![\p{L}])(?:cấp huyện|ubnd huyện|ủy ban nhân dân huyện)(?![\p{L}])/u.test(lower),
    commune: /(?<![\p{L}])(?:cấp xã|ubnd xã|ủy ban nhân dân xã|uỷ ban nhân dân xã)(?![\p{L}])/u.test(lower),
  };
}

// ---------------------------------------------------------------------------------------------
// Per-procedure plan: field, carrying agencies, fixed attributes
// ---------------------------------------------------------------------------------------------

interface ProcedurePlan {
  code: string;
  name: string;
  field: string;
  spec: FieldSpec | null;
  agencies: Agency[];
  audience: string;
  time: string;
  fee: string;
  /** Procedure-specific shift of the level-4 probability (some procedures are easier to put online). */
  shift4: number;
}

const DISTRICT_COUNT: readonly [number, number] = [3, 8];
const COMMUNE_COUNT: readonly [number, number] = [2, 5];

function chooseSubset(rng: Rng, pool: readonly Agency[], range: readonly [number, number]): Agency[] {
  const n = randInt(rng, range[0], Math.min(range[1], pool.length));
  const chosen = new Set(shuffle(rng, pool).slice(0, n).map((a) => a.key));
  return pool.filter((a) => chosen.has(a.key)); // keep the fixed agency order
}

function planProcedure(proc: SampleProcedure, seed: number): ProcedurePlan | null {
  const name = nfc(proc.name);
  if (isCentralOrForeign(name)) return null;
  const lower = name.toLowerCase();
  const rng = rngFor(seed, 'plan:' + proc.code);
  const fieldSpec = classifySpec(name);

  let provincialKey: string | null = fieldSpec?.agency ?? null;
  for (const [pattern, key] of AGENCY_HINTS) {
    if (pattern.test(lower)) {
      // a named agency wins, except for vertical agencies (BHXH, Thuế) whose fields stay theirs
      if (provincialKey !== 'bhxh' && provincialKey !== 'thue') provincialKey = key;
      break;
    }
  }
  if (fieldSpec === null && provincialKey === null) return null; // "Khác" with no agency in sight: not carried

  const hints = tierHints(lower);
  const hinted = hints.province || hints.district || hints.commune;
  let useProvince: boolean;
  let useDistrict: boolean;
  let useCommune: boolean;
  if (fieldSpec === null) {
    useProvince = true;
    useDistrict = hints.district;
    useCommune = hints.commune;
  } else if (hinted) {
    useProvince = hints.province && provincialKey !== null;
    useDistrict = hints.district;
    useCommune = hints.commune;
    if (!useProvince && !useDistrict && !useCommune) useProvince = provincialKey !== null;
  } else {
    useProvince = provincialKey !== null && rng() < fieldSpec.province;
    useDistrict = rng() < fieldSpec.district;
    useCommune = rng() < fieldSpec.commune;
    if (!useProvince && !useDistrict && !useCommune) {
      // at least one tier: the likeliest one
      const best = Math.max(provincialKey === null ? -1 : fieldSpec.province, fieldSpec.district, fieldSpec.commune);
      if (provincialKey !== null && best === fieldSpec.province) useProvince = true;
      else if (best === fieldSpec.district) useDistrict = true;
      else useCommune = true;
    }
  }
  if (!useProvince && !useDistrict && !useCommune) return null;

  const agencies: Agency[] = [];
  if (useProvince && provincialKey !== null) agencies.push(agencyByKey(provincialKey));
  if (useDistrict) agencies.push(...chooseSubset(rng, DISTRICTS, DISTRICT_COUNT));
  if (useCommune) agencies.push(...chooseSubset(rng, COMMUNES, COMMUNE_COUNT));
  if (agencies.length === 0) return null;

  const audienceKind = fieldSpec?.audience ?? 'mixed';
  return {
    code: proc.code,
    name,
    field: fieldSpec?.field ?? FALLBACK_FIELD,
    spec: fieldSpec,
    agencies,
    audience: audienceFor(audienceKind, lower, rng),
    time: processingTime(fieldSpec?.speed ?? 'medium', rng),
    fee: feeFor(fieldSpec, lower, rng),
    shift4: (rng() - 0.5) * 0.3,
  };
}

// ---------------------------------------------------------------------------------------------
// Attribute vocabularies
// ---------------------------------------------------------------------------------------------

const CITIZEN = 'Công dân Việt Nam';
const FOREIGNER = 'Người nước ngoài';
const OVERSEAS = 'Người Việt Nam định cư ở nước ngoài';
const BUSINESS = 'Doanh nghiệp';
const ORGANISATION = 'Tổ chức (không bao gồm doanh nghiệp, HTX)';
const COOPERATIVE = 'Hợp tác xã';
const HOUSEHOLD_BUSINESS = 'Hộ kinh doanh';
const STAFF = 'Cán bộ, công chức, viên chức';
const FOREIGN_INVESTOR = 'Nhà đầu tư nước ngoài';

function audienceFor(kind: Audience, lower: string, rng: Rng): string {
  const parts: string[] = [];
  switch (kind) {
    case 'citizen':
      parts.push(CITIZEN);
      break;
    case 'citizenForeign':
      parts.push(CITIZEN, FOREIGNER);
      if (rng() < 0.3) parts.push(OVERSEAS);
      break;
    case 'business':
      if (lower.includes('hợp tác xã')) {
        parts.push(COOPERATIVE);
      } else {
        parts.push(BUSINESS);
        if (rng() < 0.35) parts.push(COOPERATIVE);
      }
      break;
    case 'org':
      parts.push(ORGANISATION);
      if (rng() < 0.3) parts.push(BUSINESS);
      break;
    case 'mixed':
      parts.push(CITIZEN, BUSINESS, ORGANISATION);
      break;
    case 'staff':
      parts.push(STAFF, ORGANISATION);
      break;
  }
  if (/(?<![\p{L}])(?:nước ngoài|người nước ngoài)(?![\p{L}])/u.test(lower) && !parts.includes(FOREIGNER)) {
    parts.push(lower.includes('đầu tư') ? FOREIGN_INVESTOR : FOREIGNER);
  }
  if (lower.includes('hợp tác xã') && !parts.includes(COOPERATIVE)) parts.push(COOPERATIVE);
  if (lower.includes('hộ kinh doanh') && !parts.includes(HOUSEHOLD_BUSINESS)) parts.push(HOUSEHOLD_BUSINESS);
  if (lower.includes('doanh nghiệp') && !parts.includes(BUSINESS)) parts.push(BUSINESS);
  return parts.join('; ');
}

const TIMES: Record<Speed, readonly (readonly [string, number])[]> = {
  fast: [
    ['Trong ngày', 3],
    ['01 ngày làm việc', 2],
    ['02 ngày làm việc', 2],
    ['03 ngày làm việc', 4],
    ['05 ngày làm việc', 2],
    ['03 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ', 1],
    ['Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo', 1],
  ],
  medium: [
    ['05 ngày làm việc', 3],
    ['07 ngày làm việc', 3],
    ['10 ngày làm việc', 4],
    ['12 ngày làm việc', 1],
    ['15 ngày làm việc', 3],
    ['10 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ', 1],
    ['15 ngày', 1],
  ],
  slow: [
    ['15 ngày làm việc', 3],
    ['20 ngày làm việc', 3],
    ['25 ngày làm việc', 1],
    ['30 ngày', 3],
    ['30 ngày làm việc', 2],
    ['45 ngày', 2],
    ['60 ngày', 1],
    ['20 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ', 1],
  ],
};

function processingTime(speed: Speed, rng: Rng): string {
  return pickWeighted(rng, TIMES[speed]);
}

const FEES: Record<Fee, readonly (readonly [string, number])[]> = {
  free: [
    ['Không', 6],
    ['Miễn lệ phí', 2],
    ['Không quy định', 1],
  ],
  small: [
    ['Không', 3],
    ['Miễn lệ phí', 2],
    ['8.000 đồng', 2],
    ['10.000 đồng/lần', 1],
    ['15.000 đồng', 1],
    ['20.000 đồng', 1],
    ['50.000 đồng', 2],
    ['50% mức thu đối với hồ sơ nộp trực tuyến', 1],
  ],
  medium: [
    ['Không', 1],
    ['50.000 đồng', 2],
    ['100.000 đồng', 2],
    ['100.000 đồng/hồ sơ', 1],
    ['150.000 đồng', 1],
    ['200.000 đồng', 2],
    ['300.000 đồng', 1],
    ['500.000 đồng', 1],
    ['Lệ phí: 50.000 đồng; Phí thẩm định: 300.000 đồng', 1],
    ['Thu theo "Biểu mức thu phí, lệ phí" ban hành kèm theo Nghị quyết của HĐND tỉnh', 1],
  ],
  large: [
    ['500.000 đồng', 2],
    ['1.000.000 đồng', 2],
    ['1.500.000 đồng', 1],
    ['2.000.000 đồng', 1],
    ['3.000.000 đồng/hồ sơ', 1],
    ['Phí thẩm định: 4.500.000 đồng', 1],
    ['Theo quy định tại Thông tư của Bộ Tài chính', 1],
  ],
};

function feeFor(fieldSpec: FieldSpec | null, lower: string, rng: Rng): string {
  if (fieldSpec?.field === 'Chứng thực' && rng() < 0.7) {
    return lower.includes('bản sao')
      ? '2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa 200.000 đồng/bản'
      : '10.000 đồng/trường hợp';
  }
  if (fieldSpec?.field === 'Hộ tịch') {
    return pickWeighted(rng, [
      ['Miễn lệ phí', 3],
      ['8.000 đồng', 2],
      ['Không', 2],
      ['1.000.000 đồng (có yếu tố nước ngoài)', lower.includes('nước ngoài') ? 4 : 0],
    ]);
  }
  return pickWeighted(rng, FEES[fieldSpec?.fee ?? 'small']);
}

function levelText(level: number, style: LevelStyle, rng: Rng): string {
  // staff mostly write in their agency's style, now and then in another one
  const r = rng();
  const effective: LevelStyle = r < 0.8 ? style : r < 0.9 ? 'muc-do' : r < 0.95 ? 'digit' : 'new-names';
  if (effective === 'digit') return String(level);
  if (effective === 'new-names') {
    if (level === 4) return 'Toàn trình';
    if (level === 3) return 'Một phần';
  }
  return `Mức độ ${level}`;
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

function nfc(text: string): string {
  return text.normalize('NFC');
}

/**
 * Publishing decision per field: the province publishes procedure lists field by field. A decision is the
 * procedure's, so every row of a procedure names the same one (an import keeps one set of details per code).
 */
function decisionFor(seed: number, field: string): string {
  const rng = rngFor(seed, `decision:${field}`);
  const number = () => `${randInt(rng, 120, 2450)}/QĐ-UBND`;
  const first = number();
  return rng() < 0.08 ? `${first}; ${number()}` : first;
}

function drawLevel(plan: ProcedurePlan, ag: Agency, rng: Rng): number {
  const p4 = clamp(ag.p4 + (plan.spec?.bonus4 ?? 0) + plan.shift4, 0.02, 0.9);
  const p3 = clamp(ag.p3, 0.05, 0.95 - p4);
  const r = rng();
  if (r < p4) return 4;
  if (r < p4 + p3) return 3;
  return rng() < 0.05 ? 1 : 2;
}

/** The illustrative columns: an address for about half the provincial offerings done online, civil-status details. */
function illustrativeExtras(plan: ProcedurePlan, ag: Agency, level: number, status: string, seed: number): string[] {
  const rng = rngFor(seed, `extras:${plan.code}:${ag.key}`);
  const link = level >= 3 && status === 'Còn hiệu lực' && ag.tier === 'Cấp tỉnh' && rng() < 0.5 ? SAMPLE_PORTAL_URL : '';
  return [link, ...(plan.field === 'Hộ tịch' ? CIVIL_STATUS_DETAILS : ['', '', '', ''])];
}

function offeringRow(plan: ProcedurePlan, ag: Agency, seed: number): string[] {
  const rng = rngFor(seed, `row:${plan.code}:${ag.key}`);
  const level = drawLevel(plan, ag, rng);
  const code = rng() < ag.localized ? `${plan.code}.${ag.code}` : plan.code;
  const integrated = rng() < (level === 4 ? 0.78 : level === 3 ? 0.55 : level === 2 ? 0.08 : 0) ? 'Có' : 'Không';
  const qd411 = rng() < (level === 4 ? 0.3 : level === 3 ? 0.2 : 0.03) ? 'x' : '';
  const eligible = level === 4 || rng() < (level === 3 ? 0.92 : level === 2 ? 0.7 : 0.45) ? 'Có' : 'Không';
  // Since 1/7/2025 the province has two tiers (province and commune): the district people's committees' offerings
  // are kept as history, withdrawn; the others are withdrawn now and then.
  const withdrawnNow = rng() < 0.03;
  const status = ag.tier === 'Cấp huyện' || withdrawnNow ? 'Bãi bỏ' : 'Còn hiệu lực';
  return [
    code,
    plan.name,
    plan.field,
    ag.name,
    ag.code,
    ag.tier,
    levelText(level, ag.style, rng),
    integrated,
    qd411,
    eligible,
    status,
    plan.audience,
    plan.time,
    plan.fee,
    decisionFor(seed, plan.field),
    ...illustrativeExtras(plan, ag, level, status, seed),
  ].map(nfc);
}

/**
 * Pure: the sample catalogue as rows (header first). Procedures are taken in a seeded random order
 * until about TARGET_ROWS offerings are collected; rows are sorted by agency, then code.
 */
export function buildSampleCatalogue(procedures: readonly SampleProcedure[], seed: number): string[][] {
  const distinct = new Map<string, SampleProcedure>();
  for (const p of procedures) {
    const code = nfc(p.code).trim();
    if (!distinct.has(code)) distinct.set(code, { code, name: nfc(p.name).replace(/\s+/gu, ' ').trim() });
  }
  const sorted = [...distinct.values()].sort((a, b) => compareStrings(a.code, b.code));
  const plans: ProcedurePlan[] = [];
  for (const p of sorted) {
    const plan = planProcedure(p, seed);
    if (plan !== null) plans.push(plan);
  }

  const order = shuffle(mulberry32(seed), plans);
  const chosen = new Set<ProcedurePlan>();
  let total = 0;
  const take = (plan: ProcedurePlan): void => {
    chosen.add(plan);
    total += plan.agencies.length;
  };
  // first make sure every provincial department (and other agency) is represented ...
  for (const ag of [...PROVINCE, ...OTHER]) {
    let count = 0;
    for (const plan of chosen) if (plan.agencies.includes(ag)) count++;
    for (const plan of order) {
      if (count >= MIN_ROWS_PER_AGENCY) break;
      if (chosen.has(plan) || !plan.agencies.includes(ag)) continue;
      take(plan);
      count++;
    }
  }
  // ... then fill up to the target in the seeded order
  for (const plan of order) {
    if (total >= TARGET_ROWS) break;
    if (chosen.has(plan) || total + plan.agencies.length > MAX_ROWS) continue;
    take(plan);
  }

  const offerings: { plan: ProcedurePlan; agency: Agency }[] = [];
  for (const plan of chosen) for (const ag of plan.agencies) offerings.push({ plan, agency: ag });
  offerings.sort(
    (a, b) =>
      (AGENCY_ORDER.get(a.agency.key) ?? 0) - (AGENCY_ORDER.get(b.agency.key) ?? 0) ||
      compareStrings(a.plan.code, b.plan.code),
  );
  return [HEADER.map(nfc), ...offerings.map((o) => offeringRow(o.plan, o.agency, seed))];
}

// ---------------------------------------------------------------------------------------------
// Agency contacts (illustrative)
// ---------------------------------------------------------------------------------------------

export const CONTACTS_HEADER: readonly string[] = ['Tên cơ quan', 'Mã cơ quan', 'Địa chỉ', 'Điện thoại', 'Email', 'Giờ làm việc', 'Website'];

/** The province's web portal (a fact), the website of the provincial agencies' illustrative contacts. */
export const SAMPLE_PROVINCE_WEBSITE = 'https://www.quangngai.gov.vn/';

/**
 * Illustrative contacts for the agencies that serve today (not the district committees, abolished on
 * 1/7/2025): each address says "(minh hoạ)", each email is at example.com (a domain reserved for examples),
 * and the phone numbers begin 0000, which no Vietnamese number does (landlines begin 02, mobiles 03, 05, 07,
 * 08, 09), so that a tap on one of them can ring no one.
 */
export function buildSampleContacts(): string[][] {
  const serving = [...PROVINCE, ...OTHER, ...COMMUNES];
  const rows = serving.map((ag, i) => {
    const commune = ag.tier === 'Cấp xã';
    const place = commune ? ag.name.replace(/^UBND /, '') : 'phường Cẩm Thành';
    return [
      ag.name,
      ag.code,
      `Trụ sở ${ag.name}, ${place}, tỉnh Quảng Ngãi (minh hoạ)`,
      `0000 000 ${String(1 + i).padStart(3, '0')}`,
      `minhhoa.${ag.key}@example.com`,
      commune ? 'Thứ Hai – Thứ Sáu: 7:00–11:30, 13:30–17:00; sáng thứ Bảy (minh hoạ)' : 'Thứ Hai – Thứ Sáu: 7:00–11:30, 13:30–17:00 (minh hoạ)',
      commune ? '' : SAMPLE_PROVINCE_WEBSITE,
    ].map(nfc);
  });
  return [CONTACTS_HEADER.map(nfc), ...rows];
}

// ---------------------------------------------------------------------------------------------
// CSV and files
// ---------------------------------------------------------------------------------------------

/** RFC 4180: quote a field containing a comma, a double quote, CR or LF; double inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** UTF-8 BOM, comma-delimited, CRLF after every record. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** Nearest folder at or above `start` holding package.json. */
export function findProjectRoot(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function resolveProjectRoot(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const explicit = argv[0] ?? env['SAMPLE_ROOT'];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const found = findProjectRoot(__dirname);
  if (found === null) {
    throw new Error(`no package.json above ${__dirname}; pass the project root as an argument or in SAMPLE_ROOT`);
  }
  return found;
}

export function readProcedures(file: string): SampleProcedure[] {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array`);
  return parsed.map((item: unknown, i: number): SampleProcedure => {
    if (typeof item !== 'object' || item === null) throw new Error(`${file}[${i}]: expected an object`);
    const { code, name } = item as { code?: unknown; name?: unknown };
    if (typeof code !== 'string' || typeof name !== 'string') {
      throw new Error(`${file}[${i}]: expected string "code" and "name"`);
    }
    return { code, name };
  });
}

export function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): void {
  const root = resolveProjectRoot(argv, env);
  const sampleDir = path.join(root, 'imports', 'sample');
  const procedures = readProcedures(path.join(sampleDir, 'source', 'dvcqg-procedures.json'));
  const rows = buildSampleCatalogue(procedures, SAMPLE_SEED);
  const out = path.join(sampleDir, 'quang-ngai-sample.csv');
  fs.writeFileSync(out, toCsv(rows), 'utf8');
  console.log(`${rows.length - 1} offerings written to ${out}`);
  const contacts = buildSampleContacts();
  const contactsOut = path.join(sampleDir, SAMPLE_CONTACTS_FILE);
  fs.writeFileSync(contactsOut, toCsv(contacts), 'utf8');
  console.log(`${contacts.length - 1} agency contacts written to ${contactsOut}`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}
