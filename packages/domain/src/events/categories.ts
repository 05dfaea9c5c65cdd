/**
 * Event sources, their daily rates and categories (docs/DATA.md "Event sources and their real
 * rates"). Category ids are English; labels zh-CN. Titles and descriptions are templates
 * filled with a place, so the feed reads like real work orders.
 */
import type { EventSource } from '@ioc/contract/contract';
import { HOUR } from '../time';

export interface CategoryDef {
  id: string;
  label: string;
  weight: number;
  /** Title templates; `{place}` is a road or community name. */
  titles: readonly string[];
  /** Description fragments appended after the address. */
  details: readonly string[];
}

export interface SourceDef {
  source: EventSource;
  label: string;
  /** Events per simulated day at eventRate 1. */
  perDay: number;
  /** Relative intensity by local hour 0..23 (normalised to mean 1 where used). */
  diurnal: readonly number[];
  /** P(severity = 1..4). */
  severity: readonly [number, number, number, number];
  /** dueAt = reportedAt + hours by severity × this factor. */
  dueFactor: number;
  /**
   * Share of events worked past their deadline. The hotline's orders are chased by their
   * SLA (the district reports 99 % closed), so few of them run late.
   */
  lateShare: number;
  categories: readonly CategoryDef[];
}

const OFFICE_HOURS = [
  0.2, 0.15, 0.1, 0.1, 0.1, 0.2, 0.4, 0.9, 1.4, 1.7, 1.7, 1.5, 1.1, 1.3, 1.6, 1.6, 1.5, 1.3, 1.1, 1.0, 0.9,
  0.7, 0.5, 0.3,
];
const DAYTIME = [
  0.3, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 1.0, 1.4, 1.5, 1.5, 1.5, 1.4, 1.4, 1.5, 1.5, 1.5, 1.4, 1.3, 1.2, 1.0,
  0.8, 0.6, 0.4,
];
const FLAT = Array<number>(24).fill(1);

/** Severity → hours to the deadline before the source's factor. */
export const DUE_HOURS: Record<1 | 2 | 3 | 4, number> = { 1: 48, 2: 24, 3: 8, 4: 2 };

/** How long a source's event of a severity may take before it is overdue. */
export function dueMsFor(def: SourceDef, severity: 1 | 2 | 3 | 4): number {
  return DUE_HOURS[severity] * def.dueFactor * HOUR;
}

export const SOURCES: readonly SourceDef[] = [
  {
    source: '12345',
    label: '12345热线',
    perDay: 700,
    diurnal: OFFICE_HOURS,
    severity: [0.6, 0.3, 0.09, 0.01],
    dueFactor: 1,
    lateShare: 0.02,
    categories: [
      {
        id: 'consultation',
        label: '咨询',
        weight: 232,
        titles: ['咨询{topic}办理流程', '咨询{topic}相关政策'],
        details: ['市民来电咨询，希望工作人员尽快回复。', '市民表示网上信息不全，请相关部门解答。'],
      },
      {
        id: 'efficiency-complaint',
        label: '效能投诉',
        weight: 364,
        titles: ['投诉{place}窗口办事效率低', '投诉{place}工作人员态度差'],
        details: ['市民反映多次办理未果，要求给予答复。', '市民称排队时间过长，要求整改。'],
      },
      {
        id: 'general-complaint',
        label: '一般投诉',
        weight: 7593,
        titles: ['{place}{nuisance}', '反映{place}{nuisance}'],
        details: [
          '问题已持续多日，影响周边居民生活，请尽快处理。',
          '市民多次反映未解决，请核实处理。',
          '夜间尤为严重，请相关部门到场查看。',
        ],
      },
      {
        id: 'help-request',
        label: '求助',
        weight: 390,
        titles: ['{place}{help}', '市民求助：{help}'],
        details: ['情况较急，请尽快联系来电人。', '来电人为独居老人，请社区协助。'],
      },
      {
        id: 'suggestion',
        label: '建议',
        weight: 53,
        titles: ['建议{place}{suggestion}'],
        details: ['市民认为此举可方便周边居民出行。', '市民希望相关部门研究采纳。'],
      },
      {
        id: 'consumer-rights',
        label: '消费维权',
        weight: 2158,
        titles: ['{place}{consumer}', '投诉{place}商户{consumer}'],
        details: ['涉及金额约{amount}元，要求退款。', '市民已与商家协商未果，请求协调。'],
      },
      {
        id: 'economic-violation',
        label: '经济违法',
        weight: 499,
        titles: ['举报{place}{violation}'],
        details: ['请市场监管部门核查。', '市民提供了现场照片，请核实处理。'],
      },
    ],
  },
  {
    source: 'ai-video',
    label: 'AI视频识别',
    perDay: 100,
    diurnal: DAYTIME,
    severity: [0.6, 0.32, 0.08, 0],
    dueFactor: 0.25,
    lateShare: 0.08,
    categories: [
      {
        id: 'shop-front-trading',
        label: '占道经营',
        weight: 22,
        titles: ['{place}占道经营'],
        details: ['视频识别到店外摆卖，持续约{minutes}分钟。'],
      },
      {
        id: 'exposed-garbage',
        label: '暴露垃圾',
        weight: 18,
        titles: ['{place}暴露垃圾'],
        details: ['视频识别到路面暴露垃圾。'],
      },
      {
        id: 'stacked-materials',
        label: '乱堆物料',
        weight: 10,
        titles: ['{place}乱堆物料'],
        details: ['人行道堆放建筑材料。'],
      },
      {
        id: 'bike-parking',
        label: '非机动车乱停放',
        weight: 14,
        titles: ['{place}非机动车乱停放'],
        details: ['共享单车堆积约{count}辆。'],
      },
      {
        id: 'illegal-parking',
        label: '机动车违停',
        weight: 9,
        titles: ['{place}机动车违停'],
        details: ['车辆占用消防通道或人行道。'],
      },
      {
        id: 'street-drying',
        label: '沿街晾晒',
        weight: 5,
        titles: ['{place}沿街晾晒'],
        details: ['临街护栏晾晒衣物。'],
      },
      {
        id: 'street-vendor',
        label: '游商小贩',
        weight: 8,
        titles: ['{place}流动摊贩'],
        details: ['视频识别到流动摊贩聚集。'],
      },
      {
        id: 'overflowing-bin',
        label: '垃圾满溢',
        weight: 6,
        titles: ['{place}垃圾桶满溢'],
        details: ['垃圾收集点满溢未及时清运。'],
      },
      {
        id: 'uncovered-truck',
        label: '渣土车未密闭',
        weight: 3,
        titles: ['{place}渣土车未密闭'],
        details: ['识别到渣土运输车辆未覆盖。'],
      },
      {
        id: 'damaged-billboard',
        label: '户外广告破损',
        weight: 2,
        titles: ['{place}户外广告破损'],
        details: ['广告牌面破损，存在坠落风险。'],
      },
      {
        id: 'crowd-gathering',
        label: '人员聚集',
        weight: 3,
        titles: ['{place}人员聚集'],
        details: ['视频识别到异常人员聚集，约{count}人。'],
      },
    ],
  },
  {
    source: 'network',
    label: '网络运维',
    perDay: 11,
    diurnal: FLAT,
    severity: [0.4, 0.35, 0.2, 0.05],
    dueFactor: 0.5,
    lateShare: 0.08,
    categories: [
      {
        id: 'network',
        label: '网络',
        weight: 1157,
        titles: ['{place}汇聚交换机离线', '{place}视频专网链路中断', '{place}政务外网丢包率高'],
        details: ['监测平台告警，影响{count}个终端。'],
      },
      {
        id: 'cloud',
        label: '云平台',
        weight: 328,
        titles: ['政务云主机CPU持续高负载', '政务云存储空间告警', '云平台接口响应超时'],
        details: ['运维监测自动生成工单。'],
      },
      {
        id: 'other',
        label: '其他',
        weight: 528,
        titles: ['{place}机房空调告警', '{place}UPS电池告警', '{place}大屏显示异常'],
        details: ['请运维人员到场检查。'],
      },
    ],
  },
  {
    source: 'grid',
    label: '网格巡查',
    perDay: 150,
    diurnal: OFFICE_HOURS,
    severity: [0.55, 0.33, 0.1, 0.02],
    dueFactor: 0.5,
    lateShare: 0.08,
    categories: [
      {
        id: 'safety-hazard',
        label: '安全隐患',
        weight: 30,
        titles: ['{place}安全隐患', '{place}电动车楼道充电'],
        details: ['网格员巡查发现，已拍照上报。'],
      },
      {
        id: 'sanitation',
        label: '环境卫生',
        weight: 25,
        titles: ['{place}环境卫生脏乱'],
        details: ['网格员巡查发现。'],
      },
      {
        id: 'fire-lane',
        label: '消防通道堵塞',
        weight: 15,
        titles: ['{place}消防通道堵塞'],
        details: ['杂物及车辆占用消防通道。'],
      },
      {
        id: 'illegal-construction',
        label: '违法建设',
        weight: 12,
        titles: ['{place}疑似违法建设'],
        details: ['楼顶加建，已告知业主停工。'],
      },
      {
        id: 'rental-housing',
        label: '出租屋管理',
        weight: 10,
        titles: ['{place}出租屋信息未登记'],
        details: ['新入住人员{count}名未登记。'],
      },
      {
        id: 'dispute',
        label: '矛盾纠纷',
        weight: 8,
        titles: ['{place}邻里纠纷'],
        details: ['双方情绪激动，请社区调解。'],
      },
    ],
  },
  {
    source: 'iot',
    label: '物联感知',
    perDay: 40,
    diurnal: FLAT,
    severity: [0.35, 0.35, 0.22, 0.08],
    dueFactor: 0.25,
    lateShare: 0.08,
    categories: [
      {
        id: 'water-level',
        label: '积水监测',
        weight: 20,
        titles: ['{place}积水超警戒'],
        details: ['传感器水位{count}厘米。'],
      },
      {
        id: 'smoke',
        label: '烟感告警',
        weight: 25,
        titles: ['{place}烟感告警'],
        details: ['独立烟感报警，请网格员核实。'],
      },
      {
        id: 'manhole',
        label: '井盖异动',
        weight: 20,
        titles: ['{place}井盖位移告警'],
        details: ['智能井盖倾角异常。'],
      },
      {
        id: 'gas',
        label: '燃气泄漏',
        weight: 10,
        titles: ['{place}燃气浓度告警'],
        details: ['可燃气体浓度超标，请立即处置。'],
      },
      {
        id: 'slope',
        label: '边坡位移',
        weight: 8,
        titles: ['{place}边坡位移监测告警'],
        details: ['位移速率超过阈值。'],
      },
      {
        id: 'elevator',
        label: '电梯困人',
        weight: 17,
        titles: ['{place}电梯困人告警'],
        details: ['电梯物联网终端报警，请维保单位到场。'],
      },
    ],
  },
];

export const SOURCE_BY_ID = new Map(SOURCES.map((s) => [s.source, s]));

export const HOTLINE_CATEGORIES = (SOURCE_BY_ID.get('12345') as SourceDef).categories;

export const TOPICS = [
  '居住证',
  '积分入学',
  '社保转移',
  '新生儿入户',
  '公积金提取',
  '不动产登记',
  '营业执照',
  '老年人优待证',
  '人才补贴',
  '医保报销',
] as const;
export const NUISANCES = [
  '夜间施工噪音扰民',
  '餐饮油烟扰民',
  '占道经营',
  '车辆乱停放',
  '垃圾清运不及时',
  '路灯不亮',
  '井盖缺失',
  '违规养犬',
  '楼上漏水',
  '楼道堆放杂物',
  '广场舞噪音扰民',
  '道路破损积水',
] as const;
export const HELPS = [
  '老人走失求助',
  '家中停水求助',
  '电梯故障困人',
  '孩子入学困难求助',
  '路面塌陷请求处理',
] as const;
export const SUGGESTIONS = [
  '增设公交站台',
  '增设人行横道信号灯',
  '增加公共厕所',
  '增设充电桩',
  '延长图书馆开放时间',
] as const;
export const CONSUMER = [
  '预付卡商家跑路',
  '健身房闭店无法退费',
  '网购商品拒绝退货',
  '餐饮卫生问题',
  '培训机构拒绝退费',
] as const;
export const VIOLATIONS = ['无证经营', '虚假宣传', '价格欺诈', '销售假冒商品', '超范围经营'] as const;
