import { ShapeError } from '../../core/errors.js';
import { formatLayerShape, type LayerShape } from '../layer.js';

/**
 * Image augmentation layers take a batch of images `(batch, height, width, channels)` or one image
 * `(height, width, channels)`, channels last (Keras's default `data_format`).
 * @throws {ShapeError} for any other rank.
 */
export function checkImageShape(owner: string, shape: LayerShape): void {
  if (shape.length !== 3 && shape.length !== 4) {
    throw new ShapeError(
      `Layer "${owner}" expects images of rank 3 (height, width, channels) or 4 (batch, height, width, channels), ` +
        `channels last. Received: inputs.shape=${formatLayerShape(shape)}`,
    );
  }
}
