import { join, resolve } from "node:path";
import { consoleLogger, type Logger } from "../../core/logger.js";
import { openWarehouseFile, type WarehouseOptions } from "../../core/warehouse/open-warehouse.js";
import { CURRENT_FILE, PublishFailedError, publishWarehouse, readCurrentVersion, versionsDirFor } from "../../core/warehouse/versions.js";
import type { Database } from "../../queries/database.js";
import { WarehouseHolder } from "./warehouse-holder.js";
import { staticWarehouse, type WarehouseSource } from "./warehouse-source.js";

/** What `npm start` serves: published versions with reloads, or (when publishing is impossible) the file itself. */
export interface ServedWarehouse {
  readonly source: WarehouseSource;
  /** The holder, when versions are served. */
  readonly holder?: WarehouseHolder;
  /** One line for the start banner. */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * Serves the published versions of the warehouse at `warehousePath` (folder:
 * `versionsDirFor`). When nothing is published yet, the warehouse is published first as
 * version 1; when even that is impossible (e.g. a read-only disk), the file itself is
 * served read-only, without reloads, and the log says why.
 */
export async function serveWarehouse(
  warehousePath: string,
  options: { readonly pollMs?: number; readonly logger?: Logger; readonly env?: NodeJS.ProcessEnv; readonly open?: Omit<WarehouseOptions, "readOnly"> } = {},
): Promise<ServedWarehouse> {
  const logger = options.logger ?? consoleLogger;
  const path = resolve(warehousePath);
  const versionsDir = versionsDirFor(path, options.env);
  if (!readCurrentVersion(versionsDir)) {
    logger.info(`No warehouse version published in ${versionsDir} yet: publishing ${path} as the first.`);
    try {
      await publishWarehouse(path, { versionsDir });
    } catch (error) {
      if (!(error instanceof PublishFailedError)) throw error;
      logger.error(`Cannot publish ${path} (${error.message}); serving it directly, read-only, without reloads.`);
      const warehouse = await openWarehouseFile<Database>(path, { ...options.open, readOnly: true });
      return { source: staticWarehouse(warehouse), description: `serving ${path} directly, read-only (no reloads)`, close: () => warehouse.close() };
    }
  }
  const holder = await WarehouseHolder.open({ versionsDir, pollMs: options.pollMs, logger, label: path, open: options.open });
  return {
    source: holder,
    holder,
    description: `version ${holder.version} (${join(versionsDir, holder.current.file)}); switches when \`npm run etl -- publish\` changes ${join(versionsDir, CURRENT_FILE)}`,
    close: () => holder.close(),
  };
}
