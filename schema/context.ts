import type { RequestAccess } from "../queries/access/request-access.js";
import type { Db } from "../queries/database.js";
import type { EnterpriseFilter } from "../queries/filters.js";
import { Warnings } from "./common/warnings.js";
import { UnitLoaders } from "./enterprises/unit-loaders.js";

/** What every resolver gets: the warehouse, this request's DataLoaders, and the caller's access rules. */
export interface ApiContext {
  readonly db: Db;
  readonly loaders: UnitLoaders;
  /** The caller (role, scope) and its rules: unit-level checks, suppression (queries/access/). */
  readonly access: RequestAccess;
  /** The caller's filter AND its scope: every query's filter goes through here before SQL is built. */
  readonly scopedFilter: (filter: EnterpriseFilter | null | undefined) => EnterpriseFilter | null;
  /** What the answer should say beside its data (a year outside the warehouse's years…): `extensions.warnings`. */
  readonly warnings: Warnings;
}

/** A fresh context for one request (loaders never outlive a request: no stale cache, no cross-talk). */
export function createApiContext(db: Db, access: RequestAccess): ApiContext {
  return { db, loaders: new UnitLoaders(db), access, scopedFilter: (filter) => access.scopedFilter(filter), warnings: new Warnings() };
}
