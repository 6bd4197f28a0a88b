/**
 * Vega and Vega-Lite, loaded when a report is drawn: they are optional dependencies of the package (a library user
 * who only trains models never installs them), so nothing imports them at the top of a module.
 */

import { MissingDependencyError } from '../core/errors.js';

/** The two modules a report is drawn with. */
export interface VegaModules {
  readonly vega: typeof import('vega');
  readonly vegaLite: typeof import('vega-lite');
}

/** The optional packages the report needs, in the order `npm install` is told them. */
export const VEGA_PACKAGES = ['vega', 'vega-lite'] as const;

let loaded: Promise<VegaModules> | undefined;

/**
 * `error` as a {@link MissingDependencyError} when it says that vega or vega-lite itself is not installed
 * (Node's `ERR_MODULE_NOT_FOUND` for the package); anything else (a broken install inside vega) unchanged.
 * @example `missingVega(e, 'dendrite compare draws its report')`
 */
export function missingVega(error: unknown, purpose: string): unknown {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const missing =
    code === 'ERR_MODULE_NOT_FOUND' &&
    typeof message === 'string' &&
    /Cannot find package '(vega|vega-lite)'/.test(message);
  return missing ? new MissingDependencyError(purpose, VEGA_PACKAGES) : error;
}

/**
 * Imports vega and vega-lite (once per process).
 * @param purpose what needs them, for the error: `'dendrite compare draws its report'`.
 * @throws {MissingDependencyError} when either is not installed, with the command that installs them.
 */
export function loadVega(purpose = 'the report draws its charts'): Promise<VegaModules> {
  loaded ??= Promise.all([import('vega'), import('vega-lite')]).then(
    ([vega, vegaLite]) => ({ vega, vegaLite }),
    (e: unknown) => {
      loaded = undefined; // installed meanwhile: the next call tries again
      throw missingVega(e, purpose);
    },
  );
  return loaded;
}
