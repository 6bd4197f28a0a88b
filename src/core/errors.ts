/**
 * Typed errors. Every message says what went wrong, what was expected and what
 * was received, so a user can fix the call without reading our source.
 */

/** Containers shown this deep inside the value; deeper ones print as `[…]` or `{…}`. */
const DESCRIBE_DEPTH = 3;
/** Items of an array (or keys of an object) shown before the rest is summarised. */
const DESCRIBE_ITEMS = 8;
/** Characters of the whole description (and of any one string inside it). */
const DESCRIBE_LENGTH = 200;

/**
 * Formats a value for an error message: short, unambiguous, never throws. Whatever the value (a hostile JSON
 * array nested 10⁵ deep, a cycle, a million-element array, a Proxy), the work is bounded: containers are shown
 * three levels deep, eight items each, and the result is cut at 200 characters. The walk is recursive only to that
 * fixed depth, so it cannot exhaust the stack.
 * @example `describe([1, [2, [3, [4]]]])` // '[1,[2,[3,[…]]]]'
 */
export function describe(value: unknown): string {
  let text: string;
  try {
    text = render(value, 0, []);
  } catch {
    // A Proxy trap or a throwing toString: say what kind of thing it was rather than fail the error being built.
    text = typeof value === 'object' && value !== null ? 'object' : typeof value;
  }
  return text.length > DESCRIBE_LENGTH ? `${text.slice(0, DESCRIBE_LENGTH - 1)}…` : text;
}

/** One value, `depth` containers deep; `ancestors` are the containers it sits in (a repeat is a cycle). */
function render(value: unknown, depth: number, ancestors: object[]): string {
  if (typeof value === 'string') {
    return value.length > DESCRIBE_LENGTH
      ? `${JSON.stringify(value.slice(0, DESCRIBE_LENGTH))}…`
      : JSON.stringify(value);
  }
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (value === null || typeof value !== 'object') return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (ancestors.includes(value)) return '[Circular]';
  if (Array.isArray(value)) {
    if (depth >= DESCRIBE_DEPTH) return value.length === 0 ? '[]' : '[…]';
    const inner = [...ancestors, value];
    const items: string[] = [];
    for (let i = 0; i < Math.min(value.length, DESCRIBE_ITEMS); i++) items.push(render(value[i], depth + 1, inner));
    if (value.length > DESCRIBE_ITEMS) items.push(`… ${value.length - DESCRIBE_ITEMS} more`);
    return `[${items.join(',')}]`;
  }
  const proto = Object.getPrototypeOf(value);
  const name = proto === null ? undefined : (value as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name === 'string' && name !== '' && name !== 'Object') return name;
  if (depth >= DESCRIBE_DEPTH) return '{…}';
  const inner = [...ancestors, value];
  const keys = Object.keys(value);
  const items: string[] = [];
  for (const key of keys.slice(0, DESCRIBE_ITEMS)) {
    // A getter is not run: describing a value must not change it.
    const d = Object.getOwnPropertyDescriptor(value, key);
    items.push(`${JSON.stringify(key)}:${d && 'value' in d ? render(d.value, depth + 1, inner) : '[getter]'}`);
  }
  if (keys.length > DESCRIBE_ITEMS) items.push(`… ${keys.length - DESCRIBE_ITEMS} more`);
  return `{${items.join(',')}}`;
}

/** Base class of every error Dendrite throws on purpose. */
export class DendriteError extends Error {
  /** The error's name, kept through minification (a bundler renames the classes); a subclass without one uses its JS name. */
  static readonly errorName: string = 'DendriteError';

  constructor(message: string) {
    super(message);
    const own = Object.hasOwn(new.target, 'errorName') ? (new.target as typeof DendriteError).errorName : undefined;
    this.name = own ?? new.target.name;
  }
}

/**
 * An argument has the right type but an unacceptable value (a negative rate, an unknown name).
 *
 * @example
 * ```ts
 * try { dropout(x, 1.5) } catch (e) { if (e instanceof ValueError) console.log(e.message) }
 * ```
 */
export class ValueError extends DendriteError {
  static override readonly errorName: string = 'ValueError';
}

/**
 * An options object holds a key the callee does not take: a typo, or a Keras snake_case spelling passed from
 * JavaScript (`kernel_regularizer` for `kernelRegularizer`). Dendrite never ignores an option silently.
 *
 * @example
 * ```ts
 * try { new layers.Dense(2, { kernel_regularizer: regularizers.l2(0.01) } as never) }
 * catch (e) { if (e instanceof UnknownOptionError) console.log(e.option, e.suggestion) } // kernel_regularizer kernelRegularizer
 * ```
 */
export class UnknownOptionError extends ValueError {
  static override readonly errorName: string = 'UnknownOptionError';

  constructor(
    /** Who was given the option: `'Dense'`, `'fit'`, `'Adam'`. */
    readonly owner: string,
    /** The key as given. */
    readonly option: string,
    value: unknown,
    /** The keys the owner takes. */
    readonly expected: readonly string[],
    /** The key most likely meant, when one is close. */
    readonly suggestion: string | undefined,
  ) {
    super(
      `${owner}: unknown option \`${option}\`` +
        (suggestion ? `; did you mean \`${suggestion}\`?` : '.') +
        ` Expected one of ${expected.join(', ')}. Received: ${option}=${describe(value)}`,
    );
  }
}

/** Tensor shapes do not fit the operation (inner dimensions of a product, broadcasting, reshape sizes). */
export class ShapeError extends ValueError {
  static override readonly errorName: string = 'ShapeError';
}

/** A tensor's dtype does not fit the operation (a float op on a bool mask, mixing int32 and float32 in place). */
export class DTypeError extends ValueError {
  static override readonly errorName: string = 'DTypeError';
}

/** A tensor was used after `dispose()`, or a backend or kernel is missing. */
export class StateError extends DendriteError {
  static override readonly errorName: string = 'StateError';
}

/**
 * An optional dependency is not installed: the CLI's report draws with `vega` and `vega-lite`, the MNIST loader reads
 * the `mnist` package. A library user who only trains never needs them, so the package does not force them on one;
 * the message names what needs them and the command that installs them.
 * @example `new MissingDependencyError('dendrite compare draws its report', ['vega', 'vega-lite'])`
 * // dendrite compare draws its report with vega and vega-lite (optional dependencies of dendrite, not installed): …
 */
export class MissingDependencyError extends DendriteError {
  static override readonly errorName: string = 'MissingDependencyError';

  constructor(
    /** What needs the packages, as the start of a sentence: `'dendrite compare draws its report'`. */
    readonly purpose: string,
    /** The npm packages to install. */
    readonly packages: readonly string[],
  ) {
    super(
      `${purpose} with ${packages.join(' and ')} (${packages.length === 1 ? 'an optional dependency' : 'optional dependencies'} of dendrite, not installed): ` +
        `npm install ${packages.join(' ')}`,
    );
  }
}

/** A kernel is not implemented by the active backend. */
export class NotImplementedError extends DendriteError {
  static override readonly errorName: string = 'NotImplementedError';
}

/**
 * A tensor would be larger than the per-tensor limit (`setMaxTensorBytes`, 4 GiB by default): raised before any
 * memory is touched, naming the shape and the bytes. A ValueError, since the cause is a size given by the caller
 * (or a model file).
 *
 * @example
 * ```ts
 * try { ones([2 ** 28, 8]) } catch (e) { if (e instanceof ResourceExhaustedError) console.log(e.bytes, e.limit) }
 * ```
 */
export class ResourceExhaustedError extends ValueError {
  static override readonly errorName: string = 'ResourceExhaustedError';

  constructor(
    message: string,
    /** The bytes asked for. */
    readonly bytes: number,
    /** The limit they exceed. */
    readonly limit: number,
  ) {
    super(message);
  }
}
