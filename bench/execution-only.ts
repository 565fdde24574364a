/**
 * `npx tsx bench/execution-only.ts <warehouse.duckdb>`: the GraphQL execution of the
 * coverage commune × sector grid alone, graphql-js against graphql-jit (the API's
 * executor, server/execution/jit-executor.ts): the root resolver runs once for real,
 * then returns copies of that answer, so only execution and JSON serialisation are timed,
 * on the CPU, whatever else the machine does. A warehouse the bench built is under
 * bench/.data/<sample>/warehouse-*.duckdb.
 */
import "reflect-metadata";
import { execute, parse } from "graphql/index.js";
import { compileQuery } from "graphql-jit";
import { Kysely } from "kysely";
import { DuckDBDialect } from "../core/warehouse/kysely/duckdb-dialect.js";
import { openWarehouse } from "../etl/warehouse/warehouse.js";
import { RequestAccess } from "../queries/access/request-access.js";
import type { Database } from "../queries/database.js";
import { buildApiSchema } from "../schema/build-schema.js";
import { createApiContext } from "../schema/context.js";

const warehouse = await openWarehouse<Database>(process.argv[2] ?? usage(), { readOnly: true });
const db = new Kysely<Database>({ dialect: new DuckDBDialect({ instance: warehouse.instance }) });
const schema = await buildApiSchema();
const M = "units unionisedUnits coverageRate workers unionisedWorkers members density densityAllInScope agreementUnits agreementRate";
const doc = parse(`query { coverage(year: 2024, groupBy: [COMMUNE, SECTOR]) { year groupBy rows { keys { dimension code name } ${M} } total { ${M} } } }`);
const field = schema.getQueryType()!.getFields().coverage;
const real = field.resolve!;
const access = new RequestAccess({ keyId: "a", name: "a", role: "ANALYST", scope: { kind: "PROVINCE" }, demo: false }, 3);
const ctx = createApiContext(db as never, access);
// one real answer, then the resolver returns copies of it: execution alone is timed
const answer: any = await real(undefined, { year: 2024, groupBy: ["COMMUNE", "SECTOR"], minWorkers: 20 }, ctx, {} as never);
field.resolve = () => ({ ...answer, rows: answer.rows.map((r: any) => ({ ...r })) });
const compiled: any = compileQuery(schema, doc);
const time = async (name: string, f: () => unknown) => {
  for (let i = 0; i < 10; i++) await f();
  const t: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const r: any = await f();
    JSON.stringify(r);
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  console.log(name, "median", t[30].toFixed(1), "ms; p90", t[54].toFixed(1));
};
console.log("rows", answer.rows.length);
await time("copy only + stringify", () => ({ data: { coverage: field.resolve!(undefined, {}, ctx, {} as never) } }));
await time("graphql-js execute + stringify", () => execute({ schema, document: doc, contextValue: ctx }));
await time("graphql-jit + stringify", () => compiled.query(undefined, ctx, {}));
process.exit(0);

function usage(): never {
  console.error("usage: npx tsx bench/execution-only.ts <warehouse.duckdb>");
  process.exit(2);
}
