/**
 * One catalog layer on the map: a deck.gl CompositeLayer whose id is the definition's and
 * whose sub-layers are what the definition built. Picking reports this layer as the one
 * picked (deck.gl walks up to the root), so a click or a tooltip finds the definition on
 * its props, never by matching ids; deck.gl diffs the sub-layers by id as usual.
 */
import { CompositeLayer, type Layer, type PickingInfo, type UpdateParameters } from '@deck.gl/core';
import type { AnyLayer } from './registry';

export interface DefinitionLayerProps {
  def: AnyLayer;
  built: Layer[];
}

export class DefinitionLayer extends CompositeLayer<DefinitionLayerProps> {
  static override layerName = 'DefinitionLayer';
  static override defaultProps = { autoHighlight: true };

  override shouldUpdateState({ changeFlags }: UpdateParameters<this>): boolean {
    return changeFlags.propsOrDataChanged;
  }

  override renderLayers(): Layer[] {
    return this.props.built;
  }

  // Sub-layers draw unrelated data: only the one under the pointer may highlight its
  // object (the base class would hand every sub-layer the same picked index).
  protected override _updateAutoHighlight(info: PickingInfo): void {
    for (const layer of this.getSubLayers())
      layer.updateAutoHighlight(layer === info.sourceLayer ? info : { ...info, picked: false });
  }
}

/** The definition behind a picked object, if it came from a catalog layer. */
export function definitionOf(info: PickingInfo): AnyLayer | undefined {
  return info.layer instanceof DefinitionLayer ? info.layer.props.def : undefined;
}
