import { invalidArgument } from '../core/validate.js';

/**
 * Argument checks shared by the optimizers and schedules. Each throws a ValueError in Keras's words:
 * ``Invalid value received for argument `rho` of RMSprop. Expected a number in [0, 1). Received: rho=1``.
 */

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A finite number ≥ 0 (a learning rate, an epsilon, a weight decay). */
export function checkNonNegative(owner: string, arg: string, value: unknown): number {
  if (!isNumber(value) || value < 0) throw invalidArgument(owner, arg, 'a non-negative finite number', value);
  return value;
}

/** A finite number > 0 (a clipping threshold, a number of decay steps). */
export function checkPositive(owner: string, arg: string, value: unknown): number {
  if (!isNumber(value) || value <= 0) throw invalidArgument(owner, arg, 'a positive finite number', value);
  return value;
}

/** A number in [0, 1], or in [0, 1) when `closed` is false (a beta of 1 would never forget, and 1 − β¹ = 0 divides). */
export function checkUnitInterval(owner: string, arg: string, value: unknown, closed: boolean): number {
  if (!isNumber(value) || value < 0 || (closed ? value > 1 : value >= 1)) {
    throw invalidArgument(owner, arg, `a number in [0, 1${closed ? ']' : ')'}`, value);
  }
  return value;
}

/** `true` or `false`; a truthy 1 or 'yes' is rejected rather than read as true. */
export function checkBoolean(owner: string, arg: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidArgument(owner, arg, 'a boolean', value);
  return value;
}

/** `null` (or `undefined`, read as null) means "off"; anything else must be a positive finite number. */
export function checkOptionalPositive(owner: string, arg: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (!isNumber(value) || value <= 0) throw invalidArgument(owner, arg, 'a positive finite number or null', value);
  return value;
}
