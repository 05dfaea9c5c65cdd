/** Layer indicators of the build-out: 5G stations and 24-hour self-service kiosks. */
import type { Indicator } from '@ioc/contract/contract';
import type { Region } from '@ioc/domain/regions';
import { breakdownOf, indicator, pct } from '@ioc/domain/kpis/indicator';
import { count, type LayerSource, sum } from './source';
import { OPERATOR_LABELS, STATION_STATUSES, STATUS_LABELS } from '@ioc/domain/layerFacts';

export function stationIndicators(src: LayerSource, region: Region): Indicator[] {
  const { target, macroTarget } = src.world.stationTargets();
  const built = (r: Region) => count(src.features('5g-stations', r));
  const macro = (r: Region) => count(src.features('5g-stations', r), (p) => p.kind === 'macro');
  const fs = src.features('5g-stations', region);
  const out: Indicator[] = [
    indicator('5g.built', '5G基站建成数', built(region), '个', {
      target: target.get(region.id) ?? 0,
      ...breakdownOf(region, built),
    }),
    indicator('5g.completion', '5G基站任务完成率', pct(built(region), target.get(region.id) ?? 0), '%', {
      target: 100,
      ...breakdownOf(region, (c) => pct(built(c), target.get(c.id) ?? 0)),
    }),
    indicator('5g.macroBuilt', '5G宏站建成数', macro(region), '个', {
      target: macroTarget.get(region.id) ?? 0,
      ...breakdownOf(region, macro),
    }),
    indicator(
      '5g.macroCompletion',
      '5G宏站任务完成率',
      pct(macro(region), macroTarget.get(region.id) ?? 0),
      '%',
      {
        target: 100,
        ...breakdownOf(region, (c) => pct(macro(c), macroTarget.get(c.id) ?? 0)),
      },
    ),
  ];
  // One indicator per status (the mix), each broken down by child region.
  for (const s of STATION_STATUSES) {
    const n = (r: Region) => count(src.features('5g-stations', r), (p) => p.status === s);
    out.push(
      indicator(
        `5g.statusMix.${s}`,
        `5G基站${STATUS_LABELS[s]}`,
        count(fs, (p) => p.status === s),
        '个',
        breakdownOf(region, n),
      ),
    );
  }
  for (const [op, label] of Object.entries(OPERATOR_LABELS)) {
    out.push(
      indicator(
        `5g.operator.${op}`,
        `${label}5G基站`,
        count(fs, (p) => p.operator === op),
        '个',
      ),
    );
  }
  const issues = (r: Region) => count(src.features('5g-stations', r), (p) => p.issue !== undefined);
  out.push(indicator('5g.openIssues', '5G基站待解决问题', issues(region), '个', breakdownOf(region, issues)));
  return out;
}

export function selfServiceIndicators(src: LayerSource, region: Region): Indicator[] {
  const fs = src.features('kiosks', region);
  const existing = (r: Region) => count(src.features('kiosks', r), (p) => p.status === 'existing');
  return [
    indicator(
      'selfService.existing',
      '24小时自助服务区（已建）',
      existing(region),
      '个',
      breakdownOf(region, existing),
    ),
    indicator(
      'selfService.planned',
      '24小时自助服务区（规划）',
      count(fs, (p) => p.status === 'planned'),
      '个',
      breakdownOf(region, (r) => count(src.features('kiosks', r), (p) => p.status === 'planned')),
    ),
    indicator(
      'selfService.dailyUses',
      '自助服务日均使用',
      sum(fs, 'dailyUses', (p) => p.status === 'existing'),
      '人次/日',
    ),
    indicator('selfService.coverage15min', '15分钟政务服务圈覆盖率', src.coverage('existing', region), '%', {
      target: 100,
      ...breakdownOf(region, (c) => src.coverage('existing', c)),
    }),
    indicator(
      'selfService.coverage15minPlanned',
      '15分钟政务服务圈覆盖率（含规划）',
      src.coverage('all', region),
      '%',
      {
        target: 100,
        ...breakdownOf(region, (c) => src.coverage('all', c)),
      },
    ),
  ];
}
