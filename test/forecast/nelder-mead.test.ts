/**
 * Nelder–Mead inside a box on functions whose minimum is known: a quadratic bowl,
 * Rosenbrock's valley (minimum 0 at (1, 1)), a minimum outside the box (on its edge), and
 * a function undefined on part of the box; then single steps followed by hand (the points
 * evaluated, in order), the stopping rules at their exact boundaries and the first simplex.
 */
import { describe, expect, test } from "vitest";
import { nelderMead } from "../../core/forecasting/nelder-mead.js";

const bowl = (x: readonly number[]) => (x[0] - 0.3) ** 2 + 2 * (x[1] + 0.2) ** 2;
const rosenbrock = (x: readonly number[]) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;

describe("Nelder–Mead in a box", () => {
  test("a quadratic bowl: its minimum (0.3, −0.2), value 0", () => {
    const m = nelderMead(bowl, [0.9, 0.9], { lower: [-1, -1], upper: [1, 1] });
    expect(m.x[0]).toBeCloseTo(0.3, 4);
    expect(m.x[1]).toBeCloseTo(-0.2, 4);
    expect(m.value).toBeLessThan(1e-9);
    expect(m.value).toBeCloseTo(bowl(m.x), 15);
  });

  test("Rosenbrock's valley from (−1.2, 1): (1, 1), well within the iteration limit", () => {
    const m = nelderMead(rosenbrock, [-1.2, 1], { lower: [-2, -2], upper: [2, 2] });
    expect(m.x[0]).toBeCloseTo(1, 3);
    expect(m.x[1]).toBeCloseTo(1, 3);
    expect(m.value).toBeLessThan(1e-7);
    expect(m.iterations).toBeLessThan(400);
  });

  test("a minimum outside the box is found on its edge; a start outside is moved in", () => {
    const m = nelderMead((x) => (x[0] - 3) ** 2, [0.5], { lower: [0], upper: [1] });
    expect(m.x[0]).toBeCloseTo(1, 8);
    expect(m.value).toBeCloseTo(4, 7);
    const outside = nelderMead((x) => (x[0] - 0.5) ** 2 + (x[1] - 0.5) ** 2, [5, -5], { lower: [0, 0], upper: [1, 1] });
    expect(outside.x[0]).toBeCloseTo(0.5, 4);
    expect(outside.x[1]).toBeCloseTo(0.5, 4);
    for (const v of outside.x) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  test("from the upper bound the first step goes inwards", () => {
    const m = nelderMead((x) => (x[0] - 0.7) ** 2 + (x[1] - 0.4) ** 2, [1, 1], { lower: [0, 0], upper: [1, 1], step: [0.2, 0.2] });
    expect(m.x[0]).toBeCloseTo(0.7, 6);
    expect(m.x[1]).toBeCloseTo(0.4, 6);
  });

  test("where the function is not finite it counts as worse than anywhere it is", () => {
    const f = (x: readonly number[]) => (x[0] < 0.5 ? (x[0] - 0.4) ** 2 + (x[1] - 0.6) ** 2 : Number.NaN);
    const m = nelderMead(f, [0.1, 0.1], { lower: [0, 0], upper: [1, 1] });
    expect(m.x[0]).toBeCloseTo(0.4, 4);
    expect(m.x[1]).toBeCloseTo(0.6, 4);
    expect(Number.isFinite(m.value)).toBe(true);
  });

  test("stops at the iteration limit, and at once on a flat function", () => {
    expect(nelderMead(rosenbrock, [-1.2, 1], { lower: [-2, -2], upper: [2, 2], maxIterations: 7 }).iterations).toBe(7);
    const flat = nelderMead(() => 5, [0.2, 0.2], { lower: [0, 0], upper: [1, 1] });
    expect(flat).toEqual({ x: [0.2, 0.2], value: 5, iterations: 0 });
  });

  test("a looser tolerance stops sooner, and still near the minimum", () => {
    const tight = nelderMead(bowl, [0.9, 0.9], { lower: [-1, -1], upper: [1, 1] });
    const loose = nelderMead(bowl, [0.9, 0.9], { lower: [-1, -1], upper: [1, 1], tolerance: 1e-3, xTolerance: 1e-3 });
    expect(loose.iterations).toBeLessThan(tight.iterations);
    expect(loose.x[0]).toBeCloseTo(0.3, 1);
    expect(loose.x[1]).toBeCloseTo(-0.2, 1);
    const byX = nelderMead(bowl, [0.9, 0.9], { lower: [-1, -1], upper: [1, 1], tolerance: 0, xTolerance: 1e-4 });
    expect(byX.iterations).toBeLessThan(tight.iterations);
    expect(byX.x[0]).toBeCloseTo(0.3, 3);
  });
});

/** `f` with every point it is asked for recorded, in order. */
function traced(f: (x: readonly number[]) => number) {
  const calls: number[][] = [];
  const recorded = (x: readonly number[]) => {
    calls.push([...x]);
    return f(x);
  };
  return { calls, f: recorded };
}
const square = (x: readonly number[]) => x[0] ** 2;
/** A double well: minima 0 at ±1, a local maximum 1 at 0 (where contractions fail). */
const doubleWell = (x: readonly number[]) => (x[0] ** 2 - 1) ** 2;

// Every point below is a dyadic fraction, so each step is exact in binary and the
// simplex can be followed by hand: reflection r = 2c − w, expansion 3c − 2w, outside
// contraction 1.5c − 0.5w, inside 0.5c + 0.5w, shrink b + 0.5(x − b).
describe("Nelder–Mead step by step, computed by hand", () => {
  test("a 2-D bowl: reflection, expansion, a reflection tying the best, an inside contraction, then a flat simplex stops", () => {
    // f = x² + 2y² from (1, 1), steps (1, 1): (1, 1) 3, (2, 1) 6, (1, 2) 9.
    // 1: c (1.5, 1), r (2, 0) 4: between the best and the second, accepted.
    // 2: c (1.5, 0.5), worst (2, 1): r (1, 0) 1 < 3, expansion (0.5, −0.5) 0.75 < 1, taken.
    // 3: c (0.75, 0.25), worst (2, 0): r (−0.5, 0.5) 0.75, equal to the best (no expansion), below the second 3: accepted.
    // 4: c (0, 0), worst (1, 1) 3: r (−1, −1) 3, not below the worst: inside contraction (0.5, 0.5) 0.75 < 3, accepted.
    // 5: all three values are 0.75: stop, 4 iterations, the first of the equal points.
    const t = traced((x) => x[0] ** 2 + 2 * x[1] ** 2);
    const m = nelderMead(t.f, [1, 1], { lower: [-4, -4], upper: [4, 4], step: [1, 1] });
    expect(t.calls).toEqual([
      [1, 1],
      [2, 1],
      [1, 2],
      [2, 0],
      [1, 0],
      [0.5, -0.5],
      [-0.5, 0.5],
      [-1, -1],
      [0.5, 0.5],
    ]);
    expect(m).toEqual({ x: [0.5, -0.5], value: 0.75, iterations: 4 });
  });

  test("1-D, a reflection that only ties the best is not expanded: an outside contraction", () => {
    // x² from 0.25 (0.0625) and 0.75 (0.5625): r = −0.25 (0.0625) ties the best, below the
    // worst: outside contraction 1.5·0.25 − 0.5·0.75 = 0, value 0 < 0.0625, accepted.
    const t = traced(square);
    const m = nelderMead(t.f, [0.25], { lower: [-1], upper: [1], step: [0.5], maxIterations: 1 });
    expect(t.calls).toEqual([[0.25], [0.75], [-0.25], [0]]);
    expect(m).toEqual({ x: [0], value: 0, iterations: 1 });
  });

  test("1-D, an expansion that only ties the reflection keeps the reflection", () => {
    // x² from 0.375 and 0.625: r = 0.125 (1/64) < 0.140625, expansion 1.125 − 1.25 = −0.125
    // (1/64) is no better: the reflection stays.
    const t = traced(square);
    const m = nelderMead(t.f, [0.375], { lower: [-1], upper: [1], step: [0.25], maxIterations: 1 });
    expect(t.calls).toEqual([[0.375], [0.625], [0.125], [-0.125]]);
    expect(m).toEqual({ x: [0.125], value: 1 / 64, iterations: 1 });
  });

  test("1-D, a better expansion is taken", () => {
    // (x + 1)² from 0 (1) and 0.25: r = −0.25 (0.5625), expansion −0.5 (0.25) is better.
    const t = traced((x) => (x[0] + 1) ** 2);
    const m = nelderMead(t.f, [0], { lower: [-2], upper: [2], step: [0.25], maxIterations: 1 });
    expect(t.calls).toEqual([[0], [0.25], [-0.25], [-0.5]]);
    expect(m).toEqual({ x: [-0.5], value: 0.25, iterations: 1 });
  });

  test("1-D, a failed inside contraction shrinks towards the best", () => {
    // Double well from −1 (0) and 0.5 (0.5625): r = −2.5, clipped to −2 (9), worse than the
    // worst: inside contraction −0.25 (0.87890625), no better than the worst 0.5625: shrink,
    // 0.5 → −1 + 0.5·1.5 = −0.25 (evaluated again).
    const t = traced(doubleWell);
    const m = nelderMead(t.f, [-1], { lower: [-2], upper: [2], step: [1.5], maxIterations: 1 });
    expect(t.calls).toEqual([[-1], [0.5], [-2], [-0.25], [-0.25]]);
    expect(m).toEqual({ x: [-1], value: 0, iterations: 1 });
  });

  test("1-D, a contraction only as good as the worst is not taken: shrink", () => {
    // Double well from −0.75 (0.19140625) and 0.25 (0.87890625): r = −1.75 (4.25390625),
    // inside contraction −0.25 (0.87890625), equal to the worst: shrink to −0.25 again.
    const t = traced(doubleWell);
    const m = nelderMead(t.f, [-0.75], { lower: [-2], upper: [2], step: [1], maxIterations: 1 });
    expect(t.calls).toEqual([[-0.75], [0.25], [-1.75], [-0.25], [-0.25]]);
    expect(m).toEqual({ x: [-0.75], value: 0.19140625, iterations: 1 });
  });

  test("2-D, a shrink moves every point but the best halfway to it", () => {
    // Double well in x plus one in y, from (−1, −1) 0 with steps 1.5: (0.5, −1) and (−1, 0.5),
    // both 0.5625 (the first stays second). c (−0.25, −1), r (0.5, −2.5) clipped to (0.5, −2)
    // 9.5625, worse than the worst: inside contraction (−0.625, −0.25) 1.250244140625, no
    // better: shrink, (0.5, −1) → (−0.25, −1) and (−1, 0.5) → (−1, −0.25).
    const t = traced((x) => doubleWell([x[0]]) + doubleWell([x[1]]));
    const m = nelderMead(t.f, [-1, -1], { lower: [-2, -2], upper: [2, 2], step: [1.5, 1.5], maxIterations: 1 });
    expect(t.calls).toEqual([
      [-1, -1],
      [0.5, -1],
      [-1, 0.5],
      [0.5, -2],
      [-0.625, -0.25],
      [-0.25, -1],
      [-1, -0.25],
    ]);
    expect(m).toEqual({ x: [-1, -1], value: 0, iterations: 1 });
  });
});

describe("Nelder–Mead's stopping rules at their exact boundaries", () => {
  const unit = { lower: [0], upper: [1], step: [1] };

  test("the default iteration limit is 200 per dimension: 400 for two", () => {
    // Each value is larger than every earlier one, and neither tolerance can be met: every
    // iteration reflects, contracts inside and shrinks (2 + 2 evaluations) until the limit.
    let calls = 0;
    const m = nelderMead(() => ++calls, [0.5, 0.5], { lower: [0, 0], upper: [1, 1], tolerance: 0, xTolerance: -1 });
    expect(m.iterations).toBe(400);
    expect(calls).toBe(3 + 400 * 4);
  });

  test("values exactly a tolerance's share of the best apart stop at once (the bound is inclusive)", () => {
    // 2 + 2x: 2 and 4, 2 apart = 1 × max(|2|, 1e-300).
    expect(nelderMead((x) => 2 + 2 * x[0], [0], { ...unit, tolerance: 1 }).iterations).toBe(0);
    // −4 + 2x: −4 and −2, 2 apart = 0.5 × |−4| (the share is of the best's magnitude).
    expect(nelderMead((x) => -4 + 2 * x[0], [0], { ...unit, tolerance: 0.5 }).iterations).toBe(0);
    // 2 + 2x with a tolerance of 0.99: 2 > 1.98, so one iteration runs.
    expect(nelderMead((x) => 2 + 2 * x[0], [0], { ...unit, tolerance: 0.99, maxIterations: 1 }).iterations).toBe(1);
  });

  test("near 0 the values must be within 1e-300, inclusive", () => {
    // 0 and 1e-300: the relative test asks for 1e-10 × 1e-300; the absolute one holds exactly.
    expect(nelderMead((x) => 1e-300 * x[0], [0], unit).iterations).toBe(0);
    // 0 and 2e-300: neither holds.
    expect(nelderMead((x) => 2e-300 * x[0], [0], { ...unit, maxIterations: 1 }).iterations).toBe(1);
  });

  test("values −1 and 1 are 2 apart, not 0", () => {
    // 2x − 1 from 0 (−1) and 1 (1): r = −1 clipped to 0 (−1), not better; outside contraction
    // −0.5 clipped to 0 (−1), not better than −1: shrink, 1 → 0.5 (0).
    const t = traced((x) => 2 * x[0] - 1);
    const m = nelderMead(t.f, [0], { ...unit, maxIterations: 1 });
    expect(t.calls).toEqual([[0], [1], [0], [0], [0.5]]);
    expect(m).toEqual({ x: [0], value: -1, iterations: 1 });
  });

  test("points exactly xTolerance apart stop at once (inclusive), in every coordinate, either side of the best", () => {
    const tight = { lower: [0], upper: [1], step: [0.5], tolerance: 0 };
    expect(nelderMead((x) => x[0], [0], { ...tight, xTolerance: 0.5 }).iterations).toBe(0);
    expect(nelderMead((x) => x[0], [0], { ...tight, xTolerance: 0.25, maxIterations: 1 }).iterations).toBe(1);
    // −x: the best is 0.5, the other point 0.5 below it.
    expect(nelderMead((x) => -x[0], [0], { ...tight, xTolerance: 0.25, maxIterations: 1 }).iterations).toBe(1);
    // x + y from (0, 0), steps 0.5: each other point is within 0.25 of the best in one
    // coordinate but not in both, so the simplex goes on.
    const box = { lower: [0, 0], upper: [1, 1], step: [0.5, 0.5], tolerance: 0, xTolerance: 0.25, maxIterations: 1 };
    expect(nelderMead((x) => x[0] + x[1], [0, 0], box).iterations).toBe(1);
  });
});

describe("Nelder–Mead's first simplex", () => {
  test("a step that lands exactly on the upper bound is taken outwards", () => {
    // From 0.5 with step 0.5 in [0, 1]: the second point is 1 (where (x − 1)² is 0), not 0.
    expect(nelderMead((x) => (x[0] - 1) ** 2, [0.5], { lower: [0], upper: [1], step: [0.5], maxIterations: 0 })).toEqual({
      x: [1],
      value: 0,
      iterations: 0,
    });
  });

  test("from the upper bound the step goes inwards", () => {
    expect(nelderMead((x) => (x[0] - 0.75) ** 2, [1], { lower: [0], upper: [1], step: [0.25], maxIterations: 0 })).toEqual({
      x: [0.75],
      value: 0,
      iterations: 0,
    });
  });
});
