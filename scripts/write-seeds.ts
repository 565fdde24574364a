/**
 * `npm run seeds`: writes the code-list seeds of the build (etl/models/seeds/<seed>.sql)
 * from core/code-lists.ts and etl/models/seeds/seed-tables.ts. Run it after changing a
 * code list or a pattern, and commit the files; test/warehouse/seeds.test.ts checks them.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SEED_TABLES, SEEDS_DIR, seedSql } from "../etl/models/seeds/seed-tables.js";

for (const seed of SEED_TABLES) {
  const path = fileURLToPath(new URL(`${seed.name}.sql`, SEEDS_DIR));
  writeFileSync(path, seedSql(seed));
  console.log(`wrote ${path}`);
}
