import type { ConfigDict } from '../../core/config.js';
import { ShapeError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { optionalBoolean } from '../../core/validate.js';
import { max, mean } from '../../ops/reduction.js';
import { checkDataFormat } from '../convolutional/tuples.js';
import { formatLayerShape, Layer, type LayerArgs, type LayerShape } from '../layer.js';

export interface GlobalPoolingArgs extends LayerArgs {
  /** 'channels_last' only, for now. */
  dataFormat?: 'channels_last' | 'channels_first';
  /** Keep the spatial axes, with size 1 (default false: [batch, channels]). */
  keepdims?: boolean;
}

/**
 * What the global pooling layers share (Keras's BaseGlobalPooling): the max or the mean over all `rank` spatial
 * axes of a channels-last input, per channel.
 */
export abstract class BaseGlobalPooling extends Layer {
  readonly rank: 1 | 2;
  readonly mode: 'max' | 'average';
  readonly dataFormat: 'channels_last';
  readonly keepdims: boolean;

  protected constructor(rank: 1 | 2, mode: 'max' | 'average', owner: string, args: GlobalPoolingArgs) {
    super(args, ['dataFormat', 'keepdims']);
    this.rank = rank;
    this.mode = mode;
    this.dataFormat = checkDataFormat(owner, args.dataFormat);
    this.keepdims = optionalBoolean(owner, 'keepdims', args.keepdims, false);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    if (shape.length !== this.rank + 2) {
      throw new ShapeError(
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected ndim=${this.rank + 2}, found ndim=${shape.length}. Full shape received: ${formatLayerShape(shape)}`,
      );
    }
  }

  call(inputs: Tensor): Tensor {
    const axes = this.rank === 2 ? [1, 2] : [1];
    return (this.mode === 'max' ? max : mean)(inputs, axes, this.keepdims);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const channels = inputShape[inputShape.length - 1] ?? null;
    const batch = inputShape[0] ?? null;
    return this.keepdims ? [batch, ...new Array<number>(this.rank).fill(1), channels] : [batch, channels];
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }
}
