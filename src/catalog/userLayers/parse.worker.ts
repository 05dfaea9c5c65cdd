/**
 * Reads a dropped file off the page's thread: parse (read.ts), validate feature by feature
 * (@ioc/domain/gis/prepare, with the app's own feature check), and keep the features in IndexedDB, so a 50,000-feature file never holds
 * the page up. Answers with what the catalog needs, or with the problem and its row.
 */
import { FileError } from '@ioc/domain/gis/problems';
import { type ParseFeatures, prepare } from '@ioc/domain/gis/prepare';
import { readFile } from '@ioc/domain/gis/read';
import { parseFeatures } from '../../api/features';
import { writeFeatures } from './persist';
import type { WorkerAnswer, WorkerRequest } from './protocol';

const scope = self as unknown as {
  onmessage: unknown;
  addEventListener(type: 'message', f: (e: MessageEvent<WorkerRequest>) => void): void;
  postMessage(answer: WorkerAnswer): void;
};
// Papa Parse takes over a worker's onmessage when it finds itself in one; this worker is ours.
scope.onmessage = null;

scope.addEventListener('message', async (e) => {
  const { id, title, name, bytes } = e.data;
  try {
    const read = await readFile(name, new Uint8Array(bytes));
    const { features, skipped, fields, geometry } = prepare(read, title, parseFeatures as ParseFeatures);
    let stored = true;
    try {
      await writeFeatures(id, features);
    } catch {
      stored = false;
    }
    scope.postMessage({
      ok: true,
      unit: read.unit,
      count: features.length,
      skipped,
      fields,
      geometry,
      ...(stored ? {} : { features }),
    });
  } catch (err) {
    const problem =
      err instanceof FileError
        ? err.problem
        : { code: 'unreadable' as const, detail: String((err as Error)?.message) };
    scope.postMessage({ ok: false, unit: 'feature', problem });
  }
});
