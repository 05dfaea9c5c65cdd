/**
 * A clone on any machine must pass its tests: nothing in the repository may reach for
 * files beside it (the design notes the project started from live outside it).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const OUTSIDE = ['..', 'shared'].join('/');

describe('the repository stands alone', () => {
  it('names no folder outside itself', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const naming = files.filter((f) => {
      if (/\.(png|jpg|pbf|pmtiles|woff2?|ico)$/u.test(f)) return false;
      try {
        return readFileSync(f, 'utf8').includes(OUTSIDE);
      } catch {
        return false; // deleted in the work tree, not yet committed
      }
    });
    expect(naming).toEqual([]);
  });
});
