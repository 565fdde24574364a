import { openWarehouseFile, type Warehouse, type WarehouseOptions } from "../../core/warehouse/open-warehouse.js";
import { initWarehouseSchema } from "./schema-init.js";

export type { Warehouse, WarehouseOptions };

/** Opens a warehouse for the ETL: a writable open creates the raw, staging and audit schemas. */
export function openWarehouse<DB = any>(path: string, options: WarehouseOptions = {}): Promise<Warehouse<DB>> {
  return openWarehouseFile<DB>(path, options, initWarehouseSchema);
}
