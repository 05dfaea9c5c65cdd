/** The timeline's milestone names: they arrive with the timeline's code (src/modes/replay/milestoneLabel.ts), not before the first frame. */
import { defineMessages } from '../define';

export const milestones = defineMessages({
  'zh-CN': {
    'replay.milestone.reported': '特别严重事件上报',
    'replay.milestone.dispatched': '特别严重事件派发',
    'replay.milestone.overdue': '特别严重事件超期',
    'replay.milestone.emergency_on': '切换到战时',
    'replay.milestone.emergency_off': '切换回平时',
    'replay.milestone.kpi_met': '指标达标',
    'replay.milestone.kpi_missed': '指标低于目标',
    'replay.milestone.by': '{name}操作',
    'replay.milestone.value': '{value}%（目标 {target}%）',
    'replay.milestones': '节点',
  },
  en: {
    'replay.milestone.reported': 'Critical event reported',
    'replay.milestone.dispatched': 'Critical event dispatched',
    'replay.milestone.overdue': 'Critical event overdue',
    'replay.milestone.emergency_on': 'Switched to emergency',
    'replay.milestone.emergency_off': 'Switched back to peacetime',
    'replay.milestone.kpi_met': 'KPI met its target',
    'replay.milestone.kpi_missed': 'KPI fell below its target',
    'replay.milestone.by': 'by {name}',
    'replay.milestone.value': '{value}% (target {target}%)',
    'replay.milestones': 'Milestones',
  },
});
