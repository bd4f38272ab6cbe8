import { parseCode, parseFlag, parseLevel, parseStatus, parseTiers, tierFromAgencyName } from '../../imports/values';

describe('parseLevel', () => {
  it.each([
    ['1', 1], ['2', 2], ['3', 3], ['4', 4],
    ['Mức 3', 3], ['Mức độ 4', 4], ['mức độ 2', 2], ['MỨC ĐỘ 1', 1], ['Muc do 3', 3], ['muc_do_4', 4],
    ['DVCTT mức độ 2', 2], ['DVC mức độ 3', 3], ['dvctt muc do 4', 4], ['Mức độ: 3', 3], ['Level 4', 4],
    ['Toàn trình', 4], ['TOÀN TRÌNH', 4], ['toan trinh', 4], ['DVC toàn trình', 4],
    ['Một phần', 3], ['mot phan', 3], ['MỘT PHẦN', 3],
    ['  Mức  độ   4 ', 4],
  ])('reads %j as level %i', (text, level) => {
    expect(parseLevel(text)).toBe(level);
  });

  it('reads decomposed (NFD) diacritics as well as composed ones', () => {
    expect(parseLevel('Toàn trình'.normalize('NFD'))).toBe(4);
    expect(parseLevel('Mức độ 3'.normalize('NFD'))).toBe(3);
  });

  it.each(['', '0', '5', 'Mức độ 5', '3,4', 'Mức độ 3, 4', 'cao', '44', 'toàn', 'x'])('refuses %j', (text) => {
    expect(parseLevel(text)).toBeNull();
  });
});

describe('parseFlag', () => {
  it.each(['Có', 'có', 'CO', 'x', 'X', 'yes', 'Y', 'true', 'TRUE', '1', 'Đã tích hợp', 'da tich hop'])('reads %j as yes', (t) => {
    expect(parseFlag(t)).toBe(true);
  });
  it.each(['Không', 'khong', 'no', 'N', 'false', '0', 'Chưa tích hợp', '', '  '])('reads %j as no', (t) => {
    expect(parseFlag(t)).toBe(false);
  });
  it.each(['maybe', 'có lẽ', '2', 'xx'])('refuses %j', (t) => {
    expect(parseFlag(t)).toBeNull();
  });
});

describe('parseTiers', () => {
  it.each([
    ['Cấp tỉnh', ['province']],
    ['Cấp huyện', ['district']],
    ['Cấp xã', ['commune']],
    ['Cấp bộ', ['central']],
    ['Cơ quan khác', ['other']],
    ['Tỉnh', ['province']],
    ['Huyện', ['district']],
    ['Xã', ['commune']],
    ['Cấp xã, Cấp tỉnh', ['province', 'commune']],
    ['Tỉnh/Huyện/Xã', ['province', 'district', 'commune']],
    ['Cấp tỉnh; Cấp huyện', ['province', 'district']],
    ['cap tinh', ['province']],
  ])('reads %j', (text, tiers) => {
    expect(parseTiers(text)).toEqual(tiers);
  });
  it('refuses an unknown tier', () => {
    expect(parseTiers('Cấp thôn')).toBeNull();
    expect(parseTiers('Cấp tỉnh, Cấp thôn')).toBeNull();
  });
});

describe('tierFromAgencyName', () => {
  it.each([
    ['Sở Tư pháp', 'province'],
    ['UBND tỉnh Quảng Ngãi', 'province'],
    ['UBND huyện Bình Sơn', 'district'],
    ['Ủy ban nhân dân huyện Lý Sơn', 'district'],
    ['UBND thị xã Đức Phổ', 'district'],
    ['UBND xã Bình Châu', 'commune'],
    ['UBND phường Trần Phú', 'commune'],
    ['Bảo hiểm xã hội Việt Nam', null],
  ])('%s → %s', (name, tier) => {
    expect(tierFromAgencyName(name)).toBe(tier);
  });
});

describe('parseStatus', () => {
  it.each([
    ['Còn hiệu lực', 'current'], ['', 'current'], ['active', 'current'], ['current', 'current'],
    ['Bãi bỏ', 'withdrawn'], ['bai bo', 'withdrawn'], ['Đã bãi bỏ', 'withdrawn'], ['Hết hiệu lực', 'withdrawn'], ['withdrawn', 'withdrawn'],
  ])('reads %j as %s', (text, status) => {
    expect(parseStatus(text)).toBe(status);
  });
  it('refuses an unknown status', () => {
    expect(parseStatus('tạm dừng')).toBeNull();
  });
});

describe('parseCode', () => {
  it('reads a national code', () => {
    expect(parseCode(' 1.001612 ')).toEqual({ kind: 'national', procedureCode: '1.001612', localCode: null });
  });
  it('splits a localized code into the procedure and the agency', () => {
    expect(parseCode('1.001612.000.00.53.H48')).toEqual({
      kind: 'localized',
      procedureCode: '1.001612',
      localCode: '1.001612.000.00.53.H48',
      agencyCode: '000.00.53.H48',
    });
  });
  it('keeps other codes as they are', () => {
    expect(parseCode('T-BPC-280421')).toEqual({ kind: 'other', procedureCode: 'T-BPC-280421', localCode: null });
    expect(parseCode('1.00161').kind).toBe('other');
  });
});
