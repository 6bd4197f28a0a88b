import type { Variable } from './tensor.js';

/**
 * Every live variable, weakly held: `variableGrads()` without a list differentiates
 * with respect to all trainable ones, and a forgotten variable can still be collected.
 */
class VariableRegistry {
  private readonly refs = new Set<WeakRef<Variable>>();

  add(v: Variable): void {
    this.refs.add(new WeakRef(v));
  }

  trainable(): Variable[] {
    const out: Variable[] = [];
    for (const ref of this.refs) {
      const v = ref.deref();
      if (!v || v.isDisposed) this.refs.delete(ref);
      else if (v.trainable) out.push(v);
    }
    return out;
  }
}

export const variableRegistry = new VariableRegistry();
