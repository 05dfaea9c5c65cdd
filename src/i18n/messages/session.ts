/** The header's person (who is signed in, with what role) and its buttons: on every first screen. */
import { defineMessages } from '../define';

export const session = defineMessages({
  'zh-CN': {
    'session.signIn': '登录',
    'session.signOut': '登出',
    'session.who': '当前用户',
    'session.role.admin': '管理员',
    'session.role.district': '区级指挥',
    'session.role.street': '街道坐席',
    'session.role.community': '社区',
    'session.role.planner': '规划',
    'session.role.wall': '大屏',
    'session.admin': '系统管理',
    'session.admin.close': '返回地图',
  },
  en: {
    'session.signIn': 'Sign in',
    'session.signOut': 'Sign out',
    'session.who': 'Signed in',
    'session.role.admin': 'Administrator',
    'session.role.district': 'District command',
    'session.role.street': 'Street desk',
    'session.role.community': 'Community',
    'session.role.planner': 'Planner',
    'session.role.wall': 'Video wall',
    'session.admin': 'Administration',
    'session.admin.close': 'Back to the map',
  },
});
