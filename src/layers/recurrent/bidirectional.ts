import { type ConfigDict, serialize } from '../../core/config.js';
import { describe, ValueError } from '../../core/errors.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { checkChoice } from '../../core/validate.js';
import { add, mul } from '../../ops/arithmetic.js';
import { tensor } from '../../ops/convert.js';
import { concat, gather } from '../../ops/shape.js';
import { Layer, type LayerArgs, type LayerShape, type LayerShapes } from '../layer.js';
import { RecurrentLayer } from './base-rnn.js';

/** How Bidirectional combines the two directions. */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave'];

/** The options of {@link Bidirectional}. */
export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run both ways; it is copied (from its config), never called itself. */
  layer: RecurrentLayer;
  /** Default `'concat'` (the output has 2·units features). */
  mergeMode?: MergeMode;
  /** The backward layer, if not a copy of `layer` with `goBackwards` flipped. */
  backwardLayer?: RecurrentLayer;
}

/** A copy of `layer` from its config, renamed, with `goBackwards` as given. */
function copyOf(layer: RecurrentLayer, name: string, goBackwards: boolean): RecurrentLayer {
  const Cls = layer.constructor as unknown as { fromConfig(c: ConfigDict): RecurrentLayer };
  return Cls.fromConfig({ ...layer.getConfig(), name, goBackwards });
}

/** The sequence [batch, timesteps, …] in reverse time order. */
function reverseTime(x: Tensor): Tensor {
  const steps = x.shape[1] as number;
  return gather(
    x,
    tensor(
      Array.from({ length: steps }, (_, i) => steps - 1 - i),
      [steps],
      'int32',
    ),
    1,
  );
}

/**
 * Runs a recurrent layer forwards and a copy of it backwards over the sequence and merges the two outputs:
 * `concat` (default) [forward, backward] on the last axis, `sum`, `mul` or `ave`. With `returnSequences`, the
 * backward outputs are put back in time order before merging, as Keras does. The weights are the forward layer's,
 * then the backward layer's, so they transfer from Keras.
 *
 * Input: [batch, timesteps, features]. Output: the wrapped layer's, with 2·units features for `concat`.
 * @throws {ValueError} for a layer that is not a recurrent layer, an unknown merge mode, a backward layer whose
 *   goBackwards, returnSequences or returnState do not fit.
 * @example
 * ```ts
 * new layers.Bidirectional(new layers.LSTM(16, { returnSequences: true }), { mergeMode: 'sum' });
 * ```
 */
export class Bidirectional extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Bidirectional';
  readonly className: string = 'Bidirectional';
  readonly forwardLayer: RecurrentLayer;
  readonly backwardLayer: RecurrentLayer;
  readonly mergeMode: MergeMode;
  readonly returnSequences: boolean;

  constructor(layer: RecurrentLayer | BidirectionalArgs, args: Omit<BidirectionalArgs, 'layer'> = {}) {
    const all: BidirectionalArgs =
      layer instanceof Layer ? { ...args, layer: layer as RecurrentLayer } : (layer as BidirectionalArgs);
    // The wrapper computes in its layer's dtype unless told otherwise, so a float64 LSTM stays float64 throughout.
    const dtype = all.dtype ?? (all.layer instanceof Layer ? all.layer.dtype : undefined);
    super({ ...all, ...(dtype ? { dtype } : {}) }, ['layer', 'mergeMode', 'backwardLayer']);
    if (!(all.layer instanceof RecurrentLayer)) {
      throw new ValueError(
        `Please initialize \`Bidirectional\` layer with a recurrent layer (SimpleRNN, LSTM, GRU). Received: ${describe(all.layer)}`,
      );
    }
    if (all.backwardLayer !== undefined && !(all.backwardLayer instanceof RecurrentLayer)) {
      throw new ValueError(
        `\`backwardLayer\` needs to be a recurrent layer (SimpleRNN, LSTM, GRU). Received: ${describe(all.backwardLayer)}`,
      );
    }
    this.mergeMode = checkChoice('Bidirectional', 'mergeMode', all.mergeMode ?? 'concat', MERGE_MODES);
    const inner = all.layer;
    const base = inner.name.replace(/^forward_/, '');
    this.forwardLayer = copyOf(inner, `forward_${base}`, inner.goBackwards);
    this.backwardLayer =
      all.backwardLayer ?? copyOf(inner, `backward_${inner.name.replace(/^backward_/, '')}`, !inner.goBackwards);
    const f = this.forwardLayer;
    const b = this.backwardLayer;
    if (f.goBackwards === b.goBackwards) {
      throw new ValueError(
        'Forward layer and backward layer should have different `goBackwards` value. Received: ' +
          `forwardLayer.goBackwards=${f.goBackwards}, backwardLayer.goBackwards=${b.goBackwards}`,
      );
    }
    for (const a of ['returnSequences', 'returnState'] as const) {
      if (f[a] !== b[a]) {
        throw new ValueError(
          `Forward layer and backward layer are expected to have the same value for attribute "${a}", ` +
            `got "${f[a]}" for forward layer and "${b[a]}" for backward layer`,
        );
      }
    }
    if (f.returnState) {
      throw new ValueError('Bidirectional: a wrapped layer with `returnState: true` is not supported yet.');
    }
    this.returnSequences = f.returnSequences;
  }

  override build(inputShape: LayerShape): void {
    this.forwardLayer.build(inputShape);
    this.backwardLayer.build(inputShape);
    super.build(inputShape);
  }

  call(inputs: Tensor, { training }: { training: boolean }): Tensor {
    const y = this.forwardLayer.apply(inputs, { training });
    let yb = this.backwardLayer.apply(inputs, { training });
    if (this.returnSequences) yb = reverseTime(yb);
    switch (this.mergeMode) {
      case 'concat':
        return concat([y, yb], -1);
      case 'sum':
        return add(y, yb);
      case 'mul':
        return mul(y, yb);
      case 'ave':
        return mul(add(y, yb), 0.5);
    }
  }

  override computeOutputShape(inputShape: LayerShapes): LayerShapes {
    const shape = this.forwardLayer.computeOutputShape(inputShape) as LayerShape;
    if (this.mergeMode !== 'concat') return shape;
    const back = this.backwardLayer.computeOutputShape(inputShape) as LayerShape;
    return [...shape.slice(0, -1), (shape[shape.length - 1] as number) + (back[back.length - 1] as number)];
  }

  override get weights(): Variable[] {
    return [...this.forwardLayer.weights, ...this.backwardLayer.weights];
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? [...this.forwardLayer.trainableWeights, ...this.backwardLayer.trainableWeights] : [];
  }

  override get nonTrainableWeights(): Variable[] {
    return this.weights.filter((w) => !this.trainableWeights.includes(w));
  }

  override get trainable(): boolean {
    return super.trainable;
  }

  override set trainable(value: boolean) {
    super.trainable = value;
    this.forwardLayer.trainable = value;
    this.backwardLayer.trainable = value;
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...this.forwardLayer.losses, ...this.backwardLayer.losses];
  }

  override clearLosses(): void {
    super.clearLosses();
    this.forwardLayer?.clearLosses();
    this.backwardLayer?.clearLosses();
  }

  override getRandomState(): [number, number][] {
    return [...this.forwardLayer.getRandomState(), ...this.backwardLayer.getRandomState()];
  }

  override setRandomState(states: readonly (readonly [number, number])[]): void {
    const n = this.forwardLayer.getRandomState().length;
    if (states.length !== n + this.backwardLayer.getRandomState().length) {
      throw new ValueError(
        `Layer "${this.name}" has ${n + this.backwardLayer.getRandomState().length} random streams. Received: ${states.length} states`,
      );
    }
    this.forwardLayer.setRandomState(states.slice(0, n));
    this.backwardLayer.setRandomState(states.slice(n));
  }

  override dispose(): void {
    super.dispose();
    this.forwardLayer.dispose();
    this.backwardLayer.dispose();
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      mergeMode: this.mergeMode,
      layer: serialize(this.forwardLayer),
      backwardLayer: serialize(this.backwardLayer),
    };
  }
}
