/**
 * The one registry of layer definitions: every `layers/*.layer.ts` collected by Vite at
 * build time, so adding a layer is adding a file. Duplicate or mismatched ids fail loudly.
 */
import type { LayerDefinition } from '../../layers/kit/define';

export type AnyLayer = LayerDefinition<never>;

export function createRegistry(modules: Record<string, { default: unknown }>): AnyLayer[] {
  const byId = new Map<string, AnyLayer>();
  for (const [path, mod] of Object.entries(modules)) {
    const def = mod.default as AnyLayer;
    const fileId = path
      .split('/')
      .pop()!
      .replace(/\.layer\.ts$/, '');
    if (!def || typeof def.buildLayers !== 'function')
      throw new Error(`${path} does not export a layer definition`);
    if (def.id !== fileId)
      throw new Error(`${path}: layer id "${def.id}" must equal the file name "${fileId}"`);
    if (byId.has(def.id)) throw new Error(`duplicate layer id "${def.id}"`);
    byId.set(def.id, def);
  }
  return [...byId.values()].sort((a, b) => a.order - b.order);
}

export const registry: AnyLayer[] = createRegistry(
  import.meta.glob<{ default: unknown }>('../../layers/*.layer.ts', { eager: true }),
);

export function findLayer(id: string): AnyLayer | undefined {
  return registry.find((d) => d.id === id);
}
