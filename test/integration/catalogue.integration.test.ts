import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { csv, fixedClock, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;

const HEAD = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Lĩnh vực', 'Cấp thực hiện', 'Tích hợp Cổng DVCQG', 'QĐ 411', 'Đủ điều kiện', 'Tình trạng', 'Phí lệ phí'];
const ROWS = [
  ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', 'Có', 'x', 'Có', '', 'Miễn lệ phí'],
  ['1.001193.000.00.53.H48', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', '3', 'Hộ tịch', 'Cấp huyện', 'Không', '', 'Có', '', ''],
  ['1.001193', 'Đăng ký khai sinh', 'UBND xã Bình Châu', '2', 'Hộ tịch', 'Cấp xã', '', '', 'Không', '', ''],
  ['1.004884', 'Đăng ký lại khai sinh', 'UBND huyện Bình Sơn', '4', 'Hộ tịch', 'Cấp huyện', 'Có', '', 'Có', '', ''],
  ['1.000894', 'Đăng ký kết hôn', 'UBND xã Bình Châu', 'Toàn trình', 'Hộ tịch', 'Cấp xã', 'Có', 'x', 'Có', '', ''],
  ['1.001612', 'Đăng ký thành lập hộ kinh doanh', 'UBND huyện Bình Sơn', 'Một phần', 'Thành lập và hoạt động của hộ kinh doanh', 'Cấp huyện', 'Có', '', 'Có', '', '=1+1'],
  ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '3', 'Hoạt động xây dựng', 'Cấp tỉnh, Cấp huyện', 'Không', 'x', 'Có', '', '@SUM(A1)'],
  ['2.000909', 'Cấp giấy phép di dời công trình', 'Sở Xây dựng', '2', 'Hoạt động xây dựng', 'Cấp tỉnh', 'Không', '', '', 'Bãi bỏ', ''],
  ['3.000001', '<script>alert(1)</script> Thủ tục thử', 'Sở Xây dựng', '1', 'Hoạt động xây dựng', 'Cấp tỉnh', 'Không', '', '', '', ''],
];

beforeAll(async () => {
  db = await openTestDb();
  const report = await importFile(db, writeCsv(csv([HEAD, ...ROWS])), { asOf: '2020-06-30' }, clock);
  expect(report.status).toBe('imported');
  app = createApp({ db, config: testConfig, clock, log: () => undefined });
});
afterAll(async () => {
  await db.close();
});

async function api(query: string) {
  const res = await request(app).get(`/api/procedures${query}`).expect(200);
  return res.body as { total: number; page: number; pageSize: number; items: { code: string; agency: string; name: string; level: number }[] };
}
const pairs = (items: { code: string; agency: string }[]) => items.map((i) => `${i.code} ${i.agency}`).sort();

describe('filters', () => {
  it.each([
    ['', 8],
    ['?agency=ubnd-huyen-binh-son', 3],
    ['?agency=ubnd-huyen-binh-son&agency=so-tu-phap', 4],
    ['?field=ho-tich', 5],
    ['?tier=district', 4],
    ['?tier=province', 3],
    ['?level=4', 3],
    ['?level=3&level=4', 6],
    ['?portal=yes', 4],
    ['?portal=no', 4],
    ['?qd411=yes', 3],
    ['?eligible=no', 2],
    ['?status=withdrawn', 1],
    ['?status=all', 9],
    ['?agency=ubnd-huyen-binh-son&level=4', 1],
    ['?field=ho-tich&tier=commune&portal=yes', 1],
    ['?agency=so-xay-dung&status=all&level=2', 1],
  ])('%s selects %i offerings', async (query, total) => {
    const body = await api(query);
    expect(body.total).toBe(total);
    expect(body.items).toHaveLength(total);
  });

  it('"no" for a flag includes offerings for which the file said nothing, so yes + no = all', async () => {
    const withNull = await api('?portal=no&agency=ubnd-xa-binh-chau');
    expect(pairs(withNull.items)).toEqual(['1.001193 UBND xã Bình Châu']);
  });
});

describe('facets', () => {
  it('counts each value on the filtered set and links to a list of exactly that many offerings', async () => {
    // The offerings view: its counts are offerings, as the JSON's default list counts them.
    const res = await request(app).get('/procedures?field=ho-tich&view=offerings').expect(200);
    const links = [...res.text.matchAll(/<a href="([^"]+)">\s*<span class="facet-check" aria-hidden="true"><\/span>\s*<span class="facet-label">[^<]*<\/span>\s*<span class="facet-count">(\d+)<\/span>/g)];
    expect(links.length).toBeGreaterThan(8);
    for (const [, href, count] of links) {
      const url = href.replace(/&amp;/g, '&');
      const linked = await api(url.replace('/procedures', ''));
      const ownDimension = ['field='].some((p) => url.split('?')[1].split('&').filter((x) => x.startsWith(p)).length > 1);
      // A value of a dimension with nothing selected yet links to the list of exactly its offerings.
      if (!ownDimension) expect({ url, total: linked.total }).toEqual({ url, total: Number(count) });
    }
  });

  it('shows selected filters as removable tags', async () => {
    const res = await request(app).get('/procedures?agency=so-tu-phap&level=4&q=khai+sinh').expect(200);
    expect(res.text).toContain('Đang lọc theo');
    expect(res.text).toMatch(/<a class="tag" href="\/procedures\?q=khai\+sinh&amp;level=4" aria-label="Bỏ lọc Sở Tư pháp">/);
    expect(res.text).toMatch(/<a class="tag" href="\/procedures\?agency=so-tu-phap&amp;level=4" aria-label="Bỏ lọc &#34;khai sinh&#34;">/);
  });
});

describe('search', () => {
  it.each(['dang ky khai sinh', 'ĐĂNG KÝ KHAI SINH', 'đăng ký khai sinh', 'khai sinh dang ky', 'Đăng ký khai sinh'.normalize('NFD')])(
    '"%s" finds the same offerings',
    async (q) => {
      const body = await api(`?q=${encodeURIComponent(q)}`);
      expect(pairs(body.items)).toEqual([
        '1.001193 Sở Tư pháp',
        '1.001193 UBND huyện Bình Sơn',
        '1.001193 UBND xã Bình Châu',
        '1.004884 UBND huyện Bình Sơn',
      ]);
    },
  );

  it('matches the last word as a prefix while typing', async () => {
    expect((await api('?q=khai+si')).total).toBe(4);
    expect((await api('?q=ket+ho')).total).toBe(1);
  });

  it('ranks the closest name first', async () => {
    const body = await api('?q=dang+ky+khai+sinh');
    expect(body.items[0].name).toBe('Đăng ký khai sinh');
    expect(body.items[body.items.length - 1].name).toBe('Đăng ký lại khai sinh');
  });

  it('finds by code, code prefix and localized code', async () => {
    expect(pairs((await api('?q=1.0011')).items)).toHaveLength(3);
    expect(pairs((await api('?q=2.000908')).items)).toEqual(['2.000908 Sở Xây dựng']);
    expect(pairs((await api('?q=1.001193.000.00.53.H48')).items)).toHaveLength(3);
  });

  it.each([
    '"', '""', '"khai', '*', 'khai*', '-khai', 'NOT khai', 'khai:sinh', 'search_text:khai', '(khai', 'khai)', 'NEAR(khai sinh)', 'khai OR sinh',
    "'; DROP TABLE offering; --", "1' OR '1'='1", '%', '_', '\\', '^khai', '{khai}',
  ])('treats %j as text, never as query syntax', async (q) => {
    const res = await request(app).get(`/procedures?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    const json = await request(app).get(`/api/procedures?q=${encodeURIComponent(q)}`);
    expect(json.status).toBe(200);
  });

  it('still has all its rows after hostile searches', async () => {
    expect((await api('?status=all')).total).toBe(9);
  });

  it('cuts a 10,000-character search and says so', async () => {
    const res = await request(app).get(`/procedures?q=${'khai'.repeat(2500)}`).expect(200);
    expect(res.text).toContain('Từ khoá quá dài nên chỉ dùng 200 ký tự đầu.');
  });
});

// The offerings view (one row per procedure and agency); the grouped view is tested in catalogue-grouped.
describe('pagination and sorting', () => {
  it('shows "x–y of N" and numbered pages with aria-current', async () => {
    const res = await request(app).get('/procedures?view=offerings&pageSize=10&sort=code').expect(200);
    expect(res.text).toContain('Hiển thị 1–8 trong 8 kết quả');
    const many = await request(app).get('/procedures?view=offerings&status=all&pageSize=10&page=1').expect(200);
    expect(many.text).toContain('Hiển thị 1–9 trong 9 kết quả');
    expect(many.text).not.toContain('aria-current="page"');
  });

  it('pages through results', async () => {
    // Ten more offerings make two pages of ten.
    const first = await api('?status=all&pageSize=10&page=1');
    expect(first.items).toHaveLength(9);
    const res = await request(app).get('/procedures?view=offerings&status=all&pageSize=10&page=2').expect(200);
    expect(res.text).toContain('Giá trị &#34;2&#34; của tham số trang nằm ngoài khoảng cho phép');
    expect(res.text).toContain('Hiển thị 1–9 trong 9 kết quả');
  });

  it.each([
    ['page=-1', 'Giá trị &#34;-1&#34; của tham số trang không hợp lệ'],
    ['page=abc', 'Giá trị &#34;abc&#34; của tham số trang không hợp lệ'],
    ['page=1.5', 'Giá trị &#34;1.5&#34; của tham số trang không hợp lệ'],
    ['pageSize=100000', 'Giá trị &#34;100000&#34; của tham số số dòng mỗi trang nằm ngoài khoảng cho phép'],
    ['pageSize=x', 'tham số số dòng mỗi trang không hợp lệ'],
    ['level=9', 'Giá trị &#34;9&#34; của tham số mức độ không hợp lệ'],
    ['agency=khong-co', 'Không tìm thấy cơ quan &#34;khong-co&#34;'],
    ['sort=drop', 'tham số sắp xếp không hợp lệ'],
    ['status=deleted', 'tham số tình trạng không hợp lệ'],
    ['tier=thon', 'tham số cấp không hợp lệ'],
  ])('answers %s with a message, not an error', async (query, message) => {
    const res = await request(app).get(`/procedures?${query}`).expect(200);
    expect(res.text).toContain(message);
    expect(res.text).toContain('Có lỗi xảy ra');
  });

  it('clamps the page size to 10–200', async () => {
    expect((await api('?pageSize=100000')).pageSize).toBe(200);
    expect((await api('?pageSize=1')).pageSize).toBe(10);
  });

  it('refuses invalid parameters in the JSON API with 400 and the reasons', async () => {
    const res = await request(app).get('/api/procedures?level=9&agency=khong-co').expect(400);
    expect(res.body.problems.map((p: { param: string }) => p.param)).toEqual(['level', 'agency']);
  });

  it('sorts by a column and marks it with aria-sort', async () => {
    const res = await request(app).get('/procedures?sort=-code').expect(200);
    expect(res.text).toMatch(/aria-sort="descending" class="col-code"/);
    expect(res.text).toMatch(/aria-sort="none" class="col-name"/);
    const codes = (await api('?sort=-code')).items.map((i) => i.code);
    expect(codes).toEqual([...codes].sort().reverse());
    const levels = (await api('?sort=level')).items.map((i) => i.level);
    expect(levels).toEqual([...levels].sort());
  });
});

describe('JSON', () => {
  it('gives the documented shape', async () => {
    const body = await api('?agency=so-tu-phap');
    expect(body).toEqual({
      total: 1,
      page: 1,
      pageSize: 50,
      items: [
        {
          code: '1.001193',
          localCode: null,
          name: 'Đăng ký khai sinh',
          agency: 'Sở Tư pháp',
          field: 'Hộ tịch',
          tiers: ['province'],
          level: 4,
          portalIntegrated: true,
          qd411: true,
          eligible: true,
          status: 'current',
        },
      ],
    });
  });

  it('gives one procedure with its offerings and history', async () => {
    const res = await request(app).get('/api/procedures/1.001193').expect(200);
    expect(res.body.offerings).toHaveLength(3);
    expect(res.body.history).toHaveLength(3);
    expect(res.body.offerings.find((o: { agency: string }) => o.agency === 'UBND xã Bình Châu').portalIntegrated).toBe(false);
    await request(app).get('/api/procedures/9.999999').expect(404);
  });
});

describe('CSV', () => {
  it('streams every matching offering as UTF-8 with BOM, with the importer\'s Vietnamese headers', async () => {
    const res = await request(app).get('/procedures.csv?status=all').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\ufeffMã thủ tục,Tên thủ tục,Lĩnh vực,Cơ quan thực hiện,Mã cơ quan,Cấp thực hiện,Mức độ,Tích hợp Cổng DVCQG,QĐ 411,Đủ điều kiện,Tình trạng,Đối tượng thực hiện,Thời hạn giải quyết,"Phí, lệ phí",Số quyết định công bố,Đường dẫn DVC trực tuyến,Trình tự thực hiện,Cách thức thực hiện,Thành phần hồ sơ,"Yêu cầu, điều kiện",Căn cứ pháp lý,Biểu mẫu,Cơ quan ban hành');
    expect(text.trim().split('\r\n')).toHaveLength(10);
    // Formula-like cells are neutralised.
    expect(text).toContain(",'=1+1,");
    expect(text).toContain(",'@SUM(A1),");
  });

  it('reads back through the importer unchanged', async () => {
    const res = await request(app).get('/procedures.csv?status=all').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const copy = await openTestDb();
    try {
      const report = await importFile(copy, writeCsv((res.body as Buffer).toString('utf8')), {}, clock);
      expect(report.errorCount).toBe(0);
      expect(report.counts.inserted).toBe(9);
      const snapshot = (d: CatalogueDb) =>
        d.kysely
          .selectFrom('offering')
          .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
          .innerJoin('agency', 'agency.id', 'offering.agency_id')
          .leftJoin('field', 'field.id', 'procedure.field_id')
          .select(['procedure.code', 'procedure.name', 'procedure.fees', 'field.name as field', 'agency.name as agency', 'agency.code as agencyCode', 'offering.local_code', 'offering.tiers', 'offering.level', 'offering.portal_integrated', 'offering.qd411', 'offering.eligible', 'offering.status'])
          .orderBy('procedure.code')
          .orderBy('agency.name')
          .execute();
      expect(await snapshot(copy)).toEqual(await snapshot(db));
    } finally {
      await copy.close();
    }
  });

  it('exports only what the filters select', async () => {
    const res = await request(app).get('/procedures.csv?level=4').expect(200);
    expect(res.text.trim().split('\r\n')).toHaveLength(4);
    await request(app).get('/procedures.csv?level=9').expect(400);
  });
});

describe('procedure page', () => {
  it('shows every stored field, each agency with its tier, level and integration, and the history', async () => {
    const res = await request(app).get('/procedures/1.001193').expect(200);
    expect(res.text).toContain('<h1>Đăng ký khai sinh</h1>');
    expect(res.text).toContain('Miễn lệ phí');
    // Each agency leads to its own page, which leads on to its procedures and back to this one.
    expect(res.text).toMatch(/href="\/agencies\/ubnd-huyen-binh-son\?from=1\.001193"/);
    const agency = await request(app).get('/agencies/ubnd-huyen-binh-son?from=1.001193').expect(200);
    expect(agency.text).toMatch(/href="\/procedures\?agency=ubnd-huyen-binh-son[&"]/);
    expect(agency.text).toMatch(/href="\/procedures\/1\.001193"/);
    expect(res.text).toContain('1.001193.000.00.53.H48');
    expect(res.text).toContain('30/06/2020');
    expect(res.text).toContain('Đưa vào danh mục');
    expect(res.text.match(/class="level level-\d"/g)).toHaveLength(6);
  });

  it('opens the same page for a localized code', async () => {
    const res = await request(app).get('/procedures/1.001193.000.00.53.H48').expect(200);
    expect(res.text).toContain('<h1>Đăng ký khai sinh</h1>');
  });

  it('answers an unknown code with a 404 page that offers a search', async () => {
    const res = await request(app).get('/procedures/9.999999').expect(404);
    expect(res.text).toContain('Không tìm thấy thủ tục');
    expect(res.text).toContain('role="search"');
    await request(app).get(`/procedures/${'x'.repeat(5000)}`).expect(404);
    await request(app).get('/procedures/%3Cscript%3E').expect(404);
  });

  it('gives a CPSV-AP PublicService in JSON-LD', async () => {
    const res = await request(app).get('/procedures/1.001193.jsonld').expect(200);
    expect(res.headers['content-type']).toContain('application/ld+json');
    const doc = JSON.parse(res.text);
    expect(doc['@type']).toBe('cpsv:PublicService');
    expect(doc['dct:identifier']).toBe('1.001193');
    expect(doc['dct:title']).toEqual({ '@value': 'Đăng ký khai sinh', '@language': 'vi' });
    expect(doc['cv:hasCompetentAuthority']).toHaveLength(3);
    expect(doc['cv:hasCompetentAuthority'][0]['@type']).toBe('cv:PublicOrganisation');
    // Online channels only where the level is 3 or 4: Sở Tư pháp (4) and Bình Sơn (3), not Bình Châu (2).
    expect(doc['cv:hasChannel']).toHaveLength(2);
  });
});

describe('escaping', () => {
  it('shows a procedure named <script> as text everywhere', async () => {
    for (const path of ['/procedures?status=all', '/procedures/3.000001', '/procedures?q=script']) {
      const res = await request(app).get(path).expect(200);
      expect(res.text).not.toContain('<script>alert(1)</script>');
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('agencies page', () => {
  it('lists agencies with their counts, linking to their lists', async () => {
    const res = await request(app).get('/agencies').expect(200);
    expect(res.text).toMatch(/<a href="\/procedures\?agency=so-xay-dung">Sở Xây dựng<\/a>/);
    expect(res.text).toMatch(/href="\/procedures\?agency=so-xay-dung&amp;status=withdrawn">1</);
  });
});

describe('language', () => {
  it('serves the list in English with ?lang=en', async () => {
    const res = await request(app).get('/procedures?lang=en&level=4').expect(200);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Showing 1–3 of 3');
    expect(res.text).toContain('Full online');
  });
});

describe('home page', () => {
  it('offers a search box and entry points by agency and field', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.text).toContain('role="search"');
    expect(res.text).toMatch(/href="\/procedures\?agency=ubnd-huyen-binh-son">UBND huyện Bình Sơn<\/a>/);
    expect(res.text).toMatch(/href="\/procedures\?field=ho-tich">Hộ tịch<\/a>/);
  });
});
