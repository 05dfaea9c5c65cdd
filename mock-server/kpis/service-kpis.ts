/**
 * Layer indicators of public services and urban renewal: kindergarten cameras, demolition,
 * medical supply, urban villages, and the street sub-centers' readiness (reference data in
 * data/subcenter-readiness.json, not code).
 */
import type { Indicator } from '@ioc/contract/contract';
import readinessJson from '../data/subcenter-readiness.json';
import {
  DEMOLITION_STAGE_LABELS,
  DEMOLITION_STAGES,
  KG_STAGE_LABELS,
  KINDERGARTEN_STAGES,
} from '@ioc/domain/layerFacts';
import type { Region } from '@ioc/domain/regions';
import { breakdownOf, indicator, pct, per10k, round2 } from '@ioc/domain/kpis/indicator';
import { count, type LayerSource, sum } from './source';

export const SUBCENTER_READINESS: Record<string, number> = Object.fromEntries(
  Object.entries((readinessJson as { streets: Record<string, { readiness: number }> }).streets).map(
    ([id, v]) => [id, v.readiness],
  ),
);

export function kindergartenIndicators(src: LayerSource, region: Region): Indicator[] {
  const fs = src.features('kindergarten-cameras', region);
  const rate = (r: Region) => {
    const list = src.features('kindergarten-cameras', r);
    return pct(sum(list, 'camerasOnline'), sum(list, 'cameras'));
  };
  const out = [
    indicator(
      'kindergarten.count',
      '幼儿园（已摸底）',
      fs.length,
      '所',
      breakdownOf(region, (r) => src.features('kindergarten-cameras', r).length),
    ),
    indicator('kindergarten.cameras', '幼儿园摄像头', sum(fs, 'cameras'), '个'),
    indicator('kindergarten.camerasOnlineRate', '幼儿园摄像头在线率', rate(region), '%', {
      target: 100,
      ...breakdownOf(region, rate),
    }),
  ];
  for (const s of KINDERGARTEN_STAGES) {
    const n = (r: Region) => count(src.features('kindergarten-cameras', r), (p) => p.stage === s);
    out.push(
      indicator(
        `kindergarten.stage.${s}`,
        `幼儿园监控${KG_STAGE_LABELS[s]}`,
        n(region),
        '所',
        breakdownOf(region, n),
      ),
    );
  }
  return out;
}

export function demolitionIndicators(src: LayerSource, region: Region): Indicator[] {
  const fs = src.features('demolition', region);
  const out = [
    indicator(
      'demolition.phase',
      '分期拆除范围',
      count(fs, (p) => p.kind === 'phase'),
      '个',
    ),
    indicator(
      'demolition.project',
      '项目拆除范围',
      count(fs, (p) => p.kind === 'project'),
      '个',
    ),
    indicator(
      'demolition.households',
      '拆除涉及户数',
      sum(fs, 'households'),
      '户',
      breakdownOf(region, (r) => sum(src.features('demolition', r), 'households')),
    ),
    indicator('demolition.areaM2', '拆除范围面积', sum(fs, 'areaM2'), 'm²'),
  ];
  for (const s of DEMOLITION_STAGES) {
    const n = (r: Region) => count(src.features('demolition', r), (p) => p.stage === s);
    out.push(
      indicator(
        `demolition.stage.${s}`,
        `拆除${DEMOLITION_STAGE_LABELS[s]}`,
        n(region),
        '个',
        breakdownOf(region, n),
      ),
    );
  }
  for (let d = 1; d <= 5; d++) {
    const n = (r: Region) => count(src.features('demolition', r), (p) => p.difficulty === d);
    out.push(
      indicator(`demolition.difficulty.${d}`, `拆除难度${d}级`, n(region), '个', breakdownOf(region, n)),
    );
  }
  return out;
}

export function medicalIndicators(src: LayerSource, region: Region): Indicator[] {
  const fs = src.features('medical', region);
  const beds = (r: Region) => per10k(sum(src.features('medical', r), 'beds'), r.population);
  const doctors = (r: Region) => per10k(sum(src.features('medical', r), 'doctors'), r.population);
  return [
    indicator(
      'medical.hospitals',
      '医院',
      count(fs, (p) => p.kind === 'hospital'),
      '家',
    ),
    indicator(
      'medical.communityHealth',
      '社区健康服务中心',
      count(fs, (p) => p.kind === 'community-health'),
      '家',
    ),
    indicator(
      'medical.clinics',
      '诊所',
      count(fs, (p) => p.kind === 'clinic'),
      '家',
    ),
    indicator('medical.beds', '床位数', sum(fs, 'beds'), '张'),
    indicator('medical.doctors', '医生数', sum(fs, 'doctors'), '人'),
    indicator('medical.bedsPer10k', '每万人床位数', beds(region), '张/万人', breakdownOf(region, beds)),
    indicator(
      'medical.doctorsPer10k',
      '每万人医生数',
      doctors(region),
      '人/万人',
      breakdownOf(region, doctors),
    ),
  ];
}

export function urbanVillageIndicators(src: LayerSource, region: Region): Indicator[] {
  const fs = src.features('urban-villages', region);
  const under = (r: Region) => count(src.features('urban-villages', r), (p) => p.undergroundLines === true);
  return [
    indicator(
      'urbanVillage.count',
      '城中村',
      fs.length,
      '个',
      breakdownOf(region, (r) => src.features('urban-villages', r).length),
    ),
    indicator(
      'urbanVillage.undergroundLines',
      '城中村三线下地',
      under(region),
      '个',
      breakdownOf(region, under),
    ),
    indicator('urbanVillage.undergroundRate', '城中村三线下地比例', pct(under(region), fs.length), '%'),
  ];
}

export function subcenterIndicators(src: LayerSource, region: Region): Indicator[] {
  const regions = src.world.regions;
  const streets =
    region.level === 'district'
      ? regions.streets
      : [regions.streetOf(region.id)].filter((s) => s !== undefined);
  const values = streets.map((s) => SUBCENTER_READINESS[s.id] ?? 0);
  const mean = values.length > 0 ? round2(values.reduce((a, b) => a + b, 0) / values.length) : 0;
  const breakdown =
    region.level === 'district'
      ? { breakdown: streets.map((s, i) => ({ regionId: s.id, value: values[i] as number })) }
      : {};
  return [
    indicator('subcenter.readiness', '街道分中心建设完成度', mean, '%', { target: 100, ...breakdown }),
    indicator(
      'subcenter.ready90',
      '建设完成度超90%的街道分中心',
      values.filter((v) => v >= 90).length,
      '个',
      { target: streets.length },
    ),
  ];
}
