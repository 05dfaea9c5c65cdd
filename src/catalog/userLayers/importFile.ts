/**
 * Adds a file as a layer: read and validated in a worker (parse.worker.ts), kept in
 * IndexedDB, listed under 我的图层 and turned on. A file that cannot be read changes
 * nothing: no layer, nothing stored, and a notice that names the problem and the row.
 * Loaded when a file is first dropped or picked, with the parsers in their worker.
 */
import { useLayersStore } from '../../state/layers';
import { dropFeatures, readList, writeList } from './persist';
import type { WorkerAnswer, WorkerRequest } from './protocol';
import { unsaved, type UserLayerMeta, useUserLayers } from './store';
import { userLayerDef } from './userLayer';

/** Files larger than this are refused before reading: a browser tab is not a GIS server. */
const MAX_BYTES = 200 * 1024 * 1024;

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `mine-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function parseInWorker(request: WorkerRequest): Promise<WorkerAnswer> {
  const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<WorkerAnswer>((resolve, reject) => {
    worker.addEventListener('message', (e: MessageEvent<WorkerAnswer>) => resolve(e.data));
    worker.addEventListener('error', (e) => reject(new Error(e.message || 'the import worker failed')));
    worker.postMessage(request, [request.bytes]);
  }).finally(() => worker.terminate());
}

export async function importFile(file: File): Promise<void> {
  const store = useUserLayers;
  const crs = store.getState().crs;
  const title = file.name.replace(/\.[^.]+$/, '').slice(0, 120) || file.name;
  store.setState({ reading: file.name });
  try {
    if (file.size > MAX_BYTES) {
      store.setState({
        notice: { kind: 'refused', fileName: file.name, unit: 'feature', problem: { code: 'tooLarge' } },
      });
      return;
    }
    const id = newId();
    let answer: WorkerAnswer;
    try {
      answer = await parseInWorker({ id, title, name: file.name, bytes: await file.arrayBuffer() });
    } catch (e) {
      answer = { ok: false, unit: 'feature', problem: { code: 'unreadable', detail: (e as Error).message } };
    }
    if (!answer.ok) {
      store.setState({
        notice: { kind: 'refused', fileName: file.name, unit: answer.unit, problem: answer.problem },
      });
      return;
    }
    const meta: UserLayerMeta = {
      id,
      title,
      fileName: file.name.slice(0, 260),
      crs,
      geometry: answer.geometry,
      fields: answer.fields,
      count: answer.count,
      skipped: answer.skipped.length,
      addedAt: new Date().toISOString(),
    };
    if (answer.features) unsaved.set(id, answer.features);
    const layers = [...store.getState().layers, meta];
    let saved = !answer.features;
    if (saved) await writeList(layers).catch(() => (saved = false));
    store.setState({
      layers,
      notice: {
        kind: 'added',
        title,
        count: answer.count,
        unit: answer.unit,
        skipped: answer.skipped.length,
        first: answer.skipped[0] ?? null,
        unsaved: !saved,
      },
    });
    stackWithTheCatalog([meta]);
    useLayersStore.getState().setOn(id, true);
  } finally {
    store.setState({ reading: null });
  }
}

export async function importFiles(files: Iterable<File>): Promise<void> {
  for (const file of files) await importFile(file);
}

/** Forgets a layer: from the catalog, the map and the browser's storage. */
export async function removeUserLayer(id: string): Promise<void> {
  useLayersStore.getState().setOn(id, false);
  const layers = useUserLayers.getState().layers.filter((l) => l.id !== id);
  useUserLayers.setState({ layers, notice: null });
  unsaved.delete(id);
  await Promise.allSettled([writeList(layers), dropFeatures(id)]);
}

/** A user's layer turned on slots in by its definition's order, as a built-in one does. */
function stackWithTheCatalog(layers: UserLayerMeta[]): void {
  useLayersStore.setState((s) => ({
    ranks: { ...s.ranks, ...Object.fromEntries(layers.map((l) => [l.id, userLayerDef(l).order])) },
  }));
}

/** Lists the layers this browser kept (at start-up). */
export async function restoreUserLayers(): Promise<void> {
  try {
    const kept = await readList();
    stackWithTheCatalog(kept);
    useUserLayers.setState((s) => ({
      layers: [...kept, ...s.layers.filter((l) => !kept.some((k) => k.id === l.id))],
    }));
  } catch {
    // No IndexedDB (a locked-down browser): no layers to restore, and nothing breaks.
  } finally {
    useUserLayers.setState({ restored: true });
  }
}
