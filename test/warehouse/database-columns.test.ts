/**
 * The API's Kysely types say what the warehouse holds: every table of `Database`
 * (queries/database.ts) has exactly the columns the real build gives that table, each
 * with a TypeScript type DuckDB's value arrives as (VARCHAR as string, INTEGER and DOUBLE
 * as number, BIGINT as bigint, DATE as Date, VARCHAR[] as string[], …); the partial table
 * map beside it (the tiny warehouse's `FixtureTables`) names only built columns, typed as
 * they arrive. The tables are read from the build
 * over empty inputs (test/helpers/built-shapes.ts), the types with the TypeScript compiler.
 */
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { type BuiltColumn, builtShapes } from "../helpers/built-shapes.js";

const ROOT = join(import.meta.dirname, "../..");

/** Each table of a Kysely table map (`interface Database { table: Row; … }`), with each column's type as TypeScript writes it, nullability apart. */
type TableTypes = Map<string, Map<string, { type: string; nullable: boolean }>>;

function tableTypes(file: string, interfaceName: string): TableTypes {
  const path = join(ROOT, file);
  const program = ts.createProgram([path], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path)!;
  let map: ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined;
  ts.forEachChild(source, (node) => {
    if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.name.text === interfaceName) map = node;
  });
  if (!map) throw new Error(`${file} declares no ${interfaceName}`);
  const tables: TableTypes = new Map();
  for (const table of checker.getTypeAtLocation(map).getProperties()) {
    const columns = new Map<string, { type: string; nullable: boolean }>();
    for (const column of checker.getTypeOfSymbol(table).getProperties()) {
      const type = checker.getTypeOfSymbol(column);
      const parts = type.isUnion() ? type.types : [type];
      const nonNull = parts.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
      columns.set(column.name, {
        // true | false is boolean: one name per distinct base type
        type: [...new Set(nonNull.map((t) => checker.typeToString(checker.getBaseTypeOfLiteralType(t))))].join(" | "),
        nullable: nonNull.length < parts.length,
      });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

/** The TypeScript type a value of DuckDB type `duckdb` arrives as through @duckdb/node-api and the dialect. */
function arrivesAs(duckdb: string): string {
  if (duckdb.endsWith("[]")) return `${arrivesAs(duckdb.slice(0, -2))}[]`;
  if (/^(VARCHAR|UUID|ENUM|JSON)/.test(duckdb)) return "string";
  if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER|FLOAT|DOUBLE|DECIMAL)/.test(duckdb)) return "number";
  if (/^(BIGINT|HUGEINT|UBIGINT|UHUGEINT)$/.test(duckdb)) return "bigint";
  if (/^(DATE|TIMESTAMP)/.test(duckdb)) return "Date";
  if (duckdb === "BOOLEAN") return "boolean";
  return `(DuckDB ${duckdb})`;
}

/** What differs between a table's TypeScript columns and its built columns: `table.column: …` lines. */
function differences(table: string, declared: ReadonlyMap<string, { type: string }>, built: readonly BuiltColumn[]): string[] {
  const found: string[] = [];
  const builtNames = new Set(built.map((c) => c.name));
  for (const column of built) {
    const mine = declared.get(column.name);
    if (!mine) found.push(`${table}.${column.name}: built (${column.type}), not declared`);
    else if (mine.type !== arrivesAs(column.type))
      found.push(`${table}.${column.name}: declared ${mine.type}, built ${column.type} (arrives as ${arrivesAs(column.type)})`);
  }
  for (const name of declared.keys()) if (!builtNames.has(name)) found.push(`${table}.${name}: declared, not built`);
  return found;
}

describe("the API's table types are the built warehouse's tables", () => {
  let built: Awaited<ReturnType<typeof builtShapes>>;
  const database = tableTypes("queries/database.ts", "Database");
  /** A partial view: the fixture's staging and intermediate tables. */
  const views = [{ file: "test/api/fixtures/fixture-tables.ts", tables: tableTypes("test/api/fixtures/fixture-tables.ts", "FixtureTables") }];
  const shapeOf = (table: string) => built.get(table.includes(".") ? table : `main.${table}`);
  beforeAll(async () => {
    built = await builtShapes();
  });

  it("reads every table Database names (the marts, the linker's tables, the reference lists, lineage, quarantine)", () => {
    expect([...database.keys()]).toEqual(
      expect.arrayContaining([
        "mart_unit_year",
        "ref.targets",
        "lineage.batches",
        "quarantine.rejected_rows",
        "dim_union",
        "mart_link_review_queue",
        "dim_source_key",
        "dim_employer_unit",
        "link.decisions",
      ]),
    );
    expect(database.size).toBeGreaterThanOrEqual(21);
  });

  it.each([...database.keys()])("Database's %s has exactly the built columns, each typed as its values arrive", (table) => {
    expect(shapeOf(table), `the build makes no table ${table}`).toBeDefined();
    expect(differences(table, database.get(table)!, shapeOf(table)!.columns)).toEqual([]);
  });

  it("Database's mart_unit_year declares the built columns in the built order", () => {
    expect([...database.get("mart_unit_year")!.keys()]).toEqual(shapeOf("mart_unit_year")!.columns.map((c) => c.name));
  });

  it.each(views.flatMap(({ file, tables }) => [...tables.keys()].map((table) => [file, table])))(
    "%s: each column of %s is built, typed as its values arrive",
    (file, table) => {
      const declared = views.find((v) => v.file === file)!.tables.get(table)!;
      expect(shapeOf(table), `the build makes no table ${table}`).toBeDefined();
      expect(differences(table, declared, shapeOf(table)!.columns).filter((d) => !d.endsWith("not declared"))).toEqual([]);
    },
  );

  it("the comparison sees a missing, an extra and a mistyped column, and accepts what arrives as declared", () => {
    const declaredColumns = new Map([
      ["tax_code", { type: "string" }],
      ["workers", { type: "number" }],
      ["fee_due", { type: "number" }],
      ["gone", { type: "string" }],
      ["union_codes", { type: "string[]" }],
      ["registered_on", { type: "Date" }],
    ]);
    const builtColumns = [
      { name: "tax_code", type: "VARCHAR" },
      { name: "workers", type: "INTEGER" },
      { name: "fee_due", type: "BIGINT" },
      { name: "union_codes", type: "VARCHAR[]" },
      { name: "registered_on", type: "DATE" },
      { name: "added", type: "BOOLEAN" },
    ];
    expect(differences("t", declaredColumns, builtColumns)).toEqual([
      "t.fee_due: declared number, built BIGINT (arrives as bigint)",
      "t.added: built (BOOLEAN), not declared",
      "t.gone: declared, not built",
    ]);
    expect(["DECIMAL(18,6)", "DOUBLE", "HUGEINT", "TIMESTAMP WITH TIME ZONE", "VARCHAR[][]"].map(arrivesAs)).toEqual([
      "number",
      "number",
      "bigint",
      "Date",
      "string[][]",
    ]);
  });
});
