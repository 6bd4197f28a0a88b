import { ClassRegistry, type ConfigDict, type SerializedObject } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { OrthogonalRegularizer } from './orthogonal.js';
import { L1, L1L2, L2, Regularizer } from './regularizer.js';

/** What a layer accepts as a regularizer: an instance, a Keras string, a function, or a serialized one. */
export type RegularizerIdentifier =
  | Regularizer
  | 'l1'
  | 'l2'
  | 'l1l2'
  | 'l1_l2'
  | ((x: Tensor) => Tensor)
  | SerializedObject;

/**
 * Regularizer class name → factory from a config: what model files and `getRegularizer({ className, config })`
 * look classes up in, and nowhere else. Register a custom Regularizer subclass here (under its `className`) so
 * that a model using it can be saved and loaded; its `getConfig()` must return what the factory takes.
 * @example
 * ```ts
 * regularizers.regularizerRegistry.register('ScaledL1', (config) => new ScaledL1(config as { scale?: number }));
 * ```
 */
export const regularizerRegistry = new ClassRegistry<Regularizer>('regularizer');
regularizerRegistry.register('L1', (c) => new L1(c as { l1?: number }));
regularizerRegistry.register('L2', (c) => new L2(c as { l2?: number }));
regularizerRegistry.register('L1L2', (c) => new L1L2(c as { l1?: number; l2?: number }));
regularizerRegistry.register(
  'OrthogonalRegularizer',
  (c) => new OrthogonalRegularizer(c as ConstructorParameters<typeof OrthogonalRegularizer>[0]),
);

/** Wraps a user function as a regularizer; it must return a scalar tensor. Not serializable by design. */
class FunctionRegularizer extends Regularizer {
  readonly className: string;

  constructor(private readonly fn: (x: Tensor) => Tensor) {
    super();
    this.className = fn.name || 'custom';
  }

  apply(x: Tensor): Tensor {
    const penalty = this.fn(x);
    if (!(penalty instanceof Tensor) || penalty.rank !== 0) {
      throw new ValueError(
        `A custom regularizer must return a scalar tensor. Received: ${penalty instanceof Tensor ? `shape [${penalty.shape.join(',')}]` : describe(penalty)}`,
      );
    }
    return penalty;
  }

  getConfig(): ConfigDict {
    return {};
  }
}

/**
 * Resolves a regularizer identifier. Strings follow Keras: 'l1', 'l2', 'l1l2' / 'l1_l2', each with coefficient 0.01.
 * @throws {ValueError} for an unknown string or class name.
 */
export function getRegularizer(identifier: RegularizerIdentifier | null | undefined): Regularizer | undefined {
  if (identifier === null || identifier === undefined) return undefined;
  if (identifier instanceof Regularizer) return identifier;
  if (typeof identifier === 'function') return new FunctionRegularizer(identifier);
  if (typeof identifier === 'string') {
    switch (identifier) {
      case 'l1':
        return new L1(0.01);
      case 'l2':
        return new L2(0.01);
      case 'l1l2':
      case 'l1_l2':
        return new L1L2({ l1: 0.01, l2: 0.01 });
      default:
        throw new ValueError(
          `Unknown regularizer. Expected one of 'l1', 'l2', 'l1l2', 'l1_l2', a Regularizer or a function. Received: ${describe(identifier)}`,
        );
    }
  }
  if (typeof identifier === 'object' && 'className' in identifier) return regularizerRegistry.deserialize(identifier);
  throw new ValueError(`Unknown regularizer. Received: ${describe(identifier)}`);
}
