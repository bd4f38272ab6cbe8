import { cellText, decodeOoxmlEscapes, numberText } from '../../imports/cell-text';

describe('numberText: a number as its cell format shows it', () => {
  it.each([
    [1.00161, '0.000000', '1.001610'],
    [1.00161, undefined, '1.00161'],
    [1.00161, 'General', '1.00161'],
    [2.000908, '@', '2.000908'],
    [0.1 + 0.2, undefined, '0.3'],
    [42, '0', '42'],
    [1234567.891, '#,##0.00', '1,234,567.89'],
    [0.2778, '0.00%', '27.78%'],
    [3, '"Mức "0', '3'],
  ])('%p in %p → %p', (value, format, expected) => {
    expect(numberText(value, format)).toBe(expected);
  });
});

describe('cellText', () => {
  it('writes dates as Vietnamese clerks do, with the time only when there is one', () => {
    expect(cellText(new Date(Date.UTC(2020, 5, 30)), 'mm-dd-yy')).toEqual({ text: '30/06/2020', number: false });
    expect(cellText(new Date(Date.UTC(2020, 5, 30, 8, 5)), undefined).text).toBe('30/06/2020 08:05');
  });

  it('joins rich text runs, takes a formula\'s cached result, writes booleans and errors', () => {
    expect(cellText({ richText: [{ text: 'Đăng ký ' }, { text: 'khai sinh', font: { bold: true } }] }, undefined).text).toBe('Đăng ký khai sinh');
    expect(cellText({ formula: 'A1&B1', result: 'Sở Tư pháp' }, undefined)).toEqual({ text: 'Sở Tư pháp', number: false });
    expect(cellText({ formula: 'ROUND(A1,6)', result: 1.00161 }, '0.000000')).toEqual({ text: '1.001610', number: true });
    expect(cellText({ formula: 'A1' }, undefined).text).toBe('');
    expect(cellText(true, undefined).text).toBe('TRUE');
    expect(cellText({ error: '#N/A' }, undefined).text).toBe('#N/A');
  });

  it('decodes Excel\'s _xHHHH_ escapes, and an escaped underscore leaves the sequence as written', () => {
    expect(decodeOoxmlEscapes('Dòng 1_x000D_\nDòng 2')).toBe('Dòng 1\r\nDòng 2');
    expect(decodeOoxmlEscapes('_x005F_x0007_')).toBe('_x0007_');
  });
});
