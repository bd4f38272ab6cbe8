/**
 * Remembers values computed from the catalogue until the catalogue changes. The data changes only when an
 * import commits (catalogue_state.version goes up), so a figure computed once serves every request until
 * then. Bounded: the least recently used entries go first.
 */
export class VersionedCache<V> {
  private version = -1;
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries = 500) {}

  async get(version: number, key: string, compute: () => Promise<V>): Promise<V> {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-insert to mark as recently used (a Map iterates in insertion order).
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = await compute();
    if (version === this.version) {
      this.entries.set(key, value);
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
