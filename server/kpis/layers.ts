/**
 * Layer indicators from the features table (and targets, readiness, population samples):
 * the same indicators, labels and rounding as the mock's kpis/, figures from SQL.
 */
import { createHash } from 'node:crypto';
import { indicator, pct, per10k, round2 } from '@ioc/domain/kpis/indicator';
import {
  DEMOLITION_STAGE_LABELS,
  DEMOLITION_STAGES,
  KG_STAGE_LABELS,
  KINDERGARTEN_STAGES,
  OPERATOR_LABELS,
  STATION_STATUSES,
  STATUS_LABELS,
} from '@ioc/domain/layerFacts';
import { SERVICE_CIRCLE_M } from '@ioc/contract/contract';
import type { Region, RegionIndex } from '@ioc/domain/regions';
import type { Indicator } from '@ioc/contract/contract';
import type { Sql } from '../db/driver';
import { breakdownRegions, type Figures, type Grouped, grouped, groupedOf } from './aggregate';

const prop = (key: string, value: string) => `props->>'${key}' = '${value}'`;
const num = (key: string) => `sum((props->>'${key}')::float8)`;

/** `keptFrom`: the rows of the layer's kept version valid from then (server/db/versions.ts). */
function layerFigures(
  db: Sql,
  districtId: string,
  layer: string,
  exprs: Record<string, string>,
  keptFrom?: string,
) {
  const streetCol = 'street_id';
  const communityCol = 'community_id';
  return keptFrom === undefined
    ? grouped(db, districtId, { from: 'features', where: 'layer_id = $1', streetCol, communityCol, exprs }, [
        layer,
      ])
    : grouped(
        db,
        districtId,
        {
          from: 'layer_version_features',
          where: 'layer_id = $1 AND valid_from = $2::timestamptz',
          streetCol,
          communityCol,
          exprs,
        },
        [layer, keptFrom],
      );
}

const count = (where: string) => `count(*) FILTER (WHERE ${where})`;

const DEMOLITION_EXPRS = {
  phase: count(prop('kind', 'phase')),
  project: count(prop('kind', 'project')),
  households: num('households'),
  areaM2: num('areaM2'),
  ...Object.fromEntries(DEMOLITION_STAGES.map((s) => [`stage.${s}`, count(prop('stage', s))])),
  ...Object.fromEntries(
    [1, 2, 3, 4, 5].map((n) => [`difficulty.${n}`, count(`props->>'difficulty' = '${n}'`)]),
  ),
};

/** The demolition figures, of the current rows or of a kept version's. */
export function demolitionFigures(db: Sql, districtId: string, keptFrom?: string) {
  return layerFigures(db, districtId, 'demolition', DEMOLITION_EXPRS, keptFrom);
}

/** What each layer's figures are, by layer (values in exprs are our own constants). */
const LAYER_EXPRS = {
  stations: {
    layer: '5g-stations',
    exprs: {
      built: 'count(*)',
      macro: count(prop('kind', 'macro')),
      issues: count("props->>'issue' IS NOT NULL"),
      ...Object.fromEntries(STATION_STATUSES.map((s) => [`status.${s}`, count(prop('status', s))])),
      ...Object.fromEntries(Object.keys(OPERATOR_LABELS).map((o) => [`op.${o}`, count(prop('operator', o))])),
    },
  },
  kiosks: {
    layer: 'kiosks',
    exprs: {
      existing: count(prop('status', 'existing')),
      planned: count(prop('status', 'planned')),
      dailyUses: `coalesce(sum((props->>'dailyUses')::float8) FILTER (WHERE ${prop('status', 'existing')}), 0)`,
    },
  },
  kindergartens: {
    layer: 'kindergarten-cameras',
    exprs: {
      count: 'count(*)',
      cameras: num('cameras'),
      online: num('camerasOnline'),
      ...Object.fromEntries(KINDERGARTEN_STAGES.map((s) => [`stage.${s}`, count(prop('stage', s))])),
    },
  },
  demolition: { layer: 'demolition', exprs: DEMOLITION_EXPRS },
  medical: {
    layer: 'medical',
    exprs: {
      hospitals: count(prop('kind', 'hospital')),
      communityHealth: count(prop('kind', 'community-health')),
      clinics: count(prop('kind', 'clinic')),
      beds: num('beds'),
      doctors: num('doctors'),
    },
  },
  villages: {
    layer: 'urban-villages',
    exprs: { count: 'count(*)', underground: count("props->>'undergroundLines' = 'true'") },
  },
};

// Samples are WGS84 (see kpis/samples.ts); kiosks are converted once per query. 0.01° of
// latitude (1.1 km) is a cheap bound before the exact distance.
const covered = (existingOnly: boolean) =>
  `sum(s.weight) FILTER (WHERE EXISTS (SELECT 1 FROM sites k WHERE
    ${existingOnly ? `k.status = 'existing' AND` : ''} abs(k.w[2] - s.y) < 0.01
    AND ioc_haversine_m(s.x, s.y, k.w[1], k.w[2]) <= ${SERVICE_CIRCLE_M}))`;
const COVERAGE = {
  with: `sites AS MATERIALIZED (SELECT props->>'status' AS status, ioc_gcj02_to_wgs84(x, y) AS w
    FROM features WHERE layer_id = 'kiosks')`,
  from: 'population_samples s',
  where: 'true',
  streetCol: 's.street_id',
  communityCol: 's.community_id',
  exprs: { population: 'sum(s.weight)', existing: covered(true), all: covered(false) },
};

/**
 * What the stored figures were counted by: figures kept under another (older code) are
 * counted again, never read with a key missing.
 */
export const FIGURES_FORMAT = createHash('sha256')
  .update(JSON.stringify([LAYER_EXPRS, COVERAGE]))
  .digest('hex')
  .slice(0, 16);

type Name = keyof typeof LAYER_EXPRS | 'coverage';
export type FeatureFigures = Record<Name, Grouped>;
const NAMES: Name[] = [...(Object.keys(LAYER_EXPRS) as Name[]), 'coverage'];

/** The figures counted from every feature of the layers (seconds at a million stations). */
export async function featureFigures(db: Sql, regions: RegionIndex): Promise<FeatureFigures> {
  const d = regions.district.id;
  const out: Partial<FeatureFigures> = {};
  for (const [name, { layer, exprs }] of Object.entries(LAYER_EXPRS))
    out[name as Name] = await layerFigures(db, d, layer, exprs);
  out.coverage = await grouped(db, d, COVERAGE, []);
  return out as FeatureFigures;
}

/** Figures kept as JSON (JSON.stringify of featureFigures'), or null when not of that shape. */
export function featureFiguresFrom(stored: unknown): FeatureFigures | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const out: Partial<FeatureFigures> = {};
  for (const name of NAMES) {
    const g = (stored as Record<string, { keys?: unknown; byId?: unknown } | undefined>)[name];
    if (!g || !Array.isArray(g.keys) || typeof g.byId !== 'object' || g.byId === null) return null;
    out[name] = groupedOf(g.keys as string[], g.byId as Record<string, Figures>);
  }
  return out as FeatureFigures;
}

/** Every aggregate the layer indicators need: the features' figures, targets and readiness. */
export async function layerFigureSets(db: Sql, figures: FeatureFigures) {
  const targetRows = await db.query<{ indicator: string; region_id: string; target: number }>(
    'SELECT indicator, region_id, target FROM kpi_targets',
  );
  const targets = new Map(targetRows.map((t) => [`${t.indicator}|${t.region_id}`, t.target]));
  const readinessRows = await db.query<{ region_id: string; value: number }>(
    "SELECT region_id, value FROM kpi_inputs WHERE indicator = 'subcenter.readiness'",
  );
  const readiness = new Map(readinessRows.map((r) => [r.region_id, r.value]));
  return { ...figures, targets, readiness };
}

type Sets = Awaited<ReturnType<typeof layerFigureSets>>;

function by(region: Region, fn: (r: Region) => number) {
  const children = breakdownRegions(region);
  return children.length > 0 ? { breakdown: children.map((c) => ({ regionId: c.id, value: fn(c) })) } : {};
}

const f = (g: Grouped, key: string) => (r: Region) => g.of(r.id)[key] ?? 0;

export function layerIndicators(sets: Sets, regions: RegionIndex, region: Region): Indicator[] {
  const { stations: st, kiosks: ki, kindergartens: kg, demolition: dm, medical: md, villages: uv } = sets;
  const target = (id: string) => (r: Region) => sets.targets.get(`${id}|${r.id}`) ?? 0;
  const built = f(st, 'built');
  const macro = f(st, 'macro');
  const out: Indicator[] = [
    indicator('5g.built', '5G基站建成数', built(region), '个', {
      target: target('5g.built')(region),
      ...by(region, built),
    }),
    indicator('5g.completion', '5G基站任务完成率', pct(built(region), target('5g.built')(region)), '%', {
      target: 100,
      ...by(region, (c) => pct(built(c), target('5g.built')(c))),
    }),
    indicator('5g.macroBuilt', '5G宏站建成数', macro(region), '个', {
      target: target('5g.macroBuilt')(region),
      ...by(region, macro),
    }),
    indicator(
      '5g.macroCompletion',
      '5G宏站任务完成率',
      pct(macro(region), target('5g.macroBuilt')(region)),
      '%',
      {
        target: 100,
        ...by(region, (c) => pct(macro(c), target('5g.macroBuilt')(c))),
      },
    ),
  ];
  for (const s of STATION_STATUSES) {
    const n = f(st, `status.${s}`);
    out.push(indicator(`5g.statusMix.${s}`, `5G基站${STATUS_LABELS[s]}`, n(region), '个', by(region, n)));
  }
  for (const [op, label] of Object.entries(OPERATOR_LABELS)) {
    out.push(indicator(`5g.operator.${op}`, `${label}5G基站`, f(st, `op.${op}`)(region), '个'));
  }
  out.push(
    indicator(
      '5g.openIssues',
      '5G基站待解决问题',
      f(st, 'issues')(region),
      '个',
      by(region, f(st, 'issues')),
    ),
  );

  const cov = (key: 'existing' | 'all') => (r: Region) => {
    const c = sets.coverage.of(r.id);
    return pct(c[key] ?? 0, c.population ?? 0);
  };
  out.push(
    indicator(
      'selfService.existing',
      '24小时自助服务区（已建）',
      f(ki, 'existing')(region),
      '个',
      by(region, f(ki, 'existing')),
    ),
    indicator(
      'selfService.planned',
      '24小时自助服务区（规划）',
      f(ki, 'planned')(region),
      '个',
      by(region, f(ki, 'planned')),
    ),
    indicator('selfService.dailyUses', '自助服务日均使用', f(ki, 'dailyUses')(region), '人次/日'),
    indicator('selfService.coverage15min', '15分钟政务服务圈覆盖率', cov('existing')(region), '%', {
      target: 100,
      ...by(region, cov('existing')),
    }),
    indicator(
      'selfService.coverage15minPlanned',
      '15分钟政务服务圈覆盖率（含规划）',
      cov('all')(region),
      '%',
      {
        target: 100,
        ...by(region, cov('all')),
      },
    ),
  );

  const rate = (r: Region) => pct(f(kg, 'online')(r), f(kg, 'cameras')(r));
  out.push(
    indicator(
      'kindergarten.count',
      '幼儿园（已摸底）',
      f(kg, 'count')(region),
      '所',
      by(region, f(kg, 'count')),
    ),
    indicator('kindergarten.cameras', '幼儿园摄像头', f(kg, 'cameras')(region), '个'),
    indicator('kindergarten.camerasOnlineRate', '幼儿园摄像头在线率', rate(region), '%', {
      target: 100,
      ...by(region, rate),
    }),
  );
  for (const s of KINDERGARTEN_STAGES) {
    const n = f(kg, `stage.${s}`);
    out.push(
      indicator(`kindergarten.stage.${s}`, `幼儿园监控${KG_STAGE_LABELS[s]}`, n(region), '所', by(region, n)),
    );
  }

  out.push(
    indicator('demolition.phase', '分期拆除范围', f(dm, 'phase')(region), '个'),
    indicator('demolition.project', '项目拆除范围', f(dm, 'project')(region), '个'),
    indicator(
      'demolition.households',
      '拆除涉及户数',
      f(dm, 'households')(region),
      '户',
      by(region, f(dm, 'households')),
    ),
    indicator('demolition.areaM2', '拆除范围面积', f(dm, 'areaM2')(region), 'm²'),
  );
  for (const s of DEMOLITION_STAGES) {
    const n = f(dm, `stage.${s}`);
    out.push(
      indicator(`demolition.stage.${s}`, `拆除${DEMOLITION_STAGE_LABELS[s]}`, n(region), '个', by(region, n)),
    );
  }
  for (let d = 1; d <= 5; d++) {
    const n = f(dm, `difficulty.${d}`);
    out.push(indicator(`demolition.difficulty.${d}`, `拆除难度${d}级`, n(region), '个', by(region, n)));
  }

  const beds = (r: Region) => per10k(f(md, 'beds')(r), r.population);
  const doctors = (r: Region) => per10k(f(md, 'doctors')(r), r.population);
  out.push(
    indicator('medical.hospitals', '医院', f(md, 'hospitals')(region), '家'),
    indicator('medical.communityHealth', '社区健康服务中心', f(md, 'communityHealth')(region), '家'),
    indicator('medical.clinics', '诊所', f(md, 'clinics')(region), '家'),
    indicator('medical.beds', '床位数', f(md, 'beds')(region), '张'),
    indicator('medical.doctors', '医生数', f(md, 'doctors')(region), '人'),
    indicator('medical.bedsPer10k', '每万人床位数', beds(region), '张/万人', by(region, beds)),
    indicator('medical.doctorsPer10k', '每万人医生数', doctors(region), '人/万人', by(region, doctors)),
  );

  const under = f(uv, 'underground');
  out.push(
    indicator('urbanVillage.count', '城中村', f(uv, 'count')(region), '个', by(region, f(uv, 'count'))),
    indicator('urbanVillage.undergroundLines', '城中村三线下地', under(region), '个', by(region, under)),
    indicator(
      'urbanVillage.undergroundRate',
      '城中村三线下地比例',
      pct(under(region), f(uv, 'count')(region)),
      '%',
    ),
  );

  const streets =
    region.level === 'district'
      ? regions.streets
      : [regions.streetOf(region.id)].filter((s) => s !== undefined);
  const values = streets.map((s) => sets.readiness.get(s.id) ?? 0);
  const mean = values.length > 0 ? round2(values.reduce((a, b) => a + b, 0) / values.length) : 0;
  const breakdown =
    region.level === 'district'
      ? { breakdown: streets.map((s, i) => ({ regionId: s.id, value: values[i] as number })) }
      : {};
  out.push(
    indicator('subcenter.readiness', '街道分中心建设完成度', mean, '%', { target: 100, ...breakdown }),
    indicator(
      'subcenter.ready90',
      '建设完成度超90%的街道分中心',
      values.filter((v) => v >= 90).length,
      '个',
      {
        target: streets.length,
      },
    ),
  );
  return out;
}
