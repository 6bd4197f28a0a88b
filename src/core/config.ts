import { describe, ValueError } from './errors.js';

/** A JSON value: what a configuration may hold. */
export type ConfigValue = null | boolean | number | string | readonly ConfigValue[] | ConfigDict;

export interface ConfigDict {
  readonly [key: string]: ConfigValue | undefined;
}

/** A configurable object as stored in a model file: its registered class name and its `getConfig()`. */
export interface SerializedObject extends ConfigDict {
  readonly className: string;
  readonly config: ConfigDict;
}

/**
 * An object that can describe itself: `getConfig()` returns exactly the options its
 * constructor takes, so `new Class(obj.getConfig())` rebuilds it (Keras's `get_config`/`from_config`).
 */
export interface Serializable {
  /** The registered class name (Keras's `class_name`), e.g. `'Dense'`, `'L1L2'`. */
  readonly className: string;
  getConfig(): ConfigDict;
}

export function serialize(obj: Serializable): SerializedObject {
  return { className: obj.className, config: obj.getConfig() };
}

/**
 * Class name → factory, one registry per kind (layers, regularizers, …). Loading a
 * model only ever looks names up here: nothing from a file is executed.
 */
export class ClassRegistry<T> {
  private readonly factories = new Map<string, (config: ConfigDict) => T>();

  constructor(readonly kind: string) {}

  /**
   * Adds a class that model files and configs can name. A name already taken (a built-in `'L2'`, or a custom
   * class registered twice) is an error, since the other class would silently stop loading; pass
   * `{ replace: true }` to replace it on purpose.
   * @throws {ValueError} for a name already registered.
   * @example `regularizers.regularizerRegistry.register('ScaledL1', (config) => new ScaledL1(config))`
   */
  register(
    className: string,
    factory: (config: ConfigDict) => T,
    { replace = false }: { replace?: boolean } = {},
  ): void {
    if (typeof className !== 'string' || className === '') {
      throw new ValueError(
        `${this.kind} registry: the class name must be a non-empty string. Received: ${describe(className)}`,
      );
    }
    if (typeof factory !== 'function') {
      throw new ValueError(
        `${this.kind} registry: the factory for ${className} must be a function. Received: ${describe(factory)}`,
      );
    }
    if (this.factories.has(className) && !replace) {
      throw new ValueError(
        `${this.kind} class ${describe(className)} is already registered; pass { replace: true } to replace it`,
      );
    }
    this.factories.set(className, factory);
  }

  has(className: string): boolean {
    return this.factories.has(className);
  }

  names(): string[] {
    return [...this.factories.keys()];
  }

  /** Rebuilds an object from `{ className, config }`. @throws {ValueError} for an unknown class name. */
  deserialize(obj: SerializedObject): T {
    const factory = this.factories.get(obj?.className);
    if (!factory) {
      throw new ValueError(
        `Unknown ${this.kind} class. Expected one of ${this.names().join(', ')}. Received: ${describe(obj?.className)}`,
      );
    }
    return factory(obj.config ?? {});
  }
}

/** Converts Keras's snake_case identifiers ('categorical_crossentropy') to our camelCase ('categoricalCrossentropy'). */
export function toCamelCase(identifier: string): string {
  return identifier.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Builds an instance of `cls` from its `getConfig()` output. Every configurable Dendrite class takes
 * its config as its constructor options, which is what makes this one line (Keras's `from_config`).
 */
export function fromConfigOf<T>(cls: { prototype: T }, config: ConfigDict): T {
  return new (cls as unknown as new (config: ConfigDict) => T)(config);
}
