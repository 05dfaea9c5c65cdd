/**
 * The built-in layers' values and what the KPIs call them. Which values exist is the
 * contract's (its zod enums); the demo's generators, the mock's KPIs and the server's SQL
 * KPIs all count by these lists.
 */
import { KindergartenProps, type LayerField, StationProps } from '@ioc/contract/contract';

export const STATION_STATUSES = StationProps.shape.status.options;
export const KINDERGARTEN_STAGES = KindergartenProps.shape.stage.options;
/** The contract leaves a demolition's stage free text (platforms name their own); these are the district's. */
export const DEMOLITION_STAGES = ['survey', 'signing', 'demolishing', 'cleared'] as const;

export const STATUS_LABELS: Record<string, string> = {
  planned: '规划',
  approved: '已审批',
  building: '在建',
  'on-air': '已开通',
};
export const OPERATOR_LABELS: Record<string, string> = {
  CMCC: '中国移动',
  CUCC: '中国联通',
  CTCC: '中国电信',
  tower: '中国铁塔',
};
export const KG_STAGE_LABELS: Record<string, string> = {
  surveyed: '已摸底',
  designed: '已设计',
  installing: '安装中',
  done: '已完成',
};
export const DEMOLITION_STAGE_LABELS: Record<string, string> = {
  survey: '摸底调查',
  signing: '签约补偿',
  demolishing: '拆除中',
  cleared: '已清拆',
};

/** Fields every layer's features carry (the catalog lists them first). */
export const COMMON_FIELDS: LayerField[] = [
  { key: 'name', label: '名称', type: 'string' },
  { key: 'regionId', label: '所属街道', type: 'string' },
];

/**
 * Layers whose indicators (those with this id prefix) are counted from that layer alone, so
 * a replay counts them from the layer's version of the moment where one was kept (issue 22).
 * The demo keeps versions of its demolition boundaries only; its other layers are not
 * re-imported, and an imported layer has no indicators.
 */
export const VERSIONED_INDICATORS: Readonly<Record<string, string>> = { demolition: 'demolition.' };
