/** What each dataset module implements, and what it is given. */
import type { Day } from "../calendar.js";
import type { OutputFiles } from "../output-files.js";
import type { UnitYearTruth } from "../truth/unit-year-truth.js";
import type { UnitLife } from "../unit-life.js";

export interface SampleRun {
  readonly files: OutputFiles;
  readonly seed: number;
  readonly firstYear: number;
  readonly lastYear: number;
  /** Snapshot date of the registries (31 December of the last year). */
  readonly snapshot: Day;
}

export interface DatasetGenerator {
  /** Writes the unit's rows and tells `truth` the values of those that must load. */
  emit(life: UnitLife, truth: UnitYearTruth): void;
  /** Writes rows held back to appear later in the file (re-listings, duplicates). */
  finish(): void;
  /** Names of columns no contract knows, per file (kept in the raw layer). */
  readonly extraColumns: Readonly<Record<string, readonly string[]>>;
}

/**
 * Rows held back to be written a few units later, so that re-listed and duplicated rows
 * do not sit right next to their originals.
 */
export class DeferredRows<T> {
  private queue: { dueAfterUnit: number; item: T }[] = [];

  constructor(private readonly write: (item: T) => void) {}

  hold(item: T, dueAfterUnit: number): void {
    this.queue.push({ dueAfterUnit, item });
  }

  /** Writes, in the order held, everything due once unit `unitIndex` has been written. */
  release(unitIndex: number): void {
    if (!this.queue.length) return;
    const waiting: { dueAfterUnit: number; item: T }[] = [];
    for (const held of this.queue) {
      if (held.dueAfterUnit <= unitIndex) this.write(held.item);
      else waiting.push(held);
    }
    this.queue = waiting;
  }

  releaseAll(): void {
    this.release(Number.POSITIVE_INFINITY);
  }
}
