/**
 * The command line's progress line, rewritten in place on stderr (never on stdout, which carries the report
 * or its JSON): the share of the file read, the rows read and the rows a second over the last seconds.
 */
import type { Output } from './cli-output';
import { IMPORT_MESSAGES, type ImportLang } from '../imports/messages';
import { formatNumber } from '../imports/report-format';
import { RateWindow } from '../domain/work-rate';

/** A terminal redrawn more often than this flickers and costs the import time for nothing. */
const REDRAW_EVERY_MS = 250;

export class ProgressLine {
  private readonly window = new RateWindow();
  private lastDrawn = -Infinity;
  private width = 0;

  constructor(
    private readonly err: Output,
    private readonly lang: ImportLang,
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {
    this.window.add(this.monotonicMs(), 0);
  }

  update(bytesRead: number, totalBytes: number, rows: number): void {
    const at = this.monotonicMs();
    const rate = this.window.add(at, rows);
    if (at - this.lastDrawn < REDRAW_EVERY_MS) return;
    this.lastDrawn = at;
    const percent = totalBytes ? Math.min(100, Math.floor((bytesRead / totalBytes) * 100)) : 100;
    const bar = '#'.repeat(Math.floor(percent / 4)).padEnd(25, '.');
    const words = IMPORT_MESSAGES[this.lang].report;
    const text = `[${bar}] ${words.progressLine(`${percent}%`, formatNumber(rows, this.lang), rate === null ? null : formatNumber(Math.round(rate), this.lang))}`;
    this.err.write(`\r${text.padEnd(this.width)}`);
    this.width = text.length;
  }

  /** Wipes the line before the report is printed. */
  clear(): void {
    if (this.width > 0) this.err.write(`\r${' '.repeat(this.width)}\r`);
    this.width = 0;
  }
}
