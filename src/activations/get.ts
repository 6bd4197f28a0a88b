import type { FusedActivation } from '../backends/kernel-names.js';
import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { isFusedActivation } from '../ops/fused.js';
import {
  elu,
  exponential,
  gelu,
  hardSigmoid,
  leakyRelu,
  linear,
  logSoftmax,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  softsign,
  swish,
  tanh,
} from './activations.js';

// Each entry calls its function with x alone, so Keras's defaults apply (softmax's axis −1, leakyRelu's slope 0.2,
// exact gelu) and a caller cannot pass a second argument through by accident.
const FUNCTIONS = {
  relu: (x: Tensor) => relu(x),
  sigmoid: (x: Tensor) => sigmoid(x),
  tanh: (x: Tensor) => tanh(x),
  softmax: (x: Tensor) => softmax(x),
  linear,
  elu: (x: Tensor) => elu(x),
  selu: (x: Tensor) => selu(x),
  gelu: (x: Tensor) => gelu(x),
  leakyRelu: (x: Tensor) => leakyRelu(x),
  softplus: (x: Tensor) => softplus(x),
  softsign: (x: Tensor) => softsign(x),
  silu: (x: Tensor) => silu(x),
  swish: (x: Tensor) => swish(x),
  relu6: (x: Tensor) => relu6(x),
  hardSigmoid: (x: Tensor) => hardSigmoid(x),
  exponential,
  logSoftmax: (x: Tensor) => logSoftmax(x),
  mish: (x: Tensor) => mish(x),
} as const satisfies Record<string, (x: Tensor) => Tensor>;

/** Keras's snake_case spellings → our camelCase names. */
const SNAKE_CASE = {
  leaky_relu: 'leakyRelu',
  hard_sigmoid: 'hardSigmoid',
  log_softmax: 'logSoftmax',
} as const satisfies Record<string, keyof typeof FUNCTIONS>;

/** The camelCase activation names. */
export type ActivationName = keyof typeof FUNCTIONS;

/** Every activation string: the camelCase names plus Keras's snake_case spellings ('leaky_relu', …). */
export type ActivationIdentifier = ActivationName | keyof typeof SNAKE_CASE;

/** The camelCase names, in a stable order: for error messages, docs and other modules' option lists. */
export const ACTIVATION_NAMES: readonly ActivationName[] = Object.keys(FUNCTIONS) as ActivationName[];

/** Every accepted string, camelCase names first. */
export const ACTIVATION_IDENTIFIERS: readonly ActivationIdentifier[] = [
  ...ACTIVATION_NAMES,
  ...(Object.keys(SNAKE_CASE) as (keyof typeof SNAKE_CASE)[]),
];

/** A resolved activation: its name (what `getConfig` stores) and the function. */
export interface Activation {
  readonly name: string;
  readonly apply: (x: Tensor) => Tensor;
}

/**
 * Resolves an activation option: a name gives `{ name, apply }` with the camelCase name ('leaky_relu' →
 * 'leakyRelu'); `undefined`/`null` give linear; a function keeps its own name ('anonymous' when it has none);
 * an already resolved Activation is returned as is.
 * @throws {ValueError} for an unknown name, or an identifier of another type.
 * @example `getActivation('relu').apply(tensor([-1, 2]))` // [0, 2]
 */
export function getActivation(
  identifier?: ActivationIdentifier | ((x: Tensor) => Tensor) | Activation | null,
): Activation {
  if (identifier === undefined || identifier === null) return { name: 'linear', apply: linear };
  if (typeof identifier === 'function') return { name: identifier.name || 'anonymous', apply: identifier };
  if (typeof identifier === 'string') {
    const name = Object.hasOwn(SNAKE_CASE, identifier) ? SNAKE_CASE[identifier as keyof typeof SNAKE_CASE] : identifier;
    if (Object.hasOwn(FUNCTIONS, name)) return { name, apply: FUNCTIONS[name as ActivationName] };
    throw new ValueError(
      `Unknown activation. Expected one of ${ACTIVATION_IDENTIFIERS.join(', ')}. Received: ${describe(identifier)}`,
    );
  }
  if (typeof identifier === 'object' && typeof identifier.name === 'string' && typeof identifier.apply === 'function') {
    return identifier;
  }
  throw new ValueError(
    'Could not interpret activation identifier. Expected a name, a function or null. ' +
      `Received: ${describe(identifier)}`,
  );
}

/**
 * The activation's name when it is the built-in function a fused kernel applies in its epilogue ('linear', 'relu',
 * 'sigmoid', 'tanh'); undefined for any other, including a user function that merely shares a name.
 */
export function fusedActivationOf(activation: Activation): FusedActivation | undefined {
  const { name, apply } = activation;
  return isFusedActivation(name) && FUNCTIONS[name] === apply ? name : undefined;
}
