/**
 * Read caches valid for one database generation (see `Database.generation()`): every write of this
 * process and every commit of another connection starts a new generation, and a cache that sees a
 * new generation drops everything before answering. So a cached read answers exactly what the
 * database would answer at that moment: a revoked token, a removed binding, a destroyed version
 * or a deactivated secret or KMS key is seen by the very next read. Memory only, bounded in
 * entries (and, for values that hold secret bytes, in bytes); nothing is ever written to disk.
 */

/** A bounded map whose contents live for one generation. */
export class GenerationCache<V> {
  private readonly map = new Map<string, V>();
  private generation = -1;
  private bytes = 0;

  /**
   * @param currentGeneration the database generation now
   * @param maxEntries the most entries kept; the oldest go first
   * @param maxBytes the most bytes kept, as measured by `sizeOf`
   * @param sizeOf the size a value counts for
   * @param dispose called on each value dropped (e.g. to zero secret bytes)
   */
  constructor(
    private readonly currentGeneration: () => number,
    private readonly maxEntries: number,
    private readonly maxBytes = Infinity,
    private readonly sizeOf: (value: V) => number = () => 0,
    private readonly dispose: (value: V) => void = () => {},
  ) {}

  /** The value of `key`, computed by `compute` unless this generation already has it. */
  get(key: string, compute: () => V): V {
    const generation = this.currentGeneration();
    if (generation !== this.generation) {
      this.clear();
      this.generation = generation;
    }
    if (this.map.has(key)) return this.map.get(key)!;
    const value = compute();
    // compute() may write (a new generation); only a value read in this generation is kept.
    if (this.currentGeneration() !== generation) return value;
    const size = this.sizeOf(value);
    if (size > this.maxBytes) return value;
    this.map.set(key, value);
    this.bytes += size;
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldest, dropped] = this.map.entries().next().value as [string, V];
      this.map.delete(oldest);
      this.bytes -= this.sizeOf(dropped);
      this.dispose(dropped);
    }
    return value;
  }

  /** Drops every entry. */
  clear(): void {
    for (const value of this.map.values()) this.dispose(value);
    this.map.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.map.size;
  }
}
