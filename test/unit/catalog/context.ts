/** A build context as the map gives a layer: dark theme, Chinese, fully opaque, zoomed in. */
import type { BuildContext, LayerFeature } from '../../../layers/kit/define';

export function buildContext(features: LayerFeature[] = []): BuildContext {
  return {
    features,
    events: [],
    regions: {},
    theme: 'dark',
    locale: 'zh-CN',
    opacity: 1,
    zoom: 14,
    scopeId: null,
    selectedId: null,
    now: Date.parse('2026-11-22T10:00:00+08:00'),
    at: Date.parse('2026-11-22T10:00:00+08:00'),
  };
}
