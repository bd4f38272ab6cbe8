/**
 * A small in-memory cache of computed figures, valid for one catalogue version. The catalogue changes only
 * when an import commits (and its version goes up), so a figure computed once serves every request until
 * then. Bounded (least recently used entries go first); concurrent requests for the same figure share one
 * computation; a failed computation is not kept.
 */
export class VersionedCache {
  private version: number | null = null;
  private readonly entries = new Map<string, Promise<unknown>>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 64) {}

  get<T>(version: number, key: string, compute: () => Promise<T>): Promise<T> {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      // Re-inserting marks it most recently used (a Map iterates in insertion order).
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached as Promise<T>;
    }
    this.misses++;
    const promise = compute();
    this.entries.set(key, promise);
    promise.catch(() => {
      if (this.entries.get(key) === promise) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return promise;
  }

  /** The figure kept for `key` in `version`, if there is one (marked as used, as get does). */
  peek<T>(version: number, key: string): Promise<T> | undefined {
    if (version !== this.version || !this.entries.has(key)) return undefined;
    return this.get<T>(version, key, () => Promise.reject(new Error('unreachable')));
  }

  get size(): number {
    return this.entries.size;
  }
}
