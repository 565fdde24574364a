import type { Db } from "../queries/database.js";
import { UnitLoaders } from "./enterprises/unit-loaders.js";

/** What every resolver gets: the warehouse and this request's DataLoaders. */
export interface ApiContext {
  readonly db: Db;
  readonly loaders: UnitLoaders;
}

/** A fresh context for one request (loaders never outlive a request: no stale cache, no cross-talk). */
export function createApiContext(db: Db): ApiContext {
  return { db, loaders: new UnitLoaders(db) };
}
