/** Text of the wall's watchdog notice (modes/wall/Watchdog.tsx), added when its code arrives. */
import { defineMessages } from '../define';

export const watchdog = defineMessages({
  'zh-CN': {
    'watchdog.region': '大屏自检',
    'watchdog.title': '大屏自检 · 已自动修复',
    'watchdog.line': '{time} {text}',
    'watchdog.chart': '图表“{name}”空白，已重新绘制',
    'watchdog.map.repaint': '地图停止刷新，已请求重绘',
    'watchdog.map.rebuild': '地图无法绘制，已重新加载地图',
    'watchdog.stream': '实时事件流中断，已请求立即重连',
    'watchdog.data': '{name}超过 3 个刷新周期未更新，已重新获取',
    'watchdog.data.kpis': '关键指标',
    'watchdog.data.other': '图层数据',
    'watchdog.persists': '连续 {times} 次自检发现同一问题',
    'watchdog.reloadAt': '如仍未恢复，大屏将于 {time} 自动刷新',
    'watchdog.dismiss': '知道了',
    'watchdog.dismissLabel': '关闭大屏自检提示',
  },
  en: {
    'watchdog.region': 'Wall self-check',
    'watchdog.title': 'Wall self-check · repaired automatically',
    'watchdog.line': '{time} {text}',
    'watchdog.chart': 'Chart “{name}” was blank: drawn again',
    'watchdog.map.repaint': 'The map had stopped drawing: asked to redraw',
    'watchdog.map.rebuild': 'The map could not draw: set up again',
    'watchdog.stream': 'The live event stream had stopped: asked to reconnect now',
    'watchdog.data': '{name} not updated for over 3 refresh intervals: fetched again',
    'watchdog.data.kpis': 'KPI figures',
    'watchdog.data.other': 'Layer data',
    'watchdog.persists': 'The same problem found by {times} checks in a row',
    'watchdog.reloadAt': 'If it does not recover, the wall reloads at {time}',
    'watchdog.dismiss': 'Dismiss',
    'watchdog.dismissLabel': 'Dismiss the wall self-check notice',
  },
});
