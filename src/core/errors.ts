/**
 * Typed errors. Every message says what went wrong, what was expected and what
 * was received, so a user can fix the call without reading our source.
 */

/** Formats a value for an error message: short, unambiguous, never throws. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value)) {
    const items = value.length > 8 ? [...value.slice(0, 8).map(describe), '…'] : value.map(describe);
    return `[${items.join(',')}]`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') {
    const name = value.constructor?.name;
    return name && name !== 'Object' ? name : (JSON.stringify(value)?.slice(0, 80) ?? 'object');
  }
  return String(value);
}

/** Base class of every error Dendrite throws on purpose. */
export class DendriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
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
export class ValueError extends DendriteError {}

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
export class ShapeError extends ValueError {}

/** A tensor's dtype does not fit the operation (a float op on a bool mask, mixing int32 and float32 in place). */
export class DTypeError extends ValueError {}

/** A tensor was used after `dispose()`, or a backend or kernel is missing. */
export class StateError extends DendriteError {}

/** A kernel is not implemented by the active backend. */
export class NotImplementedError extends DendriteError {}
