/**
 * Web addresses from files and configuration: only absolute http(s) addresses with a host pass, whatever an
 * attacker writes; the importer refuses the row with its line and column; multi-line details keep their lines.
 */
import { checkWebAddress, safeEmail, safeWebAddress, telTarget } from '../../domain/web-address';
import { mapHeader } from '../../imports/headers';
import { cleanLines, RowValidator } from '../../imports/validate';
import { problemText } from '../../imports/messages';

describe('checkWebAddress', () => {
  it.each([
    ['https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc.html?ma=1.001612', 'dichvucong.gov.vn'],
    ['http://dichvucong.quangngai.gov.vn/', 'dichvucong.quangngai.gov.vn'],
    ['HTTPS://WWW.Example.GOV.VN/a#b', 'example.gov.vn'],
    ['  https://dichvucong.gov.vn  ', 'dichvucong.gov.vn'],
    ['https://dichvucong.gov.vn:8443/x', 'dichvucong.gov.vn'],
  ])('accepts %j (host %s)', (value, host) => {
    const checked = checkWebAddress(value);
    expect(checked).toMatchObject({ ok: true, host });
    if (checked.ok) expect(checked.href.startsWith('http')).toBe(true);
  });

  it.each([
    ['javascript:alert(1)', 'scheme'],
    ['JaVaScRiPt:alert(document.cookie)', 'scheme'],
    ['java\tscript:alert(1)', 'space'],
    ['java\nscript:alert(1)', 'space'],
    ['  javascript:alert(1)', 'scheme'],
    ['\u0000javascript:alert(1)', 'space'],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'scheme'],
    ['vbscript:msgbox(1)', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['//evil.example/login', 'relative'],
    ['/procedures/1.001612', 'relative'],
    ['dichvucong.gov.vn', 'relative'],
    ['Nộp tại bộ phận một cửa', 'space'],
    ['www.dichvucong.gov.vn', 'relative'],
    ['http:evil.example', 'relative'],
    ['https:/evil.example', 'relative'],
    ['https:///evil.example', 'relative'],
    ['=HYPERLINK("http://evil.example","Nộp")', 'relative'],
    ['=HYPERLINK("http://evil.example", "Nộp hồ sơ")', 'space'],
    ["'=HYPERLINK(\"http://evil.example\")", 'relative'],
    ['https://dichvucong.gov.vn@evil.example/', 'credentials'],
    ['https://user:pass@evil.example/', 'credentials'],
    ['https://dich vu cong.gov.vn', 'space'],
    ['https://dichvucong.gov.vn/\u200b', 'space'],
    ['https://evil.example/\u202egpj.exe', 'space'],
    ['https://[::1', 'malformed'],
    ['https://exa%mple.com', 'malformed'],
    ['', 'relative'],
  ])('refuses %j (%s)', (value, problem) => {
    expect(checkWebAddress(value)).toEqual({ ok: false, problem });
  });

  it('safeWebAddress gives a link only for what passes, checked again however it was stored', () => {
    expect(safeWebAddress('https://dichvucong.gov.vn/x')).toEqual({ href: 'https://dichvucong.gov.vn/x', host: 'dichvucong.gov.vn' });
    expect(safeWebAddress('javascript:alert(1)')).toBeNull();
    expect(safeWebAddress(null)).toBeNull();
    expect(safeWebAddress('')).toBeNull();
    // An address the parser re-encodes is linked as the parser writes it: no quote or bracket survives raw.
    expect(safeWebAddress('https://x.example/"><script>')?.href).toBe('https://x.example/%22%3E%3Cscript%3E');
  });

  it('safeEmail and telTarget accept plain addresses and numbers, nothing that would change the link', () => {
    expect(safeEmail('stp@quangngai.gov.vn')).toBe('stp@quangngai.gov.vn');
    expect(safeEmail('a@b.vn?cc=x@y.vn')).toBeNull();
    expect(safeEmail('javascript:alert(1)//@x.vn')).toBeNull();
    expect(safeEmail('"a b"@x.vn')).toBeNull();
    expect(safeEmail('no-domain@')).toBeNull();
    expect(telTarget('0000 3822 123')).toBe('00003822123');
    expect(telTarget('(+84) 000.382.2123, 0000 3822 124')).toBe('+840003822123');
    expect(telTarget('gọi tổng đài')).toBeNull();
    expect(telTarget('123')).toBeNull();
    expect(telTarget('javascript:1234567')).toBeNull();
  });
});

describe('the importer and online addresses', () => {
  const HEADER = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Link nộp hồ sơ', 'Thành phần hồ sơ'];
  const validator = () => new RowValidator(mapHeader(HEADER).mapping);
  const cells = (url: string, documents = '') => ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', url, documents];

  it('reads "Link nộp hồ sơ" as the offering\'s address, trimmed, and an empty cell as none', () => {
    expect(mapHeader(HEADER).mapping.columns.onlineUrl).toBe(4);
    for (const alias of ['Đường dẫn DVC trực tuyến', 'Địa chỉ trực tuyến', 'url', 'DUONG DAN DVC TRUC TUYEN']) {
      expect(mapHeader(['Mã thủ tục', alias]).mapping.columns.onlineUrl).toBe(1);
    }
    expect(validator().validate(2, cells(' https://dichvucong.gov.vn/a ')).row?.onlineUrl).toBe('https://dichvucong.gov.vn/a');
    expect(validator().validate(2, cells('')).row?.onlineUrl).toBeNull();
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>x</b>', '//evil.example', '  javascript:alert(1)', '=HYPERLINK("http://evil.example")', 'Cổng dịch vụ công', 'https://ok.example/\u0007x'])(
    'refuses the row for %j, naming its line and column',
    (url) => {
      const checked = validator().validate(7, cells(url));
      expect(checked.row).toBeNull();
      expect(checked.errors).toHaveLength(1);
      expect(checked.errors[0]).toMatchObject({ line: 7, column: 'Link nộp hồ sơ', code: 'link.refused' });
      expect(problemText(checked.errors[0]!, 'vi')).toMatch(/^Đường dẫn không được nhận: .*https:\/\//);
      expect(problemText(checked.errors[0]!, 'en')).toMatch(/^The address is refused: /);
      // A control character is shown, not removed: what was refused is visible.
      expect(checked.errors[0]!.value).not.toMatch(/[\u0000-\u0008]/);
    },
  );

  it('keeps the line breaks of a multi-line detail, each line cleaned', () => {
    const text = '  Bước 1:  nộp hồ sơ\r\n\r\n\r\nBước 2: nhận  kết quả \n';
    expect(cleanLines(text)).toBe('Bước 1: nộp hồ sơ\n\nBước 2: nhận kết quả');
    const row = validator().validate(2, cells('', '- Tờ khai\n- Giấy chứng sinh'.normalize('NFD'))).row;
    expect(row?.documents).toBe('- Tờ khai\n- Giấy chứng sinh');
    // An exported cell that began with "-" came back with an apostrophe: it is removed again.
    expect(validator().validate(2, cells('', "'- Tờ khai\n- Giấy chứng sinh")).row?.documents).toBe('- Tờ khai\n- Giấy chứng sinh');
  });
});
