import type { ApolloServerPlugin } from "@apollo/server";
import type { Db } from "../../queries/database.js";
import { type VersionedContext, warehouseVersionPlugin } from "../plugins/warehouse-version.js";
import { isWarehouseSource, staticWarehouse, type WarehouseLease, type WarehouseSource } from "./warehouse-source.js";

/**
 * The lease of each request, keyed by the request's QueryScope (one per operation, in
 * `/graphql` and in the exports alike): taken when its context is made, released when its
 * response is sent (`plugin()`), or by `release(scope)` when the request ends otherwise.
 */
export class RequestLeases {
  readonly source: WarehouseSource;
  readonly #leases = new WeakMap<object, WarehouseLease>();

  constructor(warehouse: WarehouseSource | { readonly db: Db; readonly path: string; readonly readOnly?: boolean }) {
    this.source = isWarehouseSource(warehouse) ? warehouse : staticWarehouse(warehouse);
  }

  /** The lease of the request running in `scope` (taken on first use). */
  leaseFor(scope: object): WarehouseLease {
    let lease = this.#leases.get(scope);
    if (!lease) {
      lease = this.source.acquire();
      this.#leases.set(scope, lease);
    }
    return lease;
  }

  release(scope: object): void {
    this.#leases.get(scope)?.release();
    this.#leases.delete(scope);
  }

  /** Adds `extensions.warehouseVersion` to each response and releases the request's lease once the response is complete. */
  plugin(): ApolloServerPlugin<VersionedContext & { readonly queryScope: object }> {
    const versionPlugin = warehouseVersionPlugin();
    return {
      requestDidStart: async (requestContext) => {
        const versionHooks = await versionPlugin.requestDidStart?.(requestContext);
        return {
          willSendResponse: async (context) => {
            await versionHooks?.willSendResponse?.(context);
            this.release(context.contextValue.queryScope);
          },
        };
      },
    };
  }
}
