import { HEADER_ALIASES, REQUIRED_FIELDS, headerKey, mapHeader, type ImportField } from '../../imports/headers';
import { HEADER } from '../helpers';

const ALL_ALIASES = (Object.entries(HEADER_ALIASES) as [ImportField, readonly string[]][]).flatMap(([field, aliases]) =>
  aliases.map((alias) => [alias, field] as const),
);

/** The field a single header cell maps to, or null. */
function fieldOf(header: string): ImportField | null {
  return mapHeader([header]).mapping.mapped[0]?.field ?? null;
}

describe('"Tên" alone', () => {
  it('is the name column in a header row with other known headers', () => {
    const { mapping, problems } = mapHeader(['Mã số', 'Tên', 'Cơ quan ban hành', 'Cơ quan thực hiện', 'Lĩnh vực', 'Mức độ']);
    expect(problems).toEqual([]);
    expect(mapping.columns).toMatchObject({ code: 0, name: 1, issuer: 2, agency: 3, field: 4, level: 5 });
    expect(mapping.ignored).toEqual([]);
  });

  it('is nothing on its own, and gives way to a real name header', () => {
    expect(mapHeader(['Tên']).mapping.mapped).toEqual([]);
    const both = mapHeader(['Mã số', 'Tên', 'Tên thủ tục', 'Cơ quan', 'Mức độ']);
    expect(both.mapping.columns.name).toBe(2);
    expect(both.mapping.ignored).toEqual([{ header: 'Tên', column: 2 }]);
  });
});

describe('HEADER_ALIASES', () => {
  it.each(ALL_ALIASES)('maps %j to %s', (alias, field) => {
    expect(fieldOf(alias)).toBe(field);
  });

  it.each(ALL_ALIASES)('maps %j in NFD form to %s', (alias, field) => {
    expect(fieldOf(alias.normalize('NFD'))).toBe(field);
  });

  it.each(ALL_ALIASES)('maps %j in upper case to %s', (alias, field) => {
    expect(fieldOf(alias.toUpperCase())).toBe(field);
  });

  it('gives no two fields the same alias key', () => {
    const owners = new Map<string, ImportField>();
    const clashes: string[] = [];
    for (const [alias, field] of ALL_ALIASES) {
      const owner = owners.get(headerKey(alias));
      if (owner !== undefined && owner !== field) clashes.push(`${alias}: ${owner} / ${field}`);
      owners.set(headerKey(alias), field);
    }
    expect(clashes).toEqual([]);
  });

  it('maps the header our own exports write', () => {
    const { mapping, problems } = mapHeader(HEADER);
    expect(problems).toEqual([]);
    expect(mapping.mapped.map((m) => m.field)).toEqual(['code', 'name', 'agency', 'level', 'field', 'tiers', 'portal', 'status']);
    expect(mapping.ignored).toEqual([]);
  });
});

describe('headerKey and matching', () => {
  it.each([
    ['Mã thủ tục', 'code'],
    ['MÃ THỦ TỤC', 'code'],
    ['ma thu tuc', 'code'],
    ['Ma_Thu_Tuc', 'code'],
    ['Mã  thủ   tục', 'code'],
    ['  Mã thủ tục\u00a0', 'code'],
    ['Mã-thủ-tục', 'code'],
    ['Mã thủ tục:', 'code'],
    ['Mã TTHC', 'code'],
    ['Phí, lệ phí', 'fees'],
    ['Phí lệ phí', 'fees'],
    ['PHÍ/LỆ PHÍ', 'fees'],
    ['QĐ 411', 'qd411'],
    ['qđ411', 'qd411'],
    ['Qd_411', 'qd411'],
    ['Đủ điều kiện', 'eligible'],
    ['ĐỦ ĐIỀU KIỆN MỨC ĐỘ 4', 'eligible'],
    ['Tích hợp Cổng DVCQG', 'portal'],
    ['tich-hop-cong-dvcqg', 'portal'],
  ] as const)('maps %j to %s', (header, field) => {
    expect(fieldOf(header)).toBe(field);
    expect(fieldOf(header.normalize('NFD'))).toBe(field);
  });

  it.each([
    ['Mã thủ tục', 'mathutuc'],
    ['MÃ THỦ TỤC', 'mathutuc'],
    ['Ma_Thu_Tuc', 'mathutuc'],
    ['Mã  thủ   tục', 'mathutuc'],
    ['Phí, lệ phí', 'philephi'],
    ['QĐ 411', 'qd411'],
    ['Đủ điều kiện mức độ 4', 'dudieukienmucdo4'],
  ])('headerKey(%j) is %j, in NFC and NFD', (header, key) => {
    expect(headerKey(header)).toBe(key);
    expect(headerKey(header.normalize('NFD'))).toBe(key);
  });

  it('keeps the header text cleaned (NFC, collapsed spaces) in the mapping', () => {
    const { mapping } = mapHeader(['  Mã  thủ tục '.normalize('NFD'), 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ']);
    expect(mapping.headers[0]).toBe('Mã thủ tục');
    expect(mapping.mapped[0]).toEqual({ field: 'code', header: 'Mã thủ tục', column: 1 });
  });
});

describe('mapHeader', () => {
  it('gives each mapped field its column index and column number', () => {
    const { mapping, problems } = mapHeader(['Mức độ', 'Cơ quan thực hiện', 'Tên thủ tục', 'Mã thủ tục']);
    expect(problems).toEqual([]);
    expect(mapping.columns).toEqual({ level: 0, agency: 1, name: 2, code: 3 });
    expect(mapping.mapped).toEqual([
      { field: 'level', header: 'Mức độ', column: 1 },
      { field: 'agency', header: 'Cơ quan thực hiện', column: 2 },
      { field: 'name', header: 'Tên thủ tục', column: 3 },
      { field: 'code', header: 'Mã thủ tục', column: 4 },
    ]);
  });

  it('reports missing required fields together with the headers it found', () => {
    const { problems } = mapHeader(['Tên thủ tục', 'Ghi chú', '', 'Lĩnh vực']);
    expect(problems).toEqual([{ kind: 'missing', fields: ['code', 'agency', 'level'], found: ['Tên thủ tục', 'Ghi chú', 'Lĩnh vực'] }]);
  });

  it('reports every required field missing for a header of unknown columns', () => {
    const { mapping, problems } = mapHeader(['STT', 'Nội dung']);
    expect(problems).toEqual([{ kind: 'missing', fields: [...REQUIRED_FIELDS], found: ['STT', 'Nội dung'] }]);
    expect(mapping.mapped).toEqual([]);
  });

  it('reports two columns mapping to one field with both column numbers, keeping the first', () => {
    const { mapping, problems } = mapHeader(['Mã TTHC', 'Tên thủ tục', 'Mã thủ tục', 'Cơ quan thực hiện', 'Mức độ']);
    expect(problems).toEqual([
      {
        kind: 'duplicate',
        field: 'code',
        headers: [
          { header: 'Mã TTHC', column: 1 },
          { header: 'Mã thủ tục', column: 3 },
        ],
      },
    ]);
    expect(mapping.columns.code).toBe(0);
  });

  it('lists a third column for the same field in the same problem', () => {
    const { problems } = mapHeader(['Mã TTHC', 'Tên thủ tục', 'Mã thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'code']);
    expect(problems).toEqual([
      {
        kind: 'duplicate',
        field: 'code',
        headers: [
          { header: 'Mã TTHC', column: 1 },
          { header: 'Mã thủ tục', column: 3 },
          { header: 'code', column: 6 },
        ],
      },
    ]);
  });

  it('lists unknown columns as ignored with their column numbers', () => {
    const { mapping, problems } = mapHeader(['STT', 'Mã thủ tục', 'Tên thủ tục', 'Ghi chú', 'Cơ quan thực hiện', 'Mức độ', 'Người cập nhật']);
    expect(problems).toEqual([]);
    expect(mapping.ignored).toEqual([
      { header: 'STT', column: 1 },
      { header: 'Ghi chú', column: 4 },
      { header: 'Người cập nhật', column: 7 },
    ]);
  });

  it('does not list blank header cells as ignored', () => {
    const { mapping, problems } = mapHeader(['Mã thủ tục', '', 'Tên thủ tục', '   ', 'Cơ quan thực hiện', '\u00a0', 'Mức độ', '']);
    expect(problems).toEqual([]);
    expect(mapping.ignored).toEqual([]);
    expect(mapping.columns).toEqual({ code: 0, name: 2, agency: 4, level: 6 });
  });
});
