/** What the page and the import worker say to each other. */
import type { LayerFeature } from '../../../layers/kit/define';
import type { GeometryType } from '@ioc/contract/contract';
import type { UserField } from '@ioc/domain/gis/prepare';
import type { FileProblem, RowUnit, SkippedRow } from '@ioc/domain/gis/problems';

export interface WorkerRequest {
  /** The new layer's id: where its features are kept. */
  id: string;
  title: string;
  name: string;
  bytes: ArrayBuffer;
}

export type WorkerAnswer =
  | {
      ok: true;
      unit: RowUnit;
      count: number;
      skipped: SkippedRow[];
      fields: UserField[];
      geometry: GeometryType;
      /** Present only when IndexedDB would not keep them. */
      features?: LayerFeature[];
    }
  | { ok: false; unit: RowUnit; problem: FileProblem };
