/**
 * The embedded database's COPY output reaches the server whole through the server's own
 * device (one buffer), byte for byte what PGlite's /dev/blob gives, for an output of several
 * megabytes written by PostgreSQL a few kilobytes at a time; and a later SELECT, in the same
 * call (the buffer is reused) or another, does not carry an earlier one's bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDevice } from '../../server/db/copyDevice';

const dir = mkdtempSync(join(tmpdir(), 'ioc-copy-'));
let pg: PGlite;

beforeAll(async () => {
  pg = await PGlite.create(join(dir, 'pgdata'));
}, 60_000);
afterAll(async () => {
  await pg.close();
  rmSync(dir, { recursive: true, force: true });
});

const SELECT = `SELECT g AS n, g * 0.5 AS half, 'row ' || g AS label FROM generate_series(1, 200000) AS g`;

/** Each SELECT's bytes as `take` was handed them, copied (they are the device's until it returns). */
async function copied(selects: string[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  await copyDevice(pg)!(selects, (b) => out.push(b.slice()));
  return out;
}

describe('the COPY device', () => {
  it('gives a large binary COPY whole, as /dev/blob does', async () => {
    expect(copyDevice(pg)).not.toBeNull();
    const [ours = new Uint8Array(0)] = await copied([SELECT]);
    const r = await pg.query(`COPY (${SELECT}) TO '/dev/blob' WITH (FORMAT binary)`);
    const blob = new Uint8Array((await r.blob!.arrayBuffer()) as ArrayBuffer);
    expect(ours.length).toBeGreaterThan(4_000_000);
    expect(ours.length).toBe(blob.length);
    expect(Buffer.from(ours).equals(Buffer.from(blob))).toBe(true);
    // The binary format's trailer (-1 as a field count) ends it.
    expect(new DataView(ours.buffer, ours.byteOffset + ours.length - 2).getInt16(0)).toBe(-1);
  });

  it('starts each SELECT afresh, in one call and the next', async () => {
    // A small one after a large one in the same call: none of the earlier megabytes.
    const [large, small, again] = await copied([SELECT, 'SELECT 1 AS one', 'SELECT 1 AS one']);
    expect(large!.length).toBeGreaterThan(4_000_000);
    expect(small!.length).toBeGreaterThan(19);
    expect(small!.length).toBeLessThan(100);
    expect(Buffer.from(again!).equals(Buffer.from(small!))).toBe(true);
    const [later] = await copied(['SELECT 1 AS one']);
    expect(Buffer.from(later!).equals(Buffer.from(small!))).toBe(true);
  });
});
