/**
 * GET /layers: titles, groups and fields (zh-CN labels, units, enum values) of the six
 * layers. Field keys here are also the filters GET /layers/{id}/features accepts. Enum
 * values come from the contract's schemas, as the layer files' labels must cover them.
 */
import {
  DemolitionProps,
  KioskProps,
  type LayerField,
  type LayerInfo,
  MedicalProps,
  StationProps,
} from '@ioc/contract/contract';
import { COMMON_FIELDS, DEMOLITION_STAGES, KINDERGARTEN_STAGES } from '@ioc/domain/layerFacts';
import { STATION_ISSUES } from './generators/stations';
import { LAYER_GEOMETRY, LAYER_IDS, type LayerId } from './layers';
import { tilesInfo } from '@ioc/domain/tiles';
import { formatIso, LAYER_EPOCH_MS } from '@ioc/domain/time';

interface LayerMeta {
  title: string;
  group: string;
  fields: LayerField[];
}

export const LAYER_META: Record<LayerId, LayerMeta> = {
  '5g-stations': {
    title: '5G基站',
    group: '新型基础设施',
    fields: [
      ...COMMON_FIELDS,
      { key: 'kind', label: '站型', type: 'enum', values: StationProps.shape.kind.options },
      { key: 'operator', label: '运营商', type: 'enum', values: StationProps.shape.operator.options },
      { key: 'status', label: '建设状态', type: 'enum', values: StationProps.shape.status.options },
      { key: 'issue', label: '问题类型', type: 'enum', values: [...STATION_ISSUES] },
      { key: 'onAirAt', label: '开通时间', type: 'datetime' },
    ],
  },
  kiosks: {
    title: '24小时政务服务自助区',
    group: '政务服务',
    fields: [
      ...COMMON_FIELDS,
      { key: 'kind', label: '类型', type: 'enum', values: KioskProps.shape.kind.options },
      { key: 'status', label: '状态', type: 'enum', values: KioskProps.shape.status.options },
      { key: 'terminals', label: '终端数', type: 'integer', unit: '台' },
      { key: 'services', label: '可办事项', type: 'integer', unit: '项' },
      { key: 'dailyUses', label: '日均使用', type: 'integer', unit: '人次' },
    ],
  },
  'kindergarten-cameras': {
    title: '幼儿园视频监控',
    group: '公共安全',
    fields: [
      ...COMMON_FIELDS,
      { key: 'cameras', label: '摄像头', type: 'integer', unit: '个' },
      { key: 'camerasOnline', label: '在线摄像头', type: 'integer', unit: '个' },
      { key: 'stage', label: '建设阶段', type: 'enum', values: [...KINDERGARTEN_STAGES] },
      { key: 'pupils', label: '在园幼儿', type: 'integer', unit: '人' },
    ],
  },
  demolition: {
    title: '拆除范围',
    group: '城市更新',
    fields: [
      ...COMMON_FIELDS,
      { key: 'kind', label: '类型', type: 'enum', values: DemolitionProps.shape.kind.options },
      { key: 'stage', label: '进度', type: 'enum', values: [...DEMOLITION_STAGES] },
      { key: 'areaM2', label: '面积', type: 'number', unit: 'm²' },
      { key: 'buildings', label: '楼栋', type: 'integer', unit: '栋' },
      { key: 'households', label: '户数', type: 'integer', unit: '户' },
      { key: 'difficulty', label: '拆除难度', type: 'enum', values: ['1', '2', '3', '4', '5'] },
    ],
  },
  medical: {
    title: '医疗资源',
    group: '公共服务',
    fields: [
      ...COMMON_FIELDS,
      { key: 'kind', label: '机构类型', type: 'enum', values: MedicalProps.shape.kind.options },
      { key: 'grade', label: '等级', type: 'enum', values: ['三甲', '三级', '二甲', '二级', '一级'] },
      { key: 'beds', label: '床位', type: 'integer', unit: '张' },
      { key: 'doctors', label: '医生', type: 'integer', unit: '人' },
    ],
  },
  'urban-villages': {
    title: '城中村',
    group: '城市更新',
    fields: [
      ...COMMON_FIELDS,
      { key: 'undergroundLines', label: '三线下地', type: 'boolean' },
      { key: 'population', label: '人口', type: 'integer', unit: '人' },
      { key: 'buildings', label: '楼栋', type: 'integer', unit: '栋' },
    ],
  },
};

/** Keys that can be used as equality filters on a layer's features. */
export function filterableKeys(id: LayerId): Set<string> {
  return new Set(LAYER_META[id].fields.map((f) => f.key));
}

/** `updatedAt`: each layer's current load (mock-server/history.ts), the layers' first by default. */
export function buildCatalog(
  countOf: (id: LayerId) => number,
  updatedAt: (id: LayerId) => number = () => LAYER_EPOCH_MS,
): LayerInfo[] {
  return LAYER_IDS.map((id) => ({
    id,
    title: LAYER_META[id].title,
    group: LAYER_META[id].group,
    geometry: LAYER_GEOMETRY[id],
    count: countOf(id),
    updatedAt: formatIso(updatedAt(id)),
    fields: LAYER_META[id].fields,
    ...(LAYER_GEOMETRY[id] === 'Point' ? { tiles: tilesInfo(id) } : {}),
  }));
}
