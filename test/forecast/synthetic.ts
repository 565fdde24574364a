/** Seeded random series for the coverage tests (mulberry32 and Box–Muller: the same numbers on every run). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(uniform: () => number): number {
  let u = 0;
  while (u === 0) u = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}

/** a + b·t + σ·ε, t = 0 … length − 1. */
export function linearSeries(seed: number, length: number, { a = 1000, b = 50, sigma = 40 } = {}): number[] {
  const r = random(seed);
  return Array.from({ length }, (_, t) => a + b * t + sigma * normal(r));
}

/**
 * ETS(A,Ad,N) (φ = 1: ETS(A,A,N)), the model of Holt's method: y = ℓ + φb + ε,
 * ℓ ← ℓ + φb + αε, b ← φb + αβ*ε.
 */
export function etsSeries(seed: number, length: number, { level = 100, trend = 2, alpha = 0.5, beta = 0.3, phi = 1, sigma = 10 } = {}): number[] {
  const r = random(seed);
  const y: number[] = [];
  let l = level;
  let b = trend;
  for (let t = 0; t < length; t++) {
    const e = sigma * normal(r);
    y.push(l + phi * b + e);
    l = l + phi * b + alpha * e;
    b = phi * b + alpha * beta * e;
  }
  return y;
}

/** ½·t₅(−100, 1) + ½·t₅(100, 1): two components far apart (each tail carried by its own). */
export const FAR_APART_MIXTURE = Object.freeze({
  mean: 0,
  scale: 100,
  df: 5,
  components: [
    { weight: 0.5, mean: -100, scale: 1 },
    { weight: 0.5, mean: 100, scale: 1 },
  ],
});
