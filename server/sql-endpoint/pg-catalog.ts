/**
 * Enough of PostgreSQL's `pg_catalog` and `information_schema` for BI tools and `psql`
 * to list the exposed relations and their columns with their types.
 *
 * The catalog is an in-memory DuckDB (external access disabled, configuration locked)
 * holding PostgreSQL-shaped tables in a schema `pgc` (pg_class, pg_attribute, pg_type,
 * pg_namespace, pg_description… with the relations as views of schema `public`),
 * `information_schema`-shaped views in `isc`, and macros for the catalog functions
 * clients call (format_type, pg_table_is_visible, col_description…). A catalog query is
 * rewritten from PostgreSQL's dialect (`pg_catalog.x` → `pgc.x`, `OPERATOR(pg_catalog.~)`,
 * `COLLATE pg_catalog.default`, `::regclass`…) and run there, after the statement guard.
 * DuckDB's own pg_catalog views were tried first: they lack pg_get_userbyid,
 * OPERATOR(...) syntax and PostgreSQL's type names, so psql's `\d` failed on them.
 */
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { RelationColumns } from "./endpoint-database.js";
import { OID, pgTypeName, pgTypeOf, TYPE_NAMES } from "./pg-types.js";

export const SERVER_VERSION = "15.0";
export const VERSION_TEXT = `PostgreSQL ${SERVER_VERSION} (union-analytics SQL endpoint over DuckDB; read-only)`;
export const DATABASE_NAME = "warehouse";
export const SCHEMA_NAME = "public";

const NS = Object.freeze({ pg_catalog: 11, public: 2200, information_schema: 13000 });
const FIRST_RELATION_OID = 16384;

/** The catalog tables, PostgreSQL's columns (those clients read), and their rows. */
const TABLES: Readonly<Record<string, string>> = Object.freeze({
  pg_namespace: "oid bigint, nspname varchar, nspowner bigint, nspacl varchar[]",
  pg_class:
    "oid bigint, relname varchar, relnamespace bigint, reltype bigint, reloftype bigint, relowner bigint, relam bigint, relfilenode bigint, reltablespace bigint, relpages integer, reltuples real, relallvisible integer, reltoastrelid bigint, relhasindex boolean, relisshared boolean, relpersistence varchar, relkind varchar, relnatts smallint, relchecks smallint, relhasrules boolean, relhastriggers boolean, relhassubclass boolean, relrowsecurity boolean, relforcerowsecurity boolean, relispopulated boolean, relreplident varchar, relispartition boolean, relrewrite bigint, relfrozenxid bigint, relminmxid bigint, relacl varchar[], reloptions varchar[], relpartbound varchar, relhasoids boolean",
  pg_attribute:
    "attrelid bigint, attname varchar, atttypid bigint, attstattarget integer, attlen smallint, attnum smallint, attndims integer, attcacheoff integer, atttypmod integer, attbyval boolean, attstorage varchar, attalign varchar, attnotnull boolean, atthasdef boolean, atthasmissing boolean, attidentity varchar, attgenerated varchar, attisdropped boolean, attislocal boolean, attinhcount integer, attcollation bigint, attacl varchar[], attoptions varchar[], attfdwoptions varchar[]",
  pg_type:
    "oid bigint, typname varchar, typnamespace bigint, typowner bigint, typlen smallint, typbyval boolean, typtype varchar, typcategory varchar, typispreferred boolean, typisdefined boolean, typdelim varchar, typrelid bigint, typelem bigint, typarray bigint, typinput bigint, typoutput bigint, typreceive bigint, typsend bigint, typmodin bigint, typmodout bigint, typanalyze bigint, typalign varchar, typstorage varchar, typnotnull boolean, typbasetype bigint, typtypmod integer, typndims integer, typcollation bigint, typdefaultbin varchar, typdefault varchar, typacl varchar[]",
  pg_description: "objoid bigint, classoid bigint, objsubid integer, description varchar",
  pg_am: "oid bigint, amname varchar, amhandler varchar, amtype varchar",
  pg_attrdef: "oid bigint, adrelid bigint, adnum smallint, adbin varchar",
  pg_index:
    "indexrelid bigint, indrelid bigint, indnatts smallint, indnkeyatts smallint, indisunique boolean, indisprimary boolean, indisexclusion boolean, indimmediate boolean, indisclustered boolean, indisvalid boolean, indcheckxmin boolean, indisready boolean, indislive boolean, indisreplident boolean, indkey smallint[], indcollation bigint[], indclass bigint[], indoption smallint[], indexprs varchar, indpred varchar",
  pg_constraint:
    "oid bigint, conname varchar, connamespace bigint, contype varchar, condeferrable boolean, condeferred boolean, convalidated boolean, conrelid bigint, contypid bigint, conindid bigint, conparentid bigint, confrelid bigint, confupdtype varchar, confdeltype varchar, confmatchtype varchar, conislocal boolean, coninhcount integer, connoinherit boolean, conkey smallint[], confkey smallint[], conbin varchar",
  pg_inherits: "inhrelid bigint, inhparent bigint, inhseqno integer, inhdetachpending boolean",
  pg_trigger: "oid bigint, tgrelid bigint, tgname varchar, tgenabled varchar, tgisinternal boolean",
  pg_rewrite: "oid bigint, rulename varchar, ev_class bigint, ev_type varchar, ev_enabled varchar, is_instead boolean",
  pg_policy: "oid bigint, polname varchar, polrelid bigint, polcmd varchar, polpermissive boolean, polroles bigint[], polqual varchar, polwithcheck varchar",
  pg_statistic_ext:
    "oid bigint, stxrelid bigint, stxname varchar, stxnamespace bigint, stxowner bigint, stxstattarget integer, stxkeys smallint[], stxkind varchar[]",
  pg_publication:
    "oid bigint, pubname varchar, pubowner bigint, puballtables boolean, pubinsert boolean, pubupdate boolean, pubdelete boolean, pubtruncate boolean, pubviaroot boolean",
  pg_publication_rel: "oid bigint, prpubid bigint, prrelid bigint",
  pg_publication_namespace: "oid bigint, pnpubid bigint, pnnspid bigint",
  pg_collation: "oid bigint, collname varchar, collnamespace bigint",
  pg_proc: "oid bigint, proname varchar, pronamespace bigint, proowner bigint, prokind varchar, prorettype bigint, proargtypes bigint[], proretset boolean",
  pg_database:
    "oid bigint, datname varchar, datdba bigint, encoding integer, datcollate varchar, datctype varchar, datistemplate boolean, datallowconn boolean, datconnlimit integer, dattablespace bigint, datacl varchar[]",
  pg_roles:
    "oid bigint, rolname varchar, rolsuper boolean, rolinherit boolean, rolcreaterole boolean, rolcreatedb boolean, rolcanlogin boolean, rolreplication boolean, rolconnlimit integer, rolvaliduntil timestamp, rolbypassrls boolean, rolconfig varchar[]",
  pg_tablespace: "oid bigint, spcname varchar, spcowner bigint",
  pg_extension: "oid bigint, extname varchar, extowner bigint, extnamespace bigint, extversion varchar",
  pg_enum: "oid bigint, enumtypid bigint, enumsortorder real, enumlabel varchar",
  pg_range: "rngtypid bigint, rngsubtype bigint, rngmultitypid bigint",
  pg_foreign_table: "ftrelid bigint, ftserver bigint",
  pg_partitioned_table: "partrelid bigint, partstrat varchar, partnatts smallint",
  pg_sequence: "seqrelid bigint, seqtypid bigint",
  pg_settings: "name varchar, setting varchar, unit varchar, category varchar, short_desc varchar",
  pg_matviews: "schemaname varchar, matviewname varchar, matviewowner varchar, definition varchar",
});

/** Catalog functions, as DuckDB macros in `pgc` (oids are bigints, names varchar). */
const MACROS: readonly string[] = [
  "pg_table_is_visible(o) as true",
  "pg_type_is_visible(o) as true",
  "pg_function_is_visible(o) as true",
  "pg_get_userbyid(o) as 'analyst'",
  "format_type(t, m) as coalesce((select any_value(x.sqlname) from pgc.pg_type_names x where x.oid = t), 'text')",
  "obj_description(o, c := NULL) as (select any_value(d.description) from pgc.pg_description d where d.objoid = o and d.objsubid = 0)",
  "col_description(o, n) as (select any_value(d.description) from pgc.pg_description d where d.objoid = o and d.objsubid = n)",
  "shobj_description(o, c) as NULL::varchar",
  "pg_get_expr(e, r, p := false) as NULL::varchar",
  "pg_get_viewdef(o, p := false) as (select any_value(d.description) from pgc.pg_description d where d.objoid = o and d.objsubid = 0)",
  "pg_get_indexdef(o, n := 0, p := false) as NULL::varchar",
  "pg_get_constraintdef(o, p := false) as NULL::varchar",
  "pg_get_triggerdef(o, p := false) as NULL::varchar",
  "pg_get_ruledef(o, p := false) as NULL::varchar",
  "pg_get_partkeydef(o) as NULL::varchar",
  "pg_get_statisticsobjdef_columns(o) as NULL::varchar",
  "pg_get_function_result(o) as NULL::varchar",
  "pg_get_function_arguments(o) as NULL::varchar",
  "pg_encoding_to_char(e) as 'UTF8'",
  "pg_relation_size(o) as 0::bigint",
  "pg_total_relation_size(o) as 0::bigint",
  "pg_table_size(o) as 0::bigint",
  "pg_size_pretty(n) as '0 bytes'",
  "pg_relation_is_publishable(o) as false",
  "has_table_privilege(a, b := NULL, c := NULL) as true",
  "has_schema_privilege(a, b := NULL, c := NULL) as true",
  "has_database_privilege(a, b := NULL, c := NULL) as true",
  "has_column_privilege(a, b := NULL, c := NULL, d := NULL) as true",
  `version() as '${VERSION_TEXT}'`,
  `current_database() as '${DATABASE_NAME}'`,
  `current_schema() as '${SCHEMA_NAME}'`,
  `current_schemas(b) as ['${SCHEMA_NAME}']`,
  "current_user() as 'analyst'",
  "session_user() as 'analyst'",
  "pg_backend_pid() as 0",
  "pg_postmaster_start_time() as TIMESTAMP '2000-01-01 00:00:00'",
  "txid_current() as 1::bigint",
  "pg_is_in_recovery() as false",
  "obj_description_table(o) as NULL::varchar",
];

/** Information-schema views: PostgreSQL's columns, over the relations only. */
const INFORMATION_SCHEMA: Readonly<Record<string, string>> = Object.freeze({
  schemata: `select '${DATABASE_NAME}' as catalog_name, nspname as schema_name, 'analyst' as schema_owner from pgc.pg_namespace`,
  tables: `select '${DATABASE_NAME}' as table_catalog, '${SCHEMA_NAME}' as table_schema, relname as table_name, 'VIEW' as table_type,
      NULL::varchar as self_referencing_column_name, NULL::varchar as reference_generation, NULL::varchar as user_defined_type_catalog,
      NULL::varchar as user_defined_type_schema, NULL::varchar as user_defined_type_name, 'NO' as is_insertable_into, 'NO' as is_typed, NULL::varchar as commit_action
    from pgc.pg_class where relnamespace = ${NS.public} and relkind = 'v'`,
  views: `select '${DATABASE_NAME}' as table_catalog, '${SCHEMA_NAME}' as table_schema, relname as table_name, NULL::varchar as view_definition, 'NONE' as check_option,
      'NO' as is_updatable, 'NO' as is_insertable_into, 'NO' as is_trigger_updatable, 'NO' as is_trigger_deletable, 'NO' as is_trigger_insertable_into
    from pgc.pg_class where relnamespace = ${NS.public} and relkind = 'v'`,
  columns: `select '${DATABASE_NAME}' as table_catalog, '${SCHEMA_NAME}' as table_schema, c.relname as table_name, a.attname as column_name,
      a.attnum::integer as ordinal_position, NULL::varchar as column_default, 'YES' as is_nullable, t.sqlname as data_type,
      NULL::integer as character_maximum_length, NULL::integer as character_octet_length,
      case t.oid when ${OID.int2} then 16 when ${OID.int4} then 32 when ${OID.int8} then 64 when ${OID.float4} then 24 when ${OID.float8} then 53 end as numeric_precision,
      case when t.oid in (${OID.int2}, ${OID.int4}, ${OID.int8}, ${OID.float4}, ${OID.float8}) then 2 when t.oid = ${OID.numeric} then 10 end as numeric_precision_radix,
      case when t.oid in (${OID.int2}, ${OID.int4}, ${OID.int8}) then 0 end as numeric_scale,
      case when t.oid in (${OID.date}, ${OID.timestamp}, ${OID.timestamptz}) then 0 end as datetime_precision,
      NULL::varchar as interval_type, NULL::integer as interval_precision, NULL::varchar as character_set_catalog, NULL::varchar as character_set_schema,
      NULL::varchar as character_set_name, NULL::varchar as collation_catalog, NULL::varchar as collation_schema, NULL::varchar as collation_name,
      NULL::varchar as domain_catalog, NULL::varchar as domain_schema, NULL::varchar as domain_name,
      '${DATABASE_NAME}' as udt_catalog, 'pg_catalog' as udt_schema, t.typname as udt_name, NULL::varchar as scope_catalog, NULL::varchar as scope_schema,
      NULL::varchar as scope_name, NULL::integer as maximum_cardinality, a.attnum::varchar as dtd_identifier, 'NO' as is_self_referencing, 'NO' as is_identity,
      NULL::varchar as identity_generation, NULL::varchar as identity_start, NULL::varchar as identity_increment, NULL::varchar as identity_maximum,
      NULL::varchar as identity_minimum, 'NO' as identity_cycle, 'NEVER' as is_generated, NULL::varchar as generation_expression, 'NO' as is_updatable,
      col_description(c.oid, a.attnum) as column_comment
    from pgc.pg_attribute a join pgc.pg_class c on c.oid = a.attrelid join pgc.pg_type_names t on t.oid = a.atttypid
    where c.relnamespace = ${NS.public}`,
  table_constraints: `select NULL::varchar as constraint_catalog, NULL::varchar as constraint_schema, NULL::varchar as constraint_name, NULL::varchar as table_catalog,
      NULL::varchar as table_schema, NULL::varchar as table_name, NULL::varchar as constraint_type where false`,
  key_column_usage: `select NULL::varchar as constraint_catalog, NULL::varchar as constraint_schema, NULL::varchar as constraint_name, NULL::varchar as table_catalog,
      NULL::varchar as table_schema, NULL::varchar as table_name, NULL::varchar as column_name, NULL::integer as ordinal_position where false`,
  routines: `select NULL::varchar as routine_catalog, NULL::varchar as routine_schema, NULL::varchar as routine_name, NULL::varchar as routine_type where false`,
});

/** The names a catalog statement may read (lower case), without schema or with `pgc`/`isc`/`public`. */
export const CATALOG_TABLES: ReadonlySet<string> = new Set([
  ...Object.keys(TABLES),
  "pg_type_names",
  "pg_tables",
  "pg_views",
  "pg_user",
  "pg_stat_activity",
  ...Object.keys(INFORMATION_SCHEMA),
]);
export const CATALOG_SCHEMAS: ReadonlySet<string> = new Set(["pgc", "isc", SCHEMA_NAME]);

/** OIDs of the catalog tables clients name in `'pg_class'::regclass`. */
const CATALOG_OIDS: Readonly<Record<string, number>> = Object.freeze({
  pg_class: 1259,
  pg_type: 1247,
  pg_attribute: 1249,
  pg_proc: 1255,
  pg_namespace: 2615,
  pg_constraint: 2606,
  pg_database: 1262,
});

/** PostgreSQL's spelling → the catalog database's. `oids`: the relations' OIDs, for `'unit_year'::regclass`. */
export function rewriteCatalogQuery(sql: string, oids: ReadonlyMap<string, number> = new Map()): string {
  const macroNames = new Set(MACROS.map((m) => m.slice(0, m.indexOf("("))));
  return (
    sql
      .replace(/'([A-Za-z_][A-Za-z0-9_.]*)'\s*::\s*(pg_catalog\.)?regclass\b/gi, (_m, name: string) => {
        const bare = name.toLowerCase().replace(/^(pg_catalog|public)\./, "");
        return String(CATALOG_OIDS[bare] ?? oids.get(bare) ?? 0);
      })
      .replace(/OPERATOR\s*\(\s*pg_catalog\s*\.\s*([^)\s]+)\s*\)/gi, " $1 ")
      .replace(/\s+COLLATE\s+(pg_catalog\.)?("default"|default|"C"|"POSIX")/gi, "")
      .replace(/::\s*(pg_catalog\.)?(regclass|regtype|regproc|regprocedure|regnamespace|regrole|oid|xid|cid|tid)\b/gi, "::bigint")
      .replace(/::\s*(pg_catalog\.)?("char"|name|text|bpchar)\b/gi, "::varchar")
      .replace(/::\s*(pg_catalog\.)?(int2vector|oidvector)\b/gi, "::varchar")
      .replace(/\binformation_schema\s*\.\s*/gi, "isc.")
      // pg_catalog.x: our table or macro when we have one, DuckDB's own function otherwise
      .replace(/\bpg_catalog\s*\.\s*([a-z_][a-z0-9_]*)/gi, (_m, name: string) =>
        CATALOG_TABLES.has(name.toLowerCase()) || macroNames.has(name.toLowerCase()) ? `pgc.${name}` : name,
      )
  );
}

/** The in-memory catalog of one set of relations. */
export class CatalogDatabase {
  private constructor(
    private readonly instance: DuckDBInstance,
    /** Relation name → its OID in pg_class. */
    readonly oids: ReadonlyMap<string, number>,
  ) {}

  static async create(relations: readonly RelationColumns[]): Promise<CatalogDatabase> {
    const instance = await DuckDBInstance.create(":memory:", { enable_external_access: "false" });
    const c = await instance.connect();
    const oids = new Map<string, number>();
    try {
      await c.run("create schema pgc; create schema isc; create schema public");
      for (const [name, columns] of Object.entries(TABLES)) await c.run(`create table pgc.${name} (${columns})`);
      const text = (s: string | null) => (s === null ? "NULL" : `'${s.replaceAll("'", "''")}'`);
      await c.run(
        `insert into pgc.pg_namespace values (${NS.pg_catalog}, 'pg_catalog', 10, NULL), (${NS.public}, '${SCHEMA_NAME}', 10, NULL), (${NS.information_schema}, 'information_schema', 10, NULL)`,
      );
      await c.run(`insert into pgc.pg_database values (1, '${DATABASE_NAME}', 10, 6, 'C.UTF-8', 'C.UTF-8', false, true, -1, 1663, NULL)`);
      await c.run("insert into pgc.pg_roles values (10, 'analyst', false, true, false, false, true, false, -1, NULL, false, NULL)");
      await c.run("insert into pgc.pg_am values (2, 'heap', 'heap_tableam_handler', 't')");
      await c.run("insert into pgc.pg_tablespace values (1663, 'pg_default', 10)");
      // Types: those the relations use, with PostgreSQL's names.
      await c.run("create table pgc.pg_type_names (oid bigint, typname varchar, sqlname varchar, typlen smallint, typcategory varchar)");
      const categories: Record<number, string> = {
        [OID.bool]: "B",
        [OID.date]: "D",
        [OID.timestamp]: "D",
        [OID.timestamptz]: "D",
        [OID.time]: "D",
        [OID.interval]: "T",
        [OID.text]: "S",
        [OID.varchar]: "S",
        [OID.uuid]: "U",
        [OID.bytea]: "U",
      };
      const sizes: Record<number, number> = {
        [OID.bool]: 1,
        [OID.int2]: 2,
        [OID.int4]: 4,
        [OID.int8]: 8,
        [OID.float4]: 4,
        [OID.float8]: 8,
        [OID.date]: 4,
        [OID.timestamp]: 8,
        [OID.timestamptz]: 8,
        [OID.time]: 8,
        [OID.interval]: 16,
        [OID.uuid]: 16,
        [OID.oid]: 4,
      };
      const sqlNames: Record<number, string> = {
        [OID.int2]: "smallint",
        [OID.int4]: "integer",
        [OID.int8]: "bigint",
        [OID.bool]: "boolean",
        [OID.float4]: "real",
        [OID.float8]: "double precision",
        [OID.varchar]: "character varying",
        [OID.timestamp]: "timestamp without time zone",
        [OID.timestamptz]: "timestamp with time zone",
        [OID.time]: "time without time zone",
      };
      const typeRows = Object.entries(TYPE_NAMES).map(([oid, name]) => {
        const n = Number(oid);
        return `(${n}, '${name}', '${sqlNames[n] ?? name}', ${sizes[n] ?? -1}, '${categories[n] ?? "N"}')`;
      });
      await c.run(`insert into pgc.pg_type_names values ${typeRows.join(", ")}`);
      await c.run(
        `insert into pgc.pg_type select oid, typname, ${NS.pg_catalog}, 10, typlen, typlen between 1 and 8, 'b', typcategory, false, true, ',', 0, 0, 0,
          0, 0, 0, 0, 0, 0, 0, 'i', 'p', false, 0, -1, 0, 0, NULL, NULL, NULL from pgc.pg_type_names`,
      );
      for (const macro of MACROS) await c.run(`create macro pgc.${macro}`);

      let oid = FIRST_RELATION_OID;
      for (const relation of relations) {
        const relOid = oid;
        oid += 2;
        oids.set(relation.spec.name, relOid);
        await c.run(
          `insert into pgc.pg_class (oid, relname, relnamespace, reltype, reloftype, relowner, relam, relfilenode, reltablespace, relpages, reltuples, relallvisible, reltoastrelid,
            relhasindex, relisshared, relpersistence, relkind, relnatts, relchecks, relhasrules, relhastriggers, relhassubclass, relrowsecurity, relforcerowsecurity,
            relispopulated, relreplident, relispartition, relrewrite, relfrozenxid, relminmxid, relhasoids)
           values (${relOid}, ${text(relation.spec.name)}, ${NS.public}, ${relOid + 1}, 0, 10, 0, 0, 0, 0, -1, 0, 0, false, false, 'p', 'v', ${relation.columns.length}, 0,
            true, false, false, false, false, true, 'n', false, 0, 0, 0, false)`,
        );
        await c.run(`insert into pgc.pg_description values (${relOid}, 1259, 0, ${text(relation.spec.comment)})`);
        const columns = relation.columns.map((column, i) => {
          const type = pgTypeOf(column.type);
          return `(${relOid}, ${text(column.name)}, ${type.oid}, -1, ${type.size}, ${i + 1}, 0, -1, -1, ${type.size > 0 && type.size <= 8}, 'p', 'i', false, false, false, '', '', false, true, 0, 0, NULL, NULL, NULL)`;
        });
        await c.run(`insert into pgc.pg_attribute values ${columns.join(", ")}`);
        const comments = relation.columns.map((column, i) => `(${relOid}, 1259, ${i + 1}, ${text(column.comment || pgTypeName(column.type))})`);
        await c.run(`insert into pgc.pg_description values ${comments.join(", ")}`);
        // An empty table of the same shape, so `select * from public.unit_year limit 0` on the catalog describes it.
        await c.run(`create table public.${relation.spec.name} (${relation.columns.map((col) => `"${col.name}" ${col.type.toString()}`).join(", ")})`);
      }
      await c.run(
        `create view pgc.pg_tables as select 'public' as schemaname, relname as tablename, 'analyst' as tableowner, NULL::varchar as tablespace, false as hasindexes, false as hasrules, false as hastriggers, false as rowsecurity from pgc.pg_class where false`,
      );
      await c.run(
        `create view pgc.pg_views as select '${SCHEMA_NAME}' as schemaname, relname as viewname, 'analyst' as viewowner, pgc.pg_get_viewdef(oid) as definition from pgc.pg_class where relkind = 'v'`,
      );
      await c.run("create view pgc.pg_user as select rolname as usename, oid as usesysid, rolcreatedb as usecreatedb, rolsuper as usesuper from pgc.pg_roles");
      await c.run(
        "create view pgc.pg_stat_activity as select 1 as datid, 'warehouse' as datname, 0 as pid, 'analyst' as usename, NULL::varchar as application_name, NULL::varchar as state, NULL::varchar as query where false",
      );
      for (const [name, select] of Object.entries(INFORMATION_SCHEMA)) await c.run(`create view isc.${name} as ${select}`);
      await c.run("set lock_configuration = true");
    } catch (error) {
      c.closeSync();
      instance.closeSync();
      throw error;
    }
    c.closeSync();
    return new CatalogDatabase(instance, oids);
  }

  /** A connection whose search path finds the catalog tables and macros without a schema. */
  async connect(): Promise<DuckDBConnection> {
    const connection = await this.instance.connect();
    await connection.run("set search_path = 'pgc,isc,public,main'");
    return connection;
  }

  close(): void {
    this.instance.closeSync();
  }
}
