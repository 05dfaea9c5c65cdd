/**
 * A user's layers in IndexedDB (idb-keyval): the list under one key, each layer's features
 * under a key of their own, so listing the layers never reads 50,000 features. Works in
 * the import worker too, which writes a file's features without passing them through the page.
 */
import { createStore, del, get, set } from 'idb-keyval';
import type { LayerFeature } from '../../../layers/kit/define';
import { type UserLayerMeta, UserLayerMeta as MetaSchema } from './store';

const db = () => createStore('ioc-user-layers', 'layers');
const LIST = 'layers';
const featuresKey = (id: string) => `features:${id}`;

export async function readList(): Promise<UserLayerMeta[]> {
  const raw = await get<unknown>(LIST, db());
  const parsed = MetaSchema.array().safeParse(raw ?? []);
  // An unreadable list (an older version, a manual edit) is left alone and not shown.
  return parsed.success ? parsed.data : [];
}

export const writeList = (layers: UserLayerMeta[]) => set(LIST, layers, db());

export async function readFeatures(id: string): Promise<LayerFeature[]> {
  return (await get<LayerFeature[]>(featuresKey(id), db())) ?? [];
}

export const writeFeatures = (id: string, features: LayerFeature[]) => set(featuresKey(id), features, db());

export const dropFeatures = (id: string) => del(featuresKey(id), db());
