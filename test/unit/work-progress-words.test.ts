import { RateWindow, roundedDuration, secondsLeft } from '../../domain/work-rate';
import { durationWords, progressView } from '../../server/imports/progress-words';
import { vi } from '../../server/i18n/vi';
import { en } from '../../server/i18n/en';
import { formatNumber } from '../../server/format';

const viNum = (n: number) => formatNumber(n, 'vi');
const enNum = (n: number) => formatNumber(n, 'en');

describe('rows a second over the last seconds', () => {
  it('is unknown until the work has run a moment, then follows the recent pace, not the average since the start', () => {
    const w = new RateWindow(5000);
    expect(w.add(0, 0)).toBeNull();
    expect(w.add(100, 50)).toBeNull();
    expect(w.add(1000, 1000)).toBeCloseTo(1000);
    // Ten seconds at 1,000 a second, then five at 100 a second: the window sees the slow pace.
    for (let t = 2000; t <= 10_000; t += 1000) w.add(t, t);
    for (let t = 11_000; t <= 15_000; t += 1000) w.add(t, 10_000 + (t - 10_000) / 10);
    expect(w.rate()).toBeCloseTo(100);
  });

  it('gives a time left only from a known total and a measured pace', () => {
    expect(secondsLeft(100, null, 50)).toBeNull();
    expect(secondsLeft(100, 1000, null)).toBeNull();
    expect(secondsLeft(100, 1000, 0)).toBeNull();
    expect(secondsLeft(100, 1000, 50)).toBe(18);
    expect(secondsLeft(1200, 1000, 50)).toBe(0);
  });

  it('rounds a time left as people say it', () => {
    expect(roundedDuration(2)).toEqual({ hours: 0, minutes: 0, seconds: 5 });
    expect(roundedDuration(41)).toEqual({ hours: 0, minutes: 0, seconds: 45 });
    expect(roundedDuration(129)).toEqual({ hours: 0, minutes: 2, seconds: 0 });
    expect(roundedDuration(3590)).toEqual({ hours: 1, minutes: 0, seconds: 0 });
    expect(roundedDuration(4000)).toEqual({ hours: 1, minutes: 5, seconds: 0 });
  });
});

describe('progress in words', () => {
  it('says rows of the total, the speed and the time left, in Vietnamese and English', () => {
    const p = { phase: 'committing' as const, done: 12345, total: 40000, bytesRead: 0, totalBytes: 1, rate: 20.4 };
    expect(progressView(p, vi.imports.progress, viNum)).toEqual({
      value: 12345, max: 40000, percent: 30, done: '12.345 / 40.000 dòng', speed: '20 dòng/giây', left: 'còn khoảng 23 phút',
    });
    expect(progressView(p, en.imports.progress, enNum)).toMatchObject({ done: '12,345 of 40,000 rows', speed: '20 rows a second', left: 'about 23 min left' });
    expect(durationWords(3900, vi.imports.progress, viNum)).toBe('1 giờ 5 phút');
  });

  it('while a file is first read: the rows so far and the share of the file, and "đang đọc…" instead of a time left', () => {
    const p = { phase: 'checking' as const, done: 500, total: null, bytesRead: 250, totalBytes: 1000, rate: 80 };
    expect(progressView(p, vi.imports.progress, viNum)).toEqual({
      value: 250, max: 1000, percent: 25, done: 'Đã đọc 500 dòng (đã đọc 25% tệp)', speed: '80 dòng/giây', left: 'đang đọc…',
    });
  });

  it('an undo counts procedures; all done but not yet committed is "đang hoàn tất…"; no pace yet is said', () => {
    const undo = { phase: 'undoing' as const, done: 40000, total: 40000, bytesRead: 0, totalBytes: 0, rate: 20000 };
    expect(progressView(undo, vi.imports.progress, viNum)).toMatchObject({ done: '40.000 / 40.000 thủ tục', speed: '20.000 thủ tục/giây', left: 'đang hoàn tất…' });
    expect(progressView({ ...undo, done: 10, rate: null }, vi.imports.progress, viNum)).toMatchObject({ speed: 'đang đo tốc độ…', left: 'đang đo tốc độ…' });
  });
});
