/** Chinese name fragments for generated places. Plausible, not real: no real business is named. */
import { type Rng, pick } from '@ioc/domain/prng';
import type { Region } from '@ioc/domain/regions';

const shortNames = new WeakMap<Region, string>();

/** 平湖街道 → 平湖, 平湖第一社区 → 平湖第一 (cached: called once per generated feature). */
export function shortName(region: Region): string {
  let s = shortNames.get(region);
  if (s === undefined) {
    s = region.name.replace(/(街道|社区|区)$/u, '');
    shortNames.set(region, s);
  }
  return s;
}

export const KINDERGARTEN_WORDS = [
  '阳光',
  '童心',
  '金色摇篮',
  '育才',
  '启明星',
  '蓓蕾',
  '新星',
  '小太阳',
  '彩虹',
  '春苗',
  '智慧树',
  '向日葵',
  '百合',
  '晨曦',
  '博雅',
  '实验',
  '爱心',
  '明珠',
  '星河',
  '海韵',
  '翠湖',
  '锦绣',
  '童乐',
  '快乐岛',
] as const;

export const VILLAGE_FIRST = [
  '白',
  '黄',
  '鹅',
  '石',
  '禾',
  '塘',
  '新',
  '老',
  '上',
  '下',
  '大',
  '小',
  '沙',
  '水',
  '松',
  '凤',
  '荷',
  '坳',
  '丹',
  '竹',
  '横',
  '岗',
  '龙',
  '坑',
  '山',
  '田',
  '木',
  '樟',
  '茜',
  '辅',
] as const;
export const VILLAGE_SECOND = [
  '泥',
  '公',
  '坳',
  '头',
  '背',
  '湖',
  '坪',
  '岭',
  '围',
  '坑',
  '塘',
  '坜',
  '尾',
  '屋',
  '城',
  '厦',
] as const;
export const VILLAGE_SUFFIX = ['村', '围', '老村', '新村', '村小组', '居民小组'] as const;

export function villageName(rng: Rng): string {
  return `${pick(rng, VILLAGE_FIRST)}${pick(rng, VILLAGE_SECOND)}${pick(rng, VILLAGE_SUFFIX)}`;
}

export const ROADS = [
  '龙岗大道',
  '深惠路',
  '布龙路',
  '坂雪岗大道',
  '平湖大街',
  '横坪公路',
  '龙平路',
  '宝荷路',
  '吉华路',
  '丹竹头路',
  '沙湾路',
  '中兴路',
  '五和大道',
  '环城路',
  '龙翔大道',
  '爱联路',
  '吉祥路',
  '盛宝路',
  '清林路',
  '宝龙大道',
  '坪西路',
  '南坪快速',
  '水官高速辅道',
  '翔鸽路',
  '华南大道',
  '守珍街',
  '新区大道',
  '六约路',
  '布澜路',
  '东环路',
] as const;

export const HOSPITAL_NAMES = [
  '龙岗区人民医院',
  '龙岗中心医院',
  '龙岗区第二人民医院',
  '龙岗区第三人民医院',
  '龙岗区妇幼保健院',
  '龙岗区中医院',
  '龙岗区骨科医院',
  '龙岗区耳鼻咽喉医院',
  '龙岗区眼科医院',
  '龙岗区第四人民医院',
  '龙岗区第五人民医院',
  '龙岗区儿童医院',
  '龙岗区口腔医院',
  '龙岗区康复医院',
  '龙岗区精神卫生中心',
  '龙岗区慢性病防治院',
] as const;
export const PRIVATE_HOSPITAL_WORDS = [
  '仁爱',
  '博爱',
  '华侨',
  '友谊',
  '协和',
  '同济',
  '和平',
  '康宁',
  '远东',
  '南方',
] as const;
export const SURNAMES = [
  '陈',
  '李',
  '黄',
  '张',
  '王',
  '林',
  '刘',
  '吴',
  '郑',
  '何',
  '叶',
  '钟',
  '罗',
  '曾',
  '赖',
  '邱',
] as const;
export const CLINIC_KINDS = [
  '诊所',
  '中医诊所',
  '口腔诊所',
  '门诊部',
  '综合门诊部',
  '中西医结合诊所',
] as const;

export const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;
export function ordinal(n: number): string {
  return n >= 1 && n <= 10 ? (CHINESE_ORDINALS[n - 1] as string) : String(n);
}
