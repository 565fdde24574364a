/**
 * Who a caller is, as every wing sees it: its role and the admin units its key covers
 * (resolved from the API key by the key store, core/access/api-keys.ts).
 */

/** ADMIN: everything, province-wide, plus the audit log. ANALYST: everything within its scope. DASHBOARD: aggregates only, within its scope, small cells suppressed. */
export type Role = "ADMIN" | "ANALYST" | "DASHBOARD";
export const ROLES: readonly Role[] = Object.freeze(["ADMIN", "ANALYST", "DASHBOARD"]);

/** The admin units a key sees: the whole province, some old (pre-2025) districts, or some new (2025) communes. */
export type DataScope =
  | { readonly kind: "PROVINCE" }
  | { readonly kind: "DISTRICTS"; readonly codes: readonly string[] }
  | { readonly kind: "NEW_COMMUNES"; readonly codes: readonly string[] };

export const PROVINCE_SCOPE: DataScope = Object.freeze({ kind: "PROVINCE" });

/** The caller of one request. */
export interface Principal {
  /** The API key's id; null for the anonymous caller of demo mode. */
  readonly keyId: string | null;
  readonly name: string | null;
  readonly role: Role;
  readonly scope: DataScope;
  /** True when the server runs in demo mode (sample data, no key needed). */
  readonly demo: boolean;
}

/** A stable text of a scope (`PROVINCE`, `DISTRICTS:461,464`): part of every cache key. */
export function scopeKey(scope: DataScope): string {
  return scope.kind === "PROVINCE" ? "PROVINCE" : `${scope.kind}:${[...scope.codes].sort().join(",")}`;
}
