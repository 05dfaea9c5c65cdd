/**
 * The layers a user made from files (我的图层): what the catalog lists, the CRS the next
 * file is read in, and what the last import said. The features themselves live in the
 * browser's IndexedDB (persist.ts), loaded only for layers that are on.
 */
import { z } from 'zod';
import { create } from 'zustand';
import type { LayerFeature } from '../../../layers/kit/define';
import { Crs, GeometryType } from '@ioc/contract/contract';
import type { FileProblem, RowUnit, SkippedRow } from '@ioc/domain/gis/problems';

export const USER_LAYER_ID = /^mine-[a-z0-9]{4,24}$/;

export const UserLayerMeta = z.object({
  id: z.string().regex(USER_LAYER_ID),
  title: z.string().min(1).max(120),
  fileName: z.string().max(260),
  crs: Crs,
  geometry: GeometryType,
  fields: z.array(
    z.object({
      key: z.string().max(120),
      type: z.enum(['number', 'string', 'boolean']),
      values: z.array(z.string()).optional(),
    }),
  ),
  count: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  addedAt: z.string(),
});
export type UserLayerMeta = z.infer<typeof UserLayerMeta>;

/** What the last file did: added (with what it skipped), or refused (and why). */
export type ImportNotice =
  | {
      kind: 'added';
      title: string;
      count: number;
      unit: RowUnit;
      /** How many rows or features were skipped, and the first of them. */
      skipped: number;
      first: SkippedRow | null;
      /** IndexedDB refused it: the layer lasts until the page closes. */
      unsaved: boolean;
    }
  | { kind: 'refused'; fileName: string; unit: RowUnit; problem: FileProblem };

export interface UserLayersState {
  layers: UserLayerMeta[];
  /** The browser's saved layers have been read (or could not be). */
  restored: boolean;
  /** The CRS of the next file's coordinates, as the planner chose it. */
  crs: Crs;
  /** The file being read, if any. */
  reading: string | null;
  notice: ImportNotice | null;
  setCrs(crs: Crs): void;
}

export const useUserLayers = create<UserLayersState>((set) => ({
  layers: [],
  restored: false,
  crs: 'WGS84',
  reading: null,
  notice: null,
  setCrs: (crs) => set({ crs }),
}));

/** Features of layers IndexedDB could not keep: they last as long as the page. */
export const unsaved = new Map<string, LayerFeature[]>();
