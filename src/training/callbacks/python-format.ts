import { describe, ValueError } from '../../core/errors.js';

/**
 * Python's `str.format` for named number fields, so a Keras checkpoint path such as
 * `'ckpt-{epoch:02d}-{val_loss:.2f}.keras'` names the same file in Dendrite as in Keras.
 *
 * Supported: `{name}`, `{name:spec}`, `{name!r}` / `{name!s}`, `{{` and `}}`; the spec is Python's
 * `[[fill]align][sign][z][#][0][width][,|_][.precision][type]` with the types `d b o x X` (integers),
 * `e E f F g G %` and none (numbers). Rounding is Python's: the exact binary value rounded half to even,
 * so `{x:.2f}` of 0.625 is `0.62` where JavaScript's `toFixed(2)` gives `0.63`.
 *
 * @param values the fields by name; those listed in `integerKeys` format as Python ints (`{epoch}` → `5`),
 *   the others as Python floats (`{loss}` → `1.0`, Python's `repr`).
 * @throws {ValueError} naming the field and the available keys for a field not in `values`; for a spec
 *   Python would reject (`{loss:d}` on a non-integer, an unknown type); for positional or nested fields.
 * @example `pythonFormat('w-{epoch:03d}-{loss:.3e}', { epoch: 7, loss: 0.0123 }, ['epoch'])` // 'w-007-1.230e-02'
 */
export function pythonFormat(
  template: string,
  values: Readonly<Record<string, number>>,
  integerKeys: readonly string[] = [],
): string {
  const fail = (why: string) => new ValueError(`Failed to format ${JSON.stringify(template)}: ${why}`);
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i] as string;
    if (c === '}') {
      if (template[i + 1] !== '}') throw fail(`single '}' at position ${i} (write '}}' for a literal brace)`);
      out += '}';
      i += 2;
      continue;
    }
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    const close = template.indexOf('}', i);
    if (close < 0) throw fail(`unmatched '{' at position ${i}`);
    const field = template.slice(i + 1, close);
    if (field.includes('{')) throw fail(`nested fields such as ${JSON.stringify(field)} are not supported`);
    out += formatField(field, values, integerKeys, fail);
    i = close + 1;
  }
  return out;
}

function formatField(
  field: string,
  values: Readonly<Record<string, number>>,
  integerKeys: readonly string[],
  fail: (why: string) => ValueError,
): string {
  const m = /^([^!:]*)(?:!([^:]*))?(?::(.*))?$/s.exec(field) as RegExpExecArray;
  const name = m[1] as string;
  const conversion = m[2];
  const spec = m[3] ?? '';
  if (name === '' || /^\d+$/.test(name)) throw fail(`positional field {${field}}: name a log key, e.g. {epoch}`);
  if (/[.[]/.test(name)) throw fail(`attribute or index access in {${field}} is not supported`);
  const value = Object.hasOwn(values, name) ? values[name] : undefined;
  if (typeof value !== 'number') {
    throw fail(`no value named ${JSON.stringify(name)}. Available keys: ${Object.keys(values).join(', ')}`);
  }
  const isInt = integerKeys.includes(name);
  if (conversion !== undefined) {
    if (!['r', 's', 'a'].includes(conversion)) throw fail(`unknown conversion !${conversion} in {${field}}`);
    return formatString(isInt ? String(value) : pythonRepr(value), spec, fail);
  }
  return formatNumber(value, isInt, spec, fail);
}

interface Spec {
  fill: string;
  align: string | undefined;
  sign: string;
  z: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | undefined;
  type: string;
}

function parseSpec(spec: string, fail: (why: string) => ValueError): Spec {
  const m = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/.exec(spec);
  if (!m) throw fail(`invalid format spec ${JSON.stringify(spec)}`);
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[6] ? '=' : undefined),
    sign: m[3] ?? '-',
    z: m[4] !== undefined,
    alt: m[5] !== undefined,
    zero: m[6] !== undefined,
    width: m[7] === undefined ? 0 : Number(m[7]),
    grouping: m[8] ?? '',
    precision: m[9] === undefined ? undefined : Number(m[9]),
    type: m[10] ?? '',
  };
}

function formatString(text: string, spec: string, fail: (why: string) => ValueError): string {
  const s = parseSpec(spec, fail);
  if ((s.type !== '' && s.type !== 's') || s.sign !== '-' || s.alt || s.grouping || s.align === '=') {
    throw fail(`format spec ${JSON.stringify(spec)} does not apply to a string`);
  }
  return pad('', s.precision === undefined ? text : text.slice(0, s.precision), s, '<');
}

function formatNumber(x: number, isInt: boolean, spec: string, fail: (why: string) => ValueError): string {
  const s = parseSpec(spec, fail);
  const negative = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let prefix = '';
  let body: string;
  if (s.type !== '' && 'dboxX'.includes(s.type)) {
    if (!Number.isInteger(x)) throw fail(`format code '${s.type}' needs an integer. Received: ${describe(x)}`);
    if (s.precision !== undefined) throw fail('precision is not allowed in an integer format');
    const radix = { d: 10, b: 2, o: 8, x: 16, X: 16 }[s.type] as number;
    body = BigInt(ax).toString(radix);
    if (s.type === 'X') body = body.toUpperCase();
    if (s.alt && s.type !== 'd') prefix = `0${s.type}`;
    body = group(body, s.grouping);
  } else if (s.type === '' && isInt) {
    if (s.precision !== undefined) throw fail('precision is not allowed in an integer format');
    body = group(BigInt(ax).toString(), s.grouping);
  } else if (s.type !== '' && 'eEfFgG%'.includes(s.type)) {
    body = formatFloat(ax, s, s.type);
  } else if (s.type === '') {
    body = s.precision === undefined ? group1(pythonRepr(ax), s.grouping) : formatFloat(ax, s, '');
  } else {
    throw fail(`unknown format code '${s.type}' for a number`);
  }
  // Python's `z` turns a negative zero (after rounding) into a positive one.
  const zeroAfterRounding = Number.isFinite(x) && !/[1-9]/.test(body);
  const minus = negative && !Number.isNaN(x) && !(isInt && x === 0) && !(s.z && zeroAfterRounding);
  const sign = minus ? '-' : s.sign === '-' ? '' : s.sign;
  return pad(sign + prefix, body, s, '>');
}

function pad(head: string, body: string, s: Spec, defaultAlign: string): string {
  const missing = s.width - head.length - body.length;
  if (missing <= 0) return head + body;
  const fill = (n: number) => s.fill.repeat(n);
  switch (s.align ?? defaultAlign) {
    case '<':
      return head + body + fill(missing);
    case '^':
      return fill(Math.floor(missing / 2)) + head + body + fill(Math.ceil(missing / 2));
    case '=':
      return head + fill(missing) + body;
    default:
      return fill(missing) + head + body;
  }
}

/** Inserts the thousands separator into the integer digits at the start of `digits`. */
function group1(text: string, sep: string): string {
  if (!sep) return text;
  const m = /^(\d+)(.*)$/s.exec(text);
  return m ? group(m[1] as string, sep) + (m[2] as string) : text;
}

function group(intDigits: string, sep: string): string {
  if (!sep) return intDigits;
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function formatFloat(ax: number, s: Spec, type: string): string {
  const upper = type === 'E' || type === 'F' || type === 'G';
  if (!Number.isFinite(ax)) {
    const word = Number.isNaN(ax) ? 'nan' : 'inf';
    return (upper ? word.toUpperCase() : word) + (type === '%' ? '%' : '');
  }
  let body: string;
  switch (type) {
    case 'f':
    case 'F':
      body = group1(toFixed(ax, s.precision ?? 6, s.alt), s.grouping);
      break;
    case '%':
      // As in Python, the percentage is taken in floating point, so the largest doubles overflow to inf.
      body = `${ax * 100 === Infinity ? 'inf' : group1(toFixed(ax * 100, s.precision ?? 6, s.alt), s.grouping)}%`;
      break;
    case 'e':
    case 'E':
      body = toExponent(ax, s.precision ?? 6, s.alt);
      break;
    default:
      body = toGeneral(ax, s.precision ?? 6, s.alt, type === '', s.grouping);
  }
  return upper ? body.toUpperCase() : body;
}

/** `x = digits / 10^scale` exactly (x ≥ 0, finite): every double is a finite decimal. */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  if (x === 0) return { digits: 0n, scale: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biased !== 0) mantissa |= 1n << 52n;
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 };
  // m / 2^k = m · 5^k / 10^k
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** `round(n / d)`, ties to even (Python's rounding of the exact value). */
function divideRounded(n: bigint, d: bigint): bigint {
  const q = n / d;
  const twice = (n % d) * 2n;
  return twice > d || (twice === d && q % 2n === 1n) ? q + 1n : q;
}

function shiftDecimal(n: bigint, by: number): bigint {
  return by >= 0 ? n * 10n ** BigInt(by) : divideRounded(n, 10n ** BigInt(-by));
}

function toFixed(ax: number, precision: number, alt: boolean): string {
  const { digits, scale } = exactDecimal(ax);
  const text = shiftDecimal(digits, precision - scale)
    .toString()
    .padStart(precision + 1, '0');
  const cut = text.length - precision;
  return precision > 0 ? `${text.slice(0, cut)}.${text.slice(cut)}` : text + (alt ? '.' : '');
}

/** `precision + 1` significant digits and the decimal exponent of the first, after rounding. */
function significant(ax: number, precision: number): { text: string; exp: number } {
  if (ax === 0) return { text: '0'.repeat(precision + 1), exp: 0 };
  const { digits, scale } = exactDecimal(ax);
  const length = digits.toString().length;
  let exp = length - 1 - scale;
  let n = shiftDecimal(digits, precision - (length - 1));
  let text = n.toString();
  if (text.length > precision + 1) {
    // 9.995 → 10.00: rounding carried into a new digit.
    n /= 10n;
    text = n.toString();
    exp++;
  }
  return { text, exp };
}

function exponentSuffix(exp: number): string {
  return `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function toExponent(ax: number, precision: number, alt: boolean): string {
  const { text, exp } = significant(ax, precision);
  const mantissa = precision > 0 || alt ? `${text[0]}.${text.slice(1)}` : text;
  return mantissa + exponentSuffix(exp);
}

/** Python's `g`, or the presentation with no type and a precision (`repr`-like: keeps a `.0`). */
function toGeneral(ax: number, precision: number, alt: boolean, noType: boolean, grouping: string): string {
  const p = precision === 0 ? 1 : precision;
  const { exp } = significant(ax, p - 1);
  const strip = (t: string) => (alt ? t : t.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
  if (exp >= -4 && exp < (noType ? p - 1 : p)) {
    let fixed = strip(toFixed(ax, p - 1 - exp, alt));
    if (noType && !fixed.includes('.')) fixed += '.0';
    return group1(fixed, grouping);
  }
  const { text } = significant(ax, p - 1);
  const mantissa = strip(p > 1 || alt ? `${text[0]}.${text.slice(1)}` : text);
  return mantissa + exponentSuffix(exp);
}

/**
 * Python's `repr(float)`: the shortest digits that round-trip, fixed between 1e-4 and 1e16, else
 * scientific with a two-digit exponent; a whole number keeps `.0`.
 * @example `pythonRepr(1)` // '1.0'; `pythonRepr(1e-5)` // '1e-05'; `pythonRepr(NaN)` // 'nan'
 */
export function pythonRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0.0`;
  // toExponential() with no argument gives the shortest round-tripping digits, as repr does.
  const [mantissa, e] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return sign + mantissa + exponentSuffix(exp);
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  return `${sign}${whole}.${digits.slice(exp + 1) || '0'}`;
}
