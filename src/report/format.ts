/**
 * Text for the report: numbers in the few forms people read at a glance, and HTML escaping. Every
 * string that comes from a result (names, descriptions, a CSV path) goes through {@link escapeHtml}.
 */

/**
 * A number to three significant digits, without trailing zeros: 0.0123 → '0.0123', 1.934 → '1.93',
 * 0.3 → '0.3', 1234.5 → '1235'. Non-finite values print as 'NaN', '∞' or '−∞' (a diverged run).
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  if (Math.abs(x) >= 1000) return String(Math.round(x));
  // NOTE: toPrecision switches to exponent form below 1e-6; such values read better that way anyway.
  return trimZeros(x.toPrecision(3)).replace('-', '−');
}

/** A number with a fixed count of decimals, for table columns that line up: 0.01234 → '0.012' (3). */
export function formatFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return formatNumber(x);
  const s = x.toFixed(decimals);
  // −0.000 would suggest a sign the value does not have.
  return (Number(s) === 0 ? (0).toFixed(decimals) : s).replace('-', '−');
}

/** A fraction as a percentage: 0.62 → '62%', 0.004 → '0.4%', 0.00004 → '0.004%', 0 → '0%'. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return formatNumber(fraction);
  const p = fraction * 100;
  if (p === 0) return '0%';
  if (Math.abs(p) >= 10) return `${Math.round(p)}%`;
  return `${trimZeros(p.toPrecision(Math.abs(p) >= 1 ? 2 : 1))}%`;
}

/** An accuracy as a percentage with one decimal, as tables print it: 0.8432 → '84.3%'. */
export function formatAccuracy(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : formatNumber(fraction);
}

/**
 * A regularization coefficient as people write it: 1e-5 → '1e-5', 3.16e-4 → '3.16e-4', 0.05 → '0.05',
 * 0 → '0'. With `exponent`, every non-zero value takes the exponent form (0.1 → '1e-1'), so that a
 * column of coefficients reads alike.
 */
export function formatCoefficient(c: number, exponent = false): string {
  if (!Number.isFinite(c) || c === 0) return formatNumber(c);
  if (exponent || Math.abs(c) < 0.01 || Math.abs(c) >= 1e4) {
    const [mantissa = '', power = ''] = c.toExponential(2).split('e');
    return `${trimZeros(mantissa)}e${power.replace('+', '')}`;
  }
  return trimZeros(c.toPrecision(3));
}

/**
 * One formatter for a set of coefficients: the exponent form for all of them when any one needs it
 * (a sweep over 1e-5 … 0.1 prints 0.1 as '1e-1'), the plain form otherwise.
 */
export function coefficientFormatter(values: readonly number[]): (c: number) => string {
  const exponent = values.some((v) => v !== 0 && Number.isFinite(v) && (Math.abs(v) < 0.01 || Math.abs(v) >= 1e4));
  return (c) => formatCoefficient(c, exponent);
}

/** Seconds as people say them: 0.42 → '0.42 s', 73 → '1 min 13 s'. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 60) return `${formatNumber(s)} s`;
  const minutes = Math.floor(s / 60);
  return `${minutes} min ${Math.round(s - 60 * minutes)} s`;
}

function trimZeros(s: string): string {
  if (!s.includes('.') || s.includes('e')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values: `&`, `<`, `>`, `"`, `'`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
