/**
 * Prints the SHA-256 of every layer's GeoJSON for a seed (argv[2]) and layerScale (argv[3]).
 * Run in a child process by determinism.test.ts: "same seed, two processes, same bytes".
 */
import { createHash } from 'node:crypto';
import { createApi } from '../../mock-server/api';
import { LAYER_IDS } from '../../mock-server/layers';

export async function layerHashes(seed: number, layerScale = 1): Promise<Record<string, string>> {
  const api = createApi({
    seed,
    layerScale,
    tickMs: 0,
    clock: { now: () => Date.parse('2026-11-22T09:30:00+08:00') },
  });
  const out: Record<string, string> = {};
  for (const id of LAYER_IDS) {
    const res = await api.handle(new Request(`http://mock.test/api/v1/layers/${id}/features`));
    out[id] = createHash('sha256')
      .update(await res.text())
      .digest('hex');
  }
  api.close();
  return out;
}

if (process.argv[1]?.endsWith('layer-hashes.ts')) {
  layerHashes(Number(process.argv[2] ?? 20261122), Number(process.argv[3] ?? 1)).then((h) => {
    process.stdout.write(JSON.stringify(h));
  });
}
