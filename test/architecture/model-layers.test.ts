import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { MODEL_MANIFEST } from "../../etl/build/model-manifest.js";

/**
 * The dbt layering, as the API sees it (README "Layout", docs/DESIGN.md § Warehouse layers): the API
 * (queries/, schema/, server/) reads only the marts (`dim_`, `fct_`, `mart_`, `rollup_`) and
 * the reference, lineage, quarantine and link-decision schemas; never a raw table, a staging,
 * intermediate or seed model. The ETL may change those freely; the marts are the contract.
 */
const ROOT = join(import.meta.dirname, "../..");
const API_WINGS = ["queries", "schema", "server"] as const;
/** Files the API ships: code, SQL, the GraphQL schema, the dashboard's assets. */
const SHIPPED = /\.(ts|js|mjs|sql|graphql|html|json)$/;

/** A relation below the marts: a raw table (`raw.x`) or a staging, intermediate or seed model. */
const LOWER_RELATION = /\braw\.[a-z_]\w*|\b(?:stg|int|seed)_[a-z0-9_]+/g;
/** Paths of model files (`etl/models/seeds/seed_x.sql`) cite a file, not a relation. */
const MODEL_FILE = /[\w./-]*\/[\w-]+\.sql\b/g;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (SHIPPED.test(name)) out.push(path);
  }
  return out;
}

/** `file:line: name` for every lower relation the text names. */
function lowerRelations(path: string, text: string): string[] {
  const found: string[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    for (const match of line.replace(MODEL_FILE, "").matchAll(LOWER_RELATION)) found.push(`${path}:${index + 1}: ${match[0]}`);
  }
  return found;
}

/** The tables a Kysely table map (`interface Database { name: Type; … }`) in `file` lists. */
function tablesOf(file: string, interfaceName: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const body = text.slice(text.indexOf(`export interface ${interfaceName} {`));
  const block = body.slice(0, body.indexOf("\n}"));
  return [...block.matchAll(/^\s+"?([a-z_.]+)"?\??:/gm)].map((m) => m[1]!);
}

const MARTS = new Set(MODEL_MANIFEST.filter((m) => m.layer === "mart").map((m) => m.name));
/** Schemas the API may read beside the marts: reference lists, lineage, quarantine, analysts' link decisions. */
const SCHEMAS = ["ref", "lineage", "quarantine", "link"];

describe("the API reads only the marts", () => {
  it("queries/, schema/ and server/ name no raw table, staging, intermediate or seed model", () => {
    const found = API_WINGS.flatMap((wing) => files(join(ROOT, wing)).flatMap((file) => lowerRelations(relative(ROOT, file), readFileSync(file, "utf8"))));
    expect(found).toEqual([]);
  });

  it("every table the API's Kysely types name is a mart model or a table of an allowed schema", () => {
    const tables = tablesOf("queries/database.ts", "Database");
    expect(tables).toContain("mart_unit_year");
    expect(tables).toContain("mart_link_review_queue");
    const outside = tables.filter((t) => !(MARTS.has(t) || SCHEMAS.includes(t.split(".")[0]!)));
    expect(outside).toEqual([]);
  });

  it("the rule sees what it forbids, and only that", () => {
    const text = [
      'db.selectFrom("int_unit_links as l")',
      "left join main.stg_tax__enterprises s on true",
      "from raw.si_contributions",
      "select * from main.seed_legal_forms",
      "as etl/models/seeds/seed_admin_district_units.sql says",
      "from main.mart_unit_year u join main.dim_union n using (tax_code) -- print_x, point_count, lineage.batches",
    ].join("\n");
    expect(lowerRelations("x.ts", text)).toEqual([
      "x.ts:1: int_unit_links",
      "x.ts:2: stg_tax__enterprises",
      "x.ts:3: raw.si_contributions",
      "x.ts:4: seed_legal_forms",
    ]);
  });
});
