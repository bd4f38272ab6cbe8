/**
 * Rows per second over the last few seconds of long work, and the time left from a known total. Counted by
 * the work (rows read, offerings undone), never by a timer; a time left only when the total is known.
 */

/** How far back the rate looks: long enough to smooth a slow batch, short enough to follow a change of pace. */
export const RATE_WINDOW_MS = 5000;

export class RateWindow {
  private readonly samples: { at: number; done: number }[] = [];

  constructor(private readonly windowMs = RATE_WINDOW_MS) {}

  /** Records that `done` units were done by `at` (ms); returns the rate per second, or null until measurable. */
  add(at: number, done: number): number | null {
    this.samples.push({ at, done });
    // Keep one sample at or before the window's start, so that the rate always spans the whole window.
    while (this.samples.length > 2 && this.samples[1]!.at <= at - this.windowMs) this.samples.shift();
    return this.rate();
  }

  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 200) return null;
    return ((last.done - first.done) * 1000) / (last.at - first.at);
  }
}

/** Seconds left at `rate` per second; null when the total is unknown or nothing is moving. */
export function secondsLeft(done: number, total: number | null, rate: number | null): number | null {
  if (total === null || rate === null || rate <= 0) return null;
  return Math.max(0, (total - done) / rate);
}

/**
 * A time left rounded as people say it: under a minute to 5 seconds (at least 5), under an hour to the
 * minute, beyond to 5 minutes.
 */
export function roundedDuration(seconds: number): { hours: number; minutes: number; seconds: number } {
  if (seconds < 60) return { hours: 0, minutes: 0, seconds: Math.max(5, Math.ceil(seconds / 5) * 5) };
  if (seconds < 3600) {
    const minutes = Math.round(seconds / 60);
    return minutes === 60 ? { hours: 1, minutes: 0, seconds: 0 } : { hours: 0, minutes, seconds: 0 };
  }
  const fives = Math.round(seconds / 300);
  return { hours: Math.floor(fives / 12), minutes: (fives % 12) * 5, seconds: 0 };
}
