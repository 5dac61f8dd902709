/**
 * A small cache of hot reads (the key behind a bearer token, the latest run of
 * a CRM reference), each entry kept for a short time: the reads every CRM
 * request makes cost a map lookup instead of a query. The store that owns a
 * cache clears it on every write that could change what it holds, so one
 * instance always reads its own writes; other instances sharing the database
 * see a change within the time-to-live.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  /**
   * @param ttlMs how long an entry is trusted, in ms
   * @param maxEntries entries kept at most (the oldest go first)
   */
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /**
   * The cached value of `key`, or `load()`'s (then cached).
   * @example await cache.get(hash, () => queryKey(hash))
   */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    // A write during the load clears the cache: its result is then not kept.
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, expires: now + this.ttlMs });
    }
    return value;
  }

  private generation = 0;

  /** Forgets every entry (after a write). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
