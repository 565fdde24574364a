import DataLoader from "dataloader";
import type { Db } from "../../queries/database.js";
import {
  type AgreementRow,
  agreementsOfUnits,
  type FinanceRow,
  financeOfUnits,
  type SiMonthRow,
  type SourceRow,
  siMonthsOfUnits,
  sourcesOfUnits,
  type UnionRow,
  unionsOfUnits,
  type WorkersYearRow,
  workersHistoryOfUnits,
} from "../../queries/unit-details.js";

/** The nested lists of units of one year, each batched by tax code: one statement per list per page. */
export interface YearLoaders {
  readonly sources: DataLoader<string, SourceRow[]>;
  readonly unions: DataLoader<string, UnionRow[]>;
  readonly agreements: DataLoader<string, AgreementRow[]>;
  readonly siMonths: DataLoader<string, SiMonthRow[]>;
  readonly finance: DataLoader<string, FinanceRow[]>;
}

/**
 * Per-request DataLoaders for the nested lists of employer units. Lists that depend
 * on the year (reference date 31/12/Y) are grouped by year, so a page of units of
 * one year costs one statement per list, whatever the page size.
 */
export class UnitLoaders {
  readonly #db: Db;
  readonly #years = new Map<number, YearLoaders>();
  readonly workersHistory: DataLoader<string, WorkersYearRow[]>;

  constructor(db: Db) {
    this.#db = db;
    this.workersHistory = new DataLoader((codes) => workersHistoryOfUnits(db, codes));
  }

  year(year: number): YearLoaders {
    let loaders = this.#years.get(year);
    if (!loaders) {
      const db = this.#db;
      loaders = Object.freeze({
        sources: new DataLoader((codes: readonly string[]) => sourcesOfUnits(db, year, codes)),
        unions: new DataLoader((codes: readonly string[]) => unionsOfUnits(db, year, codes)),
        agreements: new DataLoader((codes: readonly string[]) => agreementsOfUnits(db, year, codes)),
        siMonths: new DataLoader((codes: readonly string[]) => siMonthsOfUnits(db, year, codes)),
        finance: new DataLoader((codes: readonly string[]) => financeOfUnits(db, year, codes)),
      });
      this.#years.set(year, loaders);
    }
    return loaders;
  }
}
