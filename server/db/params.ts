/**
 * A query's parameters, and their placeholders: a value is added and its `$n` comes back, so
 * no query counts its own parameters (a filter added in the middle cannot shift the others).
 */
export class Params {
  readonly values: unknown[] = [];

  constructor(initial: readonly unknown[] = []) {
    this.values.push(...initial);
  }

  /** The placeholder of `v`, added now. */
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}
