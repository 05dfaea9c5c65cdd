/**
 * What a GIS file's problems are called, in Chinese and English: the app's 我的图层 shows
 * them (src/i18n/messages/mine.ts spreads them in), and the server's import prints them.
 */
export const fileMessages = {
  'zh-CN': {
    'mine.at.row': '第 {row} 行',
    'mine.at.feature': '第 {row} 个要素',
    'mine.reason.coordinates': '经纬度不是有效数字',
    'mine.reason.wkt': 'WKT 几何无法解析',
    'mine.reason.geometry': '几何无效或坐标超出经纬度范围',
    'mine.reason.fields': '列数与表头不符',
    'mine.problem.format': '不支持此文件类型，请使用 GeoJSON、CSV、KML/KMZ 或 zip 压缩的 Shapefile',
    'mine.problem.unreadable': '文件内容无法读取（{detail}）',
    'mine.problem.json': 'GeoJSON 不是有效的 JSON，问题在第 {row} 行附近',
    'mine.problem.quotes': 'CSV 第 {row} 行的引号没有闭合',
    'mine.problem.noCoordinates':
      'CSV 中找不到坐标列，需要经度、纬度列（如 lon、lat 或 经度、纬度）或 WKT 列；现有列：{detail}',
    'mine.problem.noShapefile': '压缩包中没有 .shp（或 .kml）文件',
    'mine.problem.tooLarge': '文件超过 200 MB',
    'mine.problem.empty': '文件中没有数据',
    'mine.problem.noneValid': '没有一个可用的要素，{at}：{reason}',
  },
  en: {
    'mine.at.row': 'row {row}',
    'mine.at.feature': 'feature {row}',
    'mine.reason.coordinates': 'longitude or latitude is not a number',
    'mine.reason.wkt': 'the WKT geometry does not parse',
    'mine.reason.geometry': 'invalid geometry or coordinates out of range',
    'mine.reason.fields': 'the number of columns does not match the header',
    'mine.problem.format':
      'this kind of file is not supported; use GeoJSON, CSV, KML/KMZ or a zipped Shapefile',
    'mine.problem.unreadable': 'its content could not be read ({detail})',
    'mine.problem.json': 'the GeoJSON is not valid JSON, near line {row}',
    'mine.problem.quotes': 'a quote on CSV line {row} is never closed',
    'mine.problem.noCoordinates':
      'the CSV has no coordinate columns: it needs longitude and latitude (lon, lat) or a WKT column; its columns are {detail}',
    'mine.problem.noShapefile': 'the zip holds no .shp (or .kml) file',
    'mine.problem.tooLarge': 'the file is larger than 200 MB',
    'mine.problem.empty': 'the file holds no data',
    'mine.problem.noneValid': 'not one feature is usable; {at}: {reason}',
  },
} as const;

export type FileMessageKey = keyof (typeof fileMessages)['en'];
