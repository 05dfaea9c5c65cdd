/** The exported map picture names the filters that narrow each layer, in the reader's language. */
import { describe, expect, it } from 'vitest';
import stations from '../../layers/5g-stations.layer';
import { filterNotes } from '../../src/catalog/legend';

describe('PNG legend filter notes', () => {
  it('lists each narrowed filter with its labels, and nothing for an unfiltered layer', () => {
    expect(filterNotes(stations, undefined, 'zh-CN')).toEqual([]);
    expect(filterNotes(stations, { operator: [] }, 'zh-CN')).toEqual([]);
    const chosen = { operator: ['CMCC', 'CUCC'], status: ['on-air'] };
    expect(filterNotes(stations, chosen, 'zh-CN')).toEqual([
      '运营商：中国移动、中国联通',
      '建设状态：已开通',
    ]);
    expect(filterNotes(stations, chosen, 'en')).toEqual([
      'Operator: China Mobile, China Unicom',
      'Status: On air',
    ]);
  });
});
