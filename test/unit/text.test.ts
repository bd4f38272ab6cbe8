import { cleanText, foldVietnamese, nameKey, searchTokens, slugify } from '../../domain/text';

describe('foldVietnamese', () => {
  it.each([
    ['Đăng ký khai sinh', 'dang ky khai sinh'],
    ['ĐĂNG KÝ', 'dang ky'],
    ['đăng ký', 'dang ky'],
    ['Ủy ban nhân dân huyện Lý Sơn', 'uy ban nhan dan huyen ly son'],
    ['Thời hạn giải quyết', 'thoi han giai quyet'],
    ['Cấp phiếu lý lịch tư pháp', 'cap phieu ly lich tu phap'],
    ['ẮẰẲẴẶ ẤẦẨẪẬ ỨỪỬỮỰ ỚỜỞỠỢ ỸỲỶỴÝ', 'aaaaa aaaaa uuuuu ooooo yyyyy'],
    ['1.001612', '1.001612'],
  ])('%j → %j', (input, folded) => {
    expect(foldVietnamese(input)).toBe(folded);
  });

  it.each(['Đăng ký khai sinh', 'ĐĂNG KÝ', 'Ủy ban nhân dân huyện Lý Sơn', 'Sở Tư pháp'])('folds %j the same in NFC and NFD', (input) => {
    expect(foldVietnamese(input.normalize('NFD'))).toBe(foldVietnamese(input.normalize('NFC')));
  });

  it('folds NFD "Đăng ký khai sinh" to "dang ky khai sinh"', () => {
    expect(foldVietnamese('Đăng ký khai sinh'.normalize('NFD'))).toBe('dang ky khai sinh');
  });
});

describe('cleanText', () => {
  it.each([
    ['  Sở Tư pháp  ', 'Sở Tư pháp'],
    ['Sở\u00a0Tư\u00a0pháp', 'Sở Tư pháp'],
    ['Sở \u00a0 Tư\t\tpháp', 'Sở Tư pháp'],
    ['Đăng ký\r\nkhai sinh', 'Đăng ký khai sinh'],
    ['\ufeffMã thủ tục', 'Mã thủ tục'],
    ['Mã\u200bthủ tục', 'Mã thủ tục'],
    ['   ', ''],
    ['', ''],
  ])('%j → %j', (input, cleaned) => {
    expect(cleanText(input)).toBe(cleaned);
  });

  it('composes NFD text to NFC', () => {
    const nfd = 'Sở Tư pháp'.normalize('NFD');
    expect(nfd).not.toBe('Sở Tư pháp'.normalize('NFC'));
    expect(cleanText(nfd)).toBe('Sở Tư pháp'.normalize('NFC'));
    expect(cleanText(`  ${nfd}\u00a0`)).toBe('Sở Tư pháp'.normalize('NFC'));
  });
});

describe('nameKey', () => {
  const key = nameKey('Sở Tư pháp');

  it.each([
    ['NFC', 'Sở Tư pháp'.normalize('NFC')],
    ['NFD', 'Sở Tư pháp'.normalize('NFD')],
    ['extra spaces', '  Sở   Tư\u00a0pháp '],
    ['upper case', 'SỞ TƯ PHÁP'],
    ['lower case', 'sở tư pháp'],
    ['NFD upper case with spaces', ' SỞ  TƯ PHÁP '.normalize('NFD')],
  ])('is the same for %s', (_name, input) => {
    expect(nameKey(input)).toBe(key);
  });

  it('is NFC lower case and keeps the diacritics', () => {
    expect(key).toBe('sở tư pháp'.normalize('NFC'));
    expect(nameKey('Sở Tư pháp')).not.toBe(nameKey('So Tu phap'));
  });
});

describe('slugify', () => {
  it.each([
    ['Sở Tư pháp', 'so-tu-phap'],
    ['UBND huyện Bình Sơn', 'ubnd-huyen-binh-son'],
    ['Ủy ban nhân dân tỉnh Quảng Ngãi', 'uy-ban-nhan-dan-tinh-quang-ngai'],
    ['Đăng ký khai sinh'.normalize('NFD'), 'dang-ky-khai-sinh'],
    ['  Hộ tịch / Chứng thực  ', 'ho-tich-chung-thuc'],
    ['--Lĩnh vực--', 'linh-vuc'],
    ['', 'x'],
    ['   ', 'x'],
    ['!!!', 'x'],
    ['— / —', 'x'],
  ])('%j → %j', (input, slug) => {
    expect(slugify(input)).toBe(slug);
  });

  it('keeps slugs to 80 characters without a trailing dash', () => {
    const slug = slugify('Cấp giấy phép '.repeat(20));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('searchTokens', () => {
  it.each([
    ['1.001612', ['1.001612']],
    ['Thủ tục 1.001612, cấp xã.', ['thu', 'tuc', '1.001612', 'cap', 'xa']],
    ['ĐĂNG KÝ khai-sinh', ['dang', 'ky', 'khai', 'sinh']],
    ['1.001612.000.00.53.H48', ['1.001612.000.00.53.h48']],
    ['...', []],
    ['', []],
  ])('%j → %j', (input, tokens) => {
    expect(searchTokens(input)).toEqual(tokens);
  });

  it('tokenises NFD text like NFC text', () => {
    expect(searchTokens('Đăng ký khai sinh'.normalize('NFD'))).toEqual(['dang', 'ky', 'khai', 'sinh']);
  });
});
