const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The error function to double precision.
 *
 * |x| < 3: erf(x) = 2/√π · e^{−x²} · Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)); every term is
 * positive, so the sum has no cancellation. |x| ≥ 3: erfc from its continued
 * fraction (modified Lentz), which converges fast there.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 3) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  if (ax > 6) return Math.sign(x);
  const c = erfcContinuedFraction(ax);
  return x > 0 ? 1 - c : c - 1;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), to double precision also where it is tiny
 * (erfc(8) ≈ 1.1e−29, where 1 − erf(8) is 0).
 *
 * x < 1.5: 1 − erf(x), which loses nothing there (erfc(1.5) ≈ 0.034). x ≥ 1.5: the continued fraction,
 * which converges in under 100 terms from there on.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x < 1.5) return 1 - erf(x);
  // e^{−x²} underflows beyond here (erfc(27) ≈ 5e−319).
  if (x > 27.3) return 0;
  return erfcContinuedFraction(x);
}

// erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) for x > 0.
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 300; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}
