/**
 * Nelder–Mead inside a box on functions whose minimum is known: a quadratic bowl,
 * Rosenbrock's valley (minimum 0 at (1, 1)), a minimum outside the box (on its edge), and
 * a function undefined on part of the box.
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
