/** Text of 我的图层 (My layers): a file dropped on the map or picked becomes a layer. */
import { fileMessages } from '@ioc/domain/gis/messages';
import { defineMessages } from '../define';

export const mine = defineMessages({
  'zh-CN': {
    ...fileMessages['zh-CN'],
    'mine.crs': '文件坐标系',
    'mine.crs.WGS84': 'WGS84（GPS）',
    'mine.crs.GCJ02': 'GCJ-02（高德、腾讯）',
    'mine.crs.BD09': 'BD-09（百度）',
    'mine.add': '添加文件…',
    'mine.help':
      '把 GeoJSON、CSV（经纬度列或 WKT 列）、KML/KMZ 或 zip 压缩的 Shapefile 拖到地图上，或点“添加文件”。图层只保存在本浏览器中。',
    'mine.reading': '正在读取 {file}…',
    'mine.added': '已添加“{title}”：{count} 个要素。',
    'mine.addedSkipped': '已添加“{title}”：{count} 个要素；跳过 {skipped} 处有问题的数据（{first}）。',
    'mine.unsaved': '浏览器无法保存此图层，刷新页面后将消失。',
    'mine.remove': '删除 {layer}',
    'mine.refused': '未能添加 {file}：{problem}。地图和图层未作任何更改。',
  },
  en: {
    ...fileMessages.en,
    'mine.crs': 'File coordinates',
    'mine.crs.WGS84': 'WGS84 (GPS)',
    'mine.crs.GCJ02': 'GCJ-02 (AMap, Tencent)',
    'mine.crs.BD09': 'BD-09 (Baidu)',
    'mine.add': 'Add a file…',
    'mine.help':
      'Drop a GeoJSON, CSV (longitude/latitude or WKT columns), KML/KMZ or zipped Shapefile on the map, or choose "Add a file". Layers are kept in this browser only.',
    'mine.reading': 'Reading {file}…',
    'mine.added': 'Added "{title}": {count} features.',
    'mine.addedSkipped': 'Added "{title}": {count} features; {skipped} broken entries skipped ({first}).',
    'mine.unsaved': 'The browser could not keep this layer: it will be gone after a reload.',
    'mine.remove': 'Remove {layer}',
    'mine.refused': '{file} was not added: {problem}. Nothing on the map or in the catalog changed.',
  },
});
