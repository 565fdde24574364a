/**
 * What each export asks GraphQL for, and how its answer becomes flat rows.
 *
 * Each export is one root field of the public schema. Its rows are the field's row
 * objects (aggregates: the group rows, then the totals; connections: the nodes of
 * every page); its columns are the row's selected fields, named by their GraphQL path
 * (`units`, `commune.code`, `keys.DISTRICT.code`), typed from the schema.
 */
import {
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  print,
  type SelectionSetNode,
} from "graphql/index.js";

export interface ExportSpec {
  /** The root field, e.g. `coverage`; also the export's name in `/export/<name>.csv`. */
  readonly field: string;
  /** GraphQL type of one row. */
  readonly rowType: string;
  /** The fields of one row, as a GraphQL selection. */
  readonly row: string;
  /** Top-level fields of `row` left out when the row type does not have them (yet). */
  readonly optional?: readonly string[];
  /**
   * `aggregate`: one answer whose `parts` (lists or single rows) are concatenated, in
   * order (group rows, then totals); `connection`: a Relay connection paged through
   * `first`/`after`, its `nodes` are the rows.
   */
  readonly shape: { readonly kind: "aggregate"; readonly parts: readonly string[] } | { readonly kind: "connection" };
  /**
   * A list field of the row whose items become the rows: each item with the row's other
   * fields beside it, its columns named by path (`points.year`). Forecast series → one row per year.
   */
  readonly expand?: string;
  /** Parts whose rows are totals: an `isTotal` column says which rows came from them (for row types without that field). */
  readonly totalParts?: readonly string[];
  /** Scalar fields of the answer itself repeated on every row, first (`year` of the scorecard). */
  readonly answerFields?: readonly string[];
}

const KEYS = "keys { dimension code name }";

/** The exports, in the order `/export/` lists them. */
export const EXPORT_SPECS: readonly ExportSpec[] = [
  {
    field: "coverage",
    rowType: "CoverageRow",
    row: `isTotal ${KEYS} suppressed units unionisedUnits coverageRate workers unionisedWorkers members density densityAllInScope agreementUnits agreementRate`,
    optional: ["suppressed"],
    shape: { kind: "aggregate", parts: ["rows", "total"] },
  },
  {
    field: "uncoveredUnits",
    rowType: "Enterprise",
    row: `taxCode name year workers workersSource sizeBand ownership legalForm status registeredOn industrialZone
          commune { code name } district { code name } newCommune { code name } province { code name } sector { code name }
          sources { dataset agency period reportedName workers linkMethod linkConfidence fileName batchId lineNo }`,
    shape: { kind: "connection" },
  },
  {
    field: "membershipGrowth",
    rowType: "MembershipGrowthRow",
    row: `year isTotal ${KEYS} suppressed members newMembers left netGrowth unionsReporting target targetId targetMet`,
    optional: ["suppressed"],
    shape: { kind: "aggregate", parts: ["rows", "totals"] },
  },
  {
    field: "financeCollection",
    rowType: "FinanceCollectionRow",
    row: `periodStart periodEnd isTotal ${KEYS} suppressed due paid collectionRate arrears nonPayers unitsOwing payingUnits memberDuesPaid expectedMemberDues`,
    optional: ["suppressed"],
    shape: { kind: "aggregate", parts: ["rows", "periodTotals", "total"] },
  },
  {
    field: "financeGaps",
    rowType: "FinanceGap",
    row: `taxCode name year due paid arrears collectionRate monthsCovered
          socialInsurance { dataset agency months firstMonth lastMonth insuredWorkersLastMonth salaryFund feeDue }
          unionFinance { dataset agency monthsPaid monthsUnpaid firstMonthPaid lastMonthPaid feePaid memberDuesPaid lastPaidOn paymentGrains }
          unit { district { code name } newCommune { code name } sector { code name } hasUnion }`,
    shape: { kind: "connection" },
  },
  {
    field: "scorecard",
    rowType: "ScorecardTarget",
    row: `targetId metric kind programLine unit fromYear toYear comparison target actual gap status baselineYear baseline onTrackValue cumulativeActual`,
    answerFields: ["year"],
    shape: { kind: "aggregate", parts: ["targets"] },
  },
  {
    field: "forecast",
    rowType: "ForecastSeries",
    row: `${KEYS} method fittedFrom fittedTo points { year isForecast value lower80 upper80 lower95 upper95 } methodReason warnings`,
    answerFields: ["metric"],
    expand: "points",
    totalParts: ["total"],
    shape: { kind: "aggregate", parts: ["series", "total"] },
  },
];

/** One column of an export. */
export interface Column {
  /** Header: the GraphQL path of the value (`commune.code`, `keys.DISTRICT.code`). */
  readonly name: string;
  /** The DuckDB type of the Parquet column (`INTEGER`, `DATE`, `STRUCT(...)[]`...). */
  readonly duckType: string;
  /** True for text (enums, strings): a CSV cell that could start a spreadsheet formula is guarded. */
  readonly text: boolean;
  /** True for list values: JSON text in CSV, a LIST in Parquet. */
  readonly list: boolean;
  /** The value of this column in one GraphQL row object. */
  readonly get: (row: Record<string, unknown>) => unknown;
}

/** A spec checked against the schema: its root field and the columns it makes. */
export interface PreparedExport {
  readonly spec: ExportSpec;
  readonly field: GraphQLField<unknown, unknown>;
  /** The selection of the root field (without arguments) for the document. */
  readonly selection: string;
  /** The columns, given the dimensions the answer is grouped by (`keys.<DIM>.code`/`.name`). */
  columns(groupBy: readonly string[]): Column[];
  /** The rows of one answer (the root field's value). */
  rows(answer: Record<string, unknown>): Record<string, unknown>[];
}

/**
 * The exports the schema offers (a spec whose root field the schema lacks is left out);
 * throws when a spec selects a field its row type does not have (a programming error).
 */
export function prepareExports(schema: GraphQLSchema): Map<string, PreparedExport> {
  const query = schema.getQueryType();
  const prepared = new Map<string, PreparedExport>();
  for (const spec of EXPORT_SPECS) {
    const field = query?.getFields()[spec.field];
    if (!field) continue;
    const rowType = schema.getType(spec.rowType);
    if (!isObjectType(rowType)) throw new Error(`export ${spec.field}: the schema has no object type ${spec.rowType}`);
    const parsed = (parse(`{ ${spec.row} }`).definitions[0] as { selectionSet: SelectionSetNode }).selectionSet;
    const fields = rowType.getFields();
    const selectionSet: SelectionSetNode = {
      ...parsed,
      selections: parsed.selections.filter((s) => s.kind !== Kind.FIELD || !spec.optional?.includes(s.name.value) || s.name.value in fields),
    };
    const row = selectionSet.selections.map((s) => print(s)).join(" ");
    const template = columnsOf(rowType, selectionSet, [], `export ${spec.field}`, spec.expand);
    const answerType = getNamedType(field.type);
    const answerFields = isObjectType(answerType) ? answerType.getFields() : {};
    const groupedBy = "groupBy" in answerFields;
    const leading: Column[] = [
      ...(spec.answerFields ?? []).map((name) => answerColumn(name, answerFields[name], `export ${spec.field}`)),
      ...(spec.totalParts ? [IS_TOTAL_COLUMN] : []),
    ];
    const selection =
      spec.shape.kind === "connection"
        ? `pageInfo { hasNextPage endCursor } nodes { ${row} }`
        : `${(spec.answerFields ?? []).map((f) => `${f} `).join("")}${groupedBy ? "groupBy " : ""}${spec.shape.parts.map((part) => `${part} { ${row} }`).join(" ")}`;
    const shape = spec.shape;
    const expand = spec.expand;
    prepared.set(spec.field, {
      spec,
      field,
      selection,
      columns: (groupBy) => [...leading, ...template.flatMap((c) => (c === DIMENSION_KEYS ? keyColumns(groupBy) : [c]))],
      rows: (answer) => {
        const answerValues = Object.fromEntries((spec.answerFields ?? []).map((name) => [name, answer[name] ?? null]));
        const rows: Record<string | symbol, unknown>[] =
          shape.kind === "connection"
            ? ((answer.nodes as Record<string, unknown>[] | null) ?? [])
            : shape.parts.flatMap((part) => {
                const value = answer[part];
                if (value === null || value === undefined) return [];
                const isTotal = spec.totalParts?.includes(part) ?? false;
                return (Array.isArray(value) ? (value as Record<string, unknown>[]) : [value as Record<string, unknown>]).map((r) => ({
                  ...r,
                  [ANSWER]: answerValues,
                  [IS_TOTAL]: isTotal,
                }));
              });
        if (!expand) return rows;
        return rows.flatMap((r) => ((r[expand] as Record<string, unknown>[] | null) ?? []).map((item) => ({ ...r, [expand]: item })));
      },
    });
  }
  return prepared;
}

/** Where a row keeps the answer's own fields (`answerFields`) and whether it came from a total part. */
const ANSWER = Symbol("answer");
const IS_TOTAL = Symbol("isTotal");

const IS_TOTAL_COLUMN: Column = Object.freeze({
  name: "isTotal",
  duckType: "BOOLEAN",
  text: false,
  list: false,
  get: (row: Record<string | symbol, unknown>) => row[IS_TOTAL] ?? false,
});

/** A column of one of the answer's own scalar fields, repeated on every row. */
function answerColumn(name: string, field: GraphQLField<unknown, unknown> | undefined, where: string): Column {
  if (!field) throw new Error(`${where}: the answer has no field ${name}`);
  const named = getNamedType(field.type);
  if (!isScalarType(named) && !isEnumType(named)) throw new Error(`${where}: the answer's ${name} is not a scalar`);
  return {
    name,
    duckType: isEnumType(named) ? "VARCHAR" : (SCALAR_TYPES[named.name] ?? "VARCHAR"),
    text: !isScalarType(named) || named.name === "String" || named.name === "ID",
    list: false,
    get: (row: Record<string | symbol, unknown>) => (row[ANSWER] as Record<string, unknown> | undefined)?.[name] ?? null,
  };
}

/** Placeholder in a column template: the `keys` of an aggregate row, one code and one name column per dimension. */
const DIMENSION_KEYS: Column = Object.freeze({ name: "keys", duckType: "", text: false, list: false, get: () => undefined });

function keyColumns(groupBy: readonly string[]): Column[] {
  return groupBy.flatMap((dimension) =>
    (["code", "name"] as const).map((part) => ({
      name: `keys.${dimension}.${part}`,
      duckType: "VARCHAR",
      text: true,
      list: false,
      get: (row: Record<string, unknown>) => {
        const keys = (row.keys as { dimension: string; code: string | null; name: string | null }[] | undefined) ?? [];
        return keys.find((k) => k.dimension === dimension)?.[part] ?? null;
      },
    })),
  );
}

function columnsOf(type: GraphQLObjectType, selectionSet: SelectionSetNode, path: readonly string[], where: string, expand?: string): Column[] {
  const columns: Column[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) throw new Error(`${where}: only plain fields can be exported`);
    const name = selection.name.value;
    const field = type.getFields()[name];
    if (!field) throw new Error(`${where}: ${type.name} has no field ${name}`);
    const fieldPath = [...path, name];
    const nullable = getNullableType(field.type) as GraphQLOutputType;
    const named = getNamedType(field.type);
    if (path.length === 0 && name === "keys" && named.name === "DimensionValue") {
      columns.push(DIMENSION_KEYS);
    } else if (path.length === 0 && name === expand && isObjectType(named)) {
      // one row per item: the item's fields are columns, named by path
      if (!selection.selectionSet) throw new Error(`${where}: ${name} needs a selection`);
      columns.push(...columnsOf(named, selection.selectionSet, fieldPath, where));
    } else if (isListType(nullable)) {
      columns.push({
        name: fieldPath.join("."),
        duckType: `${duckTypeOf(named, selection, where)}[]`,
        text: false,
        list: true,
        get: (row) => valueAt(row, fieldPath),
      });
    } else if (isObjectType(named)) {
      if (!selection.selectionSet) throw new Error(`${where}: ${name} needs a selection`);
      columns.push(...columnsOf(named, selection.selectionSet, fieldPath, where));
    } else {
      columns.push({
        name: fieldPath.join("."),
        duckType: duckTypeOf(named, selection, where),
        text: !isScalarType(named) || named.name === "String" || named.name === "ID",
        list: false,
        get: (row) => valueAt(row, fieldPath),
      });
    }
  }
  return columns;
}

/** The DuckDB type of a GraphQL value: scalars by name, enums as text, objects as structs of their selection. */
function duckTypeOf(type: ReturnType<typeof getNamedType>, selection: FieldNode, where: string): string {
  if (isEnumType(type)) return "VARCHAR";
  if (isScalarType(type)) return SCALAR_TYPES[type.name] ?? "VARCHAR";
  if (isObjectType(type)) {
    if (!selection.selectionSet) throw new Error(`${where}: ${selection.name.value} needs a selection`);
    const fields = selection.selectionSet.selections.map((s) => {
      if (s.kind !== Kind.FIELD) throw new Error(`${where}: only plain fields can be exported`);
      const field = type.getFields()[s.name.value];
      if (!field) throw new Error(`${where}: ${type.name} has no field ${s.name.value}`);
      const list = isListType(getNullableType(field.type));
      return `"${s.name.value}" ${duckTypeOf(getNamedType(field.type), s, where)}${list ? "[]" : ""}`;
    });
    return `STRUCT(${fields.join(", ")})`;
  }
  throw new Error(`${where}: ${selection.name.value} has a type that cannot be exported`);
}

const SCALAR_TYPES: Readonly<Record<string, string>> = {
  Int: "INTEGER",
  Float: "DOUBLE",
  Boolean: "BOOLEAN",
  BigInt: "BIGINT",
  LocalDate: "DATE",
  String: "VARCHAR",
  ID: "VARCHAR",
};

function valueAt(row: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = row;
  for (const key of path) {
    if (value === null || value === undefined) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? null;
}
