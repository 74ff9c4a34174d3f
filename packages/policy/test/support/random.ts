/** A seeded PRNG (mulberry32), so that randomised tests are the same on every run. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Up to `max` distinct items, in the list's order. */
  subset<T>(items: readonly T[], max: number): T[] {
    const count = this.int(max + 1);
    const chosen = new Set<T>();
    for (let i = 0; i < count; i++) chosen.add(this.pick(items));
    return items.filter((item) => chosen.has(item));
  }
}
