/**
 * The columns of an imported or exported procedure list, each defined once: its key, the headers that name
 * it (the first is what our exports write), its longest value, how its cell is read, what it belongs to and
 * where it is stored. The importer's header map, the row type, the wire to the reading thread, the export
 * columns, the writer's procedure columns and the queries that read procedure details are derived from it.
 *
 * The list is in the order our exports write their columns.
 */
import type { ServiceLevel } from './levels';
import type { OfferingStatus, Tier } from './tiers';

/**
 * How a cell is read. `code`: a national or localized procedure code (required); `name`, `agency`, `level`:
 * required; `field`: the procedure's field (optional text, stored by id); `detail`: an optional text of the
 * procedure, stored in its own column; `agencyCode`: optional text of the agency; `tiers`, `flag`, `status`:
 * optional values of the offering; `link`: an optional web address of the offering (where it is done online),
 * refused unless domain/web-address.ts accepts it.
 */
export type FieldKind = 'code' | 'name' | 'agency' | 'level' | 'field' | 'detail' | 'agencyCode' | 'tiers' | 'flag' | 'status' | 'link';

export interface FieldDefinition {
  key: string;
  /** Accepted header names; the first one is what our own exports write. */
  aliases: readonly string[];
  maxLength: number;
  kind: FieldKind;
  /** What the value describes: shared by every agency carrying the procedure, one offering, or the agency. */
  owner: 'procedure' | 'offering' | 'agency';
  /** The property of an import row (and of an exported offering) that holds it; the key when not given. */
  row?: string;
  /** The column it is stored in, on its owner's table (a detail's column on `procedure`). */
  column?: string;
  /** A text of several lines (steps, documents): its line breaks are kept, each line cleaned on its own. */
  multiline?: boolean;
}

export const IMPORT_FIELDS = [
  {
    key: 'code',
    aliases: ['Mã thủ tục', 'Mã TTHC', 'Mã số', 'Mã số TTHC', 'Mã số thủ tục', 'Mã thủ tục hành chính', 'ma_thu_tuc', 'ma_tthc', 'ma_so', 'code', 'procedure code'],
    maxLength: 64,
    kind: 'code',
    owner: 'procedure',
    row: 'procedureCode',
    column: 'code',
  },
  {
    key: 'name',
    aliases: ['Tên thủ tục', 'Tên TTHC', 'Tên thủ tục hành chính', 'ten_thu_tuc', 'ten_tthc', 'name', 'procedure name'],
    maxLength: 1000,
    kind: 'name',
    owner: 'procedure',
    column: 'name',
  },
  { key: 'field', aliases: ['Lĩnh vực', 'linh_vuc', 'field', 'sector'], maxLength: 300, kind: 'field', owner: 'procedure', column: 'field_id' },
  {
    key: 'agency',
    aliases: ['Cơ quan thực hiện', 'Cơ quan', 'Cơ quan giải quyết', 'Cơ quan có thẩm quyền', 'Cơ quan có thẩm quyền quyết định', 'Cơ quan thực hiện TTHC', 'co_quan_thuc_hien', 'agency'],
    maxLength: 300,
    kind: 'agency',
    owner: 'agency',
    column: 'name',
  },
  { key: 'agencyCode', aliases: ['Mã cơ quan', 'ma_co_quan', 'agency_code'], maxLength: 64, kind: 'agencyCode', owner: 'agency', column: 'code' },
  { key: 'tiers', aliases: ['Cấp thực hiện', 'cap_thuc_hien', 'tier', 'tiers'], maxLength: 200, kind: 'tiers', owner: 'offering', column: 'tiers' },
  {
    key: 'level',
    aliases: ['Mức độ', 'Mức độ DVCTT', 'Mức độ DVC', 'Mức độ dịch vụ công', 'Mức độ dịch vụ công trực tuyến', 'Mức DVC', 'Mức DVCTT', 'muc_do', 'level'],
    maxLength: 60,
    kind: 'level',
    owner: 'offering',
    column: 'level',
  },
  {
    key: 'portal',
    aliases: ['Tích hợp Cổng DVCQG', 'Tích hợp DVCQG', 'Tích hợp', 'tich_hop_dvcqg', 'portal_integrated', 'portal'],
    maxLength: 60,
    kind: 'flag',
    owner: 'offering',
    row: 'portalIntegrated',
    column: 'portal_integrated',
  },
  { key: 'qd411', aliases: ['QĐ 411', 'Danh mục QĐ 411', 'Thuộc QĐ 411', 'qd411', 'qd_411'], maxLength: 60, kind: 'flag', owner: 'offering', column: 'qd411' },
  { key: 'eligible', aliases: ['Đủ điều kiện', 'Đủ điều kiện mức độ 4', 'du_dieu_kien', 'eligible'], maxLength: 60, kind: 'flag', owner: 'offering', column: 'eligible' },
  { key: 'status', aliases: ['Tình trạng', 'Trạng thái', 'tinh_trang', 'trang_thai', 'status'], maxLength: 60, kind: 'status', owner: 'offering', column: 'status' },

  { key: 'applicants', aliases: ['Đối tượng thực hiện', 'doi_tuong_thuc_hien', 'applicants'], maxLength: 2000, kind: 'detail', owner: 'procedure', column: 'applicants' },
  {
    key: 'processingTime',
    aliases: ['Thời hạn giải quyết', 'thoi_han_giai_quyet', 'processing_time'],
    maxLength: 1000,
    kind: 'detail',
    owner: 'procedure',
    column: 'processing_time',
  },
  { key: 'fees', aliases: ['Phí, lệ phí', 'Phí lệ phí', 'phi_le_phi', 'fees'], maxLength: 4000, kind: 'detail', owner: 'procedure', column: 'fees' },
  {
    key: 'decision',
    aliases: ['Số quyết định công bố', 'Quyết định công bố', 'so_quyet_dinh_cong_bo', 'decision'],
    maxLength: 500,
    kind: 'detail',
    owner: 'procedure',
    column: 'decision',
  },
  {
    key: 'onlineUrl',
    aliases: ['Đường dẫn DVC trực tuyến', 'Link nộp hồ sơ', 'Địa chỉ trực tuyến', 'Đường dẫn nộp hồ sơ', 'Đường dẫn DVCTT', 'Link DVC trực tuyến', 'duong_dan_dvc', 'online_url', 'url'],
    maxLength: 2000,
    kind: 'link',
    owner: 'offering',
    column: 'online_url',
  },  {
    key: 'steps',
    aliases: ['Trình tự thực hiện', 'trinh_tu_thuc_hien', 'steps'],
    maxLength: 20000,
    kind: 'detail',
    owner: 'procedure',
    column: 'steps',
    multiline: true,
  },
  {
    key: 'methods',
    aliases: ['Cách thức thực hiện', 'cach_thuc_thuc_hien', 'methods'],
    maxLength: 10000,
    kind: 'detail',
    owner: 'procedure',
    column: 'methods',
    multiline: true,
  },
  {
    key: 'documents',
    aliases: ['Thành phần hồ sơ', 'Thành phần, số lượng hồ sơ', 'thanh_phan_ho_so', 'documents'],
    maxLength: 20000,
    kind: 'detail',
    owner: 'procedure',
    column: 'documents',
    multiline: true,
  },
  {
    key: 'requirements',
    aliases: ['Yêu cầu, điều kiện', 'Yêu cầu điều kiện', 'Yêu cầu, điều kiện thực hiện', 'Điều kiện thực hiện', 'yeu_cau_dieu_kien', 'requirements'],
    maxLength: 10000,
    kind: 'detail',
    owner: 'procedure',
    column: 'requirements',
    multiline: true,
  },
  {
    key: 'legalBasis',
    aliases: ['Căn cứ pháp lý', 'can_cu_phap_ly', 'legal_basis'],
    maxLength: 10000,
    kind: 'detail',
    owner: 'procedure',
    column: 'legal_basis',
    multiline: true,
  },
  {
    key: 'forms',
    aliases: ['Biểu mẫu', 'Mẫu đơn, tờ khai', 'Mẫu đơn tờ khai', 'bieu_mau', 'forms'],
    maxLength: 10000,
    kind: 'detail',
    owner: 'procedure',
    column: 'forms',
    multiline: true,
  },
  {
    key: 'issuer',
    aliases: ['Cơ quan ban hành', 'Bộ, ngành ban hành', 'Cơ quan ban hành quyết định', 'co_quan_ban_hanh', 'issuer'],
    maxLength: 300,
    kind: 'detail',
    owner: 'procedure',
    column: 'issuer',
  },
] as const satisfies readonly FieldDefinition[];

type Defined = (typeof IMPORT_FIELDS)[number];

export type ImportField = Defined['key'];

/** The fields every file must have. */
export const REQUIRED_FIELDS: readonly ImportField[] = IMPORT_FIELDS.filter((f) => f.kind === 'code' || f.kind === 'name' || f.kind === 'agency' || f.kind === 'level').map(
  (f) => f.key,
);

/** One value per field, from its definition. */
export function byField<V>(pick: (field: FieldDefinition) => V): Record<ImportField, V> {
  const out = {} as Record<ImportField, V>;
  for (const f of IMPORT_FIELDS) out[f.key] = pick(f);
  return out;
}

/** The procedure's free-text details (applicants, processing time, fees, …): kept per procedure, each in its own column. */
type DetailDefinition = Extract<Defined, { kind: 'detail' }>;
export type DetailKey = DetailDefinition['key'];
export type DetailColumn = DetailDefinition['column'];
export const PROCEDURE_DETAILS = IMPORT_FIELDS.filter((f): f is DetailDefinition => f.kind === 'detail');
export const DETAIL_KEYS: readonly DetailKey[] = PROCEDURE_DETAILS.map((f) => f.key);

/** The stored columns of a procedure's details, as the database holds them. */
export type DetailColumns = { [C in DetailColumn]: string | null };
/** A procedure's details by key. */
export type DetailValues<V = string | null> = { [K in DetailKey]: V };

/**
 * A valid import row. `undefined` means the file has no such column: the stored value is kept; for a
 * procedure's field and details, an empty cell (null) keeps it too.
 */
export type ImportRow = {
  /** The row as Excel numbers it. */
  line: number;
  procedureCode: string;
  localCode: string | null;
  name: string;
  agency: string;
  agencyCode: string | undefined;
  field: string | null | undefined;
  tiers: Tier[] | undefined;
  level: ServiceLevel;
  portalIntegrated: boolean | undefined;
  qd411: boolean | undefined;
  eligible: boolean | undefined;
  status: OfferingStatus;
  /** Where the offering is done online, as the file wrote it (checked); null/undefined keep what is stored. */
  onlineUrl: string | null | undefined;
} & DetailValues<string | null | undefined>;

/** The properties of an import row, in the order the wire to the reading thread packs them. */
export const ROW_KEYS: readonly (keyof ImportRow)[] = [
  'line',
  // A code cell gives the procedure's code and, when it is localized, the offering's own code.
  ...IMPORT_FIELDS.flatMap((f): (keyof ImportRow)[] => (f.kind === 'code' ? [f.row, 'localCode'] : ['row' in f ? f.row : f.key] as (keyof ImportRow)[])),
];
