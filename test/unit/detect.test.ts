import crypto from 'node:crypto';
import fs from 'node:fs';
import { completeUtf8Length, detectDelimiter, detectEncoding, inspectFile } from '../../imports/detect';
import { csv, HEADER, writeCsv, toWindows1258Form } from '../helpers';

const ROWS = [
  HEADER,
  ['1.001612', 'Đăng ký khai sinh', 'UBND xã Bình Châu', 'Mức độ 4', 'Hộ tịch', 'Cấp xã', 'Có', 'Còn hiệu lực'],
  ['2.000986', 'Cấp phiếu lý lịch tư pháp', 'Sở Tư pháp', 'Mức độ 3', 'Lý lịch tư pháp', 'Cấp tỉnh', 'Không', 'Còn hiệu lực'],
];

describe('completeUtf8Length: where a read may have cut a character in two', () => {
  const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

  it.each([
    ['ASCII', bytes(0x61, 0x62), 2],
    ['a whole 3-byte character', bytes(0x61, 0xe1, 0xba, 0xa1), 4],
    ['the first byte of a 3-byte character', bytes(0x61, 0xe1), 1],
    ['two bytes of a 3-byte character', bytes(0x61, 0xe1, 0xba), 1],
    ['three bytes of a 4-byte character', bytes(0x61, 0xf0, 0x9f, 0x98), 1],
    ['a whole 4-byte character', bytes(0xf0, 0x9f, 0x98, 0x80), 4],
    ['a stray continuation byte (left for the validator to refuse)', bytes(0x61, 0x80), 2],
    ['nothing', bytes(), 0],
  ])('%s', (_name, input, expected) => {
    expect(completeUtf8Length(input)).toBe(expected);
  });
});

describe('inspectFile: encoding', () => {
  it('reads plain UTF-8 with Vietnamese text as utf-8', async () => {
    const file = writeCsv(csv(ROWS, ','), 'utf-8');
    expect((await inspectFile(file)).encoding).toBe('utf-8');
  });

  it('reads UTF-8 with a BOM as utf-8-bom', async () => {
    const file = writeCsv(csv(ROWS, ';'), 'utf-8-bom');
    expect(await inspectFile(file)).toMatchObject({ encoding: 'utf-8-bom', delimiter: ';' });
  });

  it.each(['utf-16le', 'utf-16be'] as const)('reads Excel "Unicode text" (%s with a BOM, tab-separated)', async (encoding) => {
    const file = writeCsv(csv(ROWS, '\t'), encoding);
    expect(await inspectFile(file)).toMatchObject({ encoding, delimiter: '\t' });
  });

  it('reads bytes that are not valid UTF-8 as windows-1258', async () => {
    const text = toWindows1258Form(csv(ROWS, ','));
    const file = writeCsv(text, 'windows-1258');
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(0x3f)).toBe(false); // no "?" stand-ins: every letter was encodable
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(await inspectFile(file)).toMatchObject({ encoding: 'windows-1258', delimiter: ',' });
  });

  it('checks the whole file, not just the first 64 KB: an invalid byte after 100 KB still means windows-1258', async () => {
    const line = 'T-ABC-000001,Thu tuc mau,So Tu phap,3\r\n';
    let ascii = 'Ma thu tuc,Ten thu tuc,Co quan thuc hien,Muc do\r\n';
    while (ascii.length < 100 * 1024) ascii += line;
    const file = writeCsv(ascii + toWindows1258Form('T-ABC-999999,Sở Tư pháp,Sở Tư pháp,3\r\n'), 'windows-1258');
    const bytes = fs.readFileSync(file);
    const firstNonAscii = bytes.findIndex((b) => b > 0x7f);
    expect(firstNonAscii).toBeGreaterThan(100 * 1024);
    expect(await inspectFile(file)).toMatchObject({ encoding: 'windows-1258', delimiter: ',' });
  });

  it('checks past the first 256 KB read as well', async () => {
    let ascii = 'code,name\n';
    while (ascii.length < 300 * 1024) ascii += '1.001612,Dang ky khai sinh\n';
    const file = writeCsv(ascii + toWindows1258Form('1.001613,Đăng ký kết hôn\n'), 'windows-1258');
    expect((await inspectFile(file)).encoding).toBe('windows-1258');
  });

  it('keeps utf-8 when a 4-byte character straddles two reads, and refuses a file that ends inside a character', async () => {
    const boundary = 256 * 1024;
    const head = 'code,name\n' + 'x'.repeat(boundary - 2 - 'code,name\n'.length);
    const straddling = writeCsv(head + '😀,Đăng ký\n', 'utf-8');
    expect(fs.readFileSync(straddling)[boundary - 2]).toBe(0xf0);
    expect((await inspectFile(straddling)).encoding).toBe('utf-8');

    const truncated = writeCsv('code,name\n1.001612,Đăng ký\n', 'utf-8');
    fs.writeFileSync(truncated, fs.readFileSync(truncated).subarray(0, -2)); // "ý" cut after its first byte
    expect((await inspectFile(truncated)).encoding).toBe('windows-1258');
  });

  it('keeps utf-8 when a multi-byte character straddles two reads', async () => {
    const boundary = 256 * 1024;
    const head = 'code,name\n' + 'x'.repeat(boundary - 1 - 'code,name\n'.length);
    const file = writeCsv(head + 'ạ,Đăng ký\n', 'utf-8');
    const bytes = fs.readFileSync(file);
    expect(bytes[boundary - 1]).toBe(0xe1); // first byte of "ạ" ends the first read
    expect((await inspectFile(file)).encoding).toBe('utf-8');
  });

  it('treats a file ending in a cut-off UTF-8 sequence as windows-1258', async () => {
    // "Ă" is byte 0xC3 in Windows-1258: a UTF-8 lead byte with nothing after it.
    const file = writeCsv('code,name\n1,Ă', 'windows-1258');
    expect(fs.readFileSync(file).at(-1)).toBe(0xc3);
    expect((await inspectFile(file)).encoding).toBe('windows-1258');
  });

  it.each(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'] as const)('reports sha256 and size of the bytes on disk (%s)', async (encoding) => {
    const file = writeCsv(csv(ROWS, encoding.startsWith('utf-16') ? '\t' : ','), encoding);
    const bytes = fs.readFileSync(file);
    const inspection = await inspectFile(file);
    expect(inspection.sizeBytes).toBe(bytes.length);
    expect(inspection.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(inspection.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports sha256 and size of a file larger than one read', async () => {
    let text = 'code,name\n';
    while (text.length < 600 * 1024) text += '1.001612,Đăng ký khai sinh\n';
    const file = writeCsv(text, 'utf-8');
    const bytes = fs.readFileSync(file);
    const inspection = await inspectFile(file);
    expect(inspection.sizeBytes).toBe(bytes.length);
    expect(inspection.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
  });

  it('gives an empty file size 0 and the hash of nothing', async () => {
    const file = writeCsv('', 'utf-8');
    expect(await inspectFile(file)).toEqual({
      sizeBytes: 0,
      sha256: crypto.createHash('sha256').digest('hex'),
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ',',
    });
  });
});

describe('detectEncoding', () => {
  it.each([
    [[0xef, 0xbb, 0xbf, 0x61], true, 'utf-8-bom'],
    [[0xff, 0xfe, 0x61, 0x00], false, 'utf-16le'],
    [[0xfe, 0xff, 0x00, 0x61], false, 'utf-16be'],
    [[0x61, 0x00, 0x62, 0x00], true, 'utf-16le'],
    [[0x00, 0x61, 0x00, 0x62], true, 'utf-16be'],
    [[0x61, 0x62, 0x63], true, 'utf-8'],
    [[0x61, 0x62, 0x63], false, 'windows-1258'],
    [[], true, 'utf-8'],
  ] as const)('%j (valid UTF-8: %s) → %s', (bytes, validUtf8, encoding) => {
    expect(detectEncoding(Buffer.from(bytes), validUtf8)).toBe(encoding);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['Mã thủ tục,Tên thủ tục,Cơ quan thực hiện', ','],
    ['Mã thủ tục;Tên thủ tục;Cơ quan thực hiện', ';'],
    ['Mã thủ tục\tTên thủ tục\tCơ quan thực hiện', '\t'],
    ['"Phí, lệ phí";Mã thủ tục;Tên', ';'],
    ['"Phí, lệ phí"\tMã thủ tục\tTên', '\t'],
    ['"Phí; lệ phí",Mã thủ tục,Tên', ','],
    ['\ufeffMã thủ tục;Tên thủ tục', ';'],
    // Only the header line counts, however many delimiters the rows below hold.
    ['Mã thủ tục;Tên thủ tục;Mức độ\r\n1,2,3,4,5,6,7,8', ';'],
    ['Mã thủ tục;Tên thủ tục\n1,2,3,4,5', ';'],
    // A quoted header cell may span lines; its contents still do not count.
    ['"Phí,\nlệ phí";Mã thủ tục;Tên\r\n1,2,3,4,5', ';'],
  ])('%j → %j', (sample, delimiter) => {
    expect(detectDelimiter(sample)).toBe(delimiter);
  });

  it.each([
    ['a,b;c', ';'],
    ['a,b\tc', '\t'],
    ['a;b\tc', '\t'],
    ['a,b;c\td', '\t'],
    ['a,b,c;d;e', ';'],
    ['a,b,c;d', ','],
    ['Mã thủ tục', ','],
    ['', ','],
  ])('breaks ties towards tab, then semicolon, and defaults to comma: %j → %j', (sample, delimiter) => {
    expect(detectDelimiter(sample)).toBe(delimiter);
  });
});
