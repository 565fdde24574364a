/**
 * The fixed set of API operations the bench measures, and the optional ones that are
 * measured only when schema/schema.graphql has their root field when the bench runs
 * (membership growth, finance by month, scorecard, forecast: other engineers' work in
 * progress). An optional operation is built from the schema itself: its root field's
 * arguments are filled by name (years, dates, grain, horizon, tax code) and its
 * selection takes every scalar field down to a fixed depth. A hand-written document in
 * `bench/operations/<id>.graphql` replaces the generated one (its variables are filled
 * by the same rules).
 */
import { existsSync, readFileSync } from "node:fs";
import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type OperationDefinitionNode,
  parse,
  typeFromAST,
} from "graphql";

export interface Operation {
  readonly id: string;
  readonly label: string;
  readonly root: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** Part of the throughput mix. */
  readonly dashboard: boolean;
}

export interface SkippedOperation {
  readonly id: string;
  readonly label: string;
  readonly reason: string;
}

/** Values the operations are asked for. */
export interface OperationContext {
  readonly firstYear: number;
  readonly lastYear: number;
  /** The year the fixed operations ask for (the last full sample year before the 2025 reform). */
  readonly year: number;
  readonly taxCode: string;
}

const MEASURES = `units unionisedUnits coverageRate workers unionisedWorkers members density densityAllInScope agreementUnits agreementRate`;

const COVERAGE = (groupBy: string) => `query BenchCoverage($year: Int) {
  coverage(year: $year, groupBy: [${groupBy}]) {
    year groupBy
    rows { keys { dimension code name } ${MEASURES} }
    total { ${MEASURES} }
  }
}`;

const UNCOVERED = `query BenchUncovered($year: Int, $first: Int! = 50, $after: String) {
  uncoveredUnits(year: $year, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      taxCode name year workers workersSource industrialZone
      commune { code name }
      sector { code name }
      sources { agency dataset period reportedName workers linkMethod linkConfidence }
    }
  }
}`;

/** The length of the uncovered list. */
export const UNCOVERED_COUNT = `query BenchUncoveredCount($year: Int) {
  uncoveredUnits(year: $year, first: 0) { totalCount }
}`;

/** Only the cursors: how the bench walks to the deep page. */
export const UNCOVERED_CURSOR = `query BenchUncoveredCursor($year: Int, $first: Int!, $after: String) {
  uncoveredUnits(year: $year, first: $first, after: $after) { pageInfo { hasNextPage endCursor } }
}`;

/** The largest unit with a union: the subject of "one unit with all nested lists". */
export const UNIT_SUBJECT = `query BenchUnitSubject($asOf: LocalDate) {
  enterprises(asOf: $asOf, first: 1, filter: { hasUnion: true }, orderBy: { field: WORKERS, direction: DESC }) { nodes { taxCode workers } }
}`;

const UNIT_DETAILS = `query BenchUnitDetails($taxCode: String!, $asOf: LocalDate) {
  enterprise(taxCode: $taxCode, asOf: $asOf) {
    taxCode parentTaxCode name year legalForm ownership status registeredOn closedOn
    sector { code name } district { code name } commune { code name } newCommune { code name } province { code name }
    industrialZone workers workersSource sizeBand inScope20 hasUnion members agreementInForce feeDue feePaid arrears
    sources { agency dataset period reportedName workers linkMethod linkConfidence fileName batchId lineNo }
    workersHistory { year workers workersSource sizeBand active }
    union { unionCode name upperUnion foundedOn dissolvedOn }
    unions { unionCode name upperUnion foundedOn dissolvedOn inForce }
    agreements { signedOn effectiveOn expiresOn workersCovered inForce }
    siMonths { month insuredWorkers salaryFund unionFeeDue }
    finance { grain periodStart periodEnd feePaid duesPaid paidOn }
  }
}`;

/** The analytics equivalent of the commune × sector grid: the same measures, a page of the most rows allowed (500). */
const ANALYTICS_GRID = `query BenchAnalyticsGrid($year: Int) {
  analytics(year: $year, groupBy: [COMMUNE, SECTOR], first: 500) {
    rows { keys { dimension code name } units unionisedUnits coverageRate workers unionisedWorkers inScopeMembers density densityAllInScope agreementUnits agreementRate }
    total { units unionisedUnits coverageRate workers unionisedWorkers inScopeMembers density densityAllInScope agreementUnits agreementRate }
    totalCount pageInfo { hasNextPage endCursor } source
  }
}`;

/** The README's analytics examples (examples/analytics-*.graphql), asked for the bench's year. */
const ANALYTICS_EXAMPLES = [
  { id: "analytics_top_communes_arrears", file: "analytics-top-communes-by-arrears.graphql", label: "analytics: top 10 communes by arrears (unionised)" },
  { id: "analytics_districts_below_70", file: "analytics-districts-below-70-percent.graphql", label: "analytics: districts with coverage below 70 %" },
  { id: "analytics_district_grid", file: "analytics-district-grid.graphql", label: "analytics: coverage, arrears, new members per district" },
  { id: "analytics_monthly_fee_sector", file: "analytics-monthly-fee-collection-sector.graphql", label: "analytics: monthly fee collection, sector C" },
] as const;

/** The analytics operations: the grid, and each README example whose file is present (`examplesDir`). */
export function analyticsOperations(context: OperationContext, examplesDir: string): Operation[] {
  const out: Operation[] = [
    {
      id: "analytics_commune_sector",
      label: "analytics: commune × sector, first 500 rows, with totals",
      root: "analytics",
      query: ANALYTICS_GRID,
      variables: { year: context.year },
      dashboard: false,
    },
  ];
  for (const example of ANALYTICS_EXAMPLES) {
    const path = `${examplesDir}/${example.file}`;
    if (!existsSync(path)) continue;
    const query = readFileSync(path, "utf8");
    const variables: Record<string, unknown> = {};
    if (/\$year\b/.test(query)) variables.year = context.year;
    if (/\$from\b/.test(query)) variables.from = `${context.year}-01-01`;
    if (/\$to\b/.test(query)) variables.to = `${context.year}-12-31`;
    out.push({ id: example.id, label: example.label, root: "analytics", query, variables, dashboard: false });
  }
  return out;
}

export function fixedOperations(context: OperationContext, deepCursor: string | null): Operation[] {
  return [
    {
      id: "coverage_district",
      label: "coverage by district",
      root: "coverage",
      query: COVERAGE("DISTRICT"),
      variables: { year: context.year },
      dashboard: true,
    },
    {
      id: "coverage_commune_sector",
      label: "coverage by commune × sector, with totals",
      root: "coverage",
      query: COVERAGE("COMMUNE, SECTOR"),
      variables: { year: context.year },
      dashboard: true,
    },
    {
      id: "uncovered_first",
      label: "uncovered units, first page (50)",
      root: "uncoveredUnits",
      query: UNCOVERED,
      variables: { year: context.year },
      dashboard: true,
    },
    {
      id: "uncovered_deep",
      label: "uncovered units, deep page (50 at 80 %)",
      root: "uncoveredUnits",
      query: UNCOVERED,
      variables: { year: context.year, after: deepCursor },
      dashboard: false,
    },
    {
      id: "unit_details",
      label: "one unit with all nested lists",
      root: "enterprise",
      query: UNIT_DETAILS,
      variables: { taxCode: context.taxCode, asOf: `${context.year}-12-31` },
      dashboard: true,
    },
  ];
}

interface OptionalSpec {
  readonly id: string;
  readonly label: string;
  /** Root field names, most specific first. */
  readonly patterns: readonly RegExp[];
  readonly grain?: "MONTH" | "YEAR";
  /** Years asked for: the whole sample span, or one year. */
  readonly span: "all" | "year";
  /** The last year asked for is this many years after the sample's last (a forecast's horizon). */
  readonly futureYears?: number;
}

export const OPTIONAL_SPECS: readonly OptionalSpec[] = [
  { id: "membership_growth", label: "membership growth 2019–now", patterns: [/membership.*growth|growth.*member/i, /membership/i], grain: "YEAR", span: "all" },
  { id: "finance_by_month", label: "finance by month for a year", patterns: [/financ|fee|kpcd|collection|dues/i], grain: "MONTH", span: "year" },
  { id: "scorecard", label: "scorecard", patterns: [/scorecard/i, /score/i], span: "year" },
  { id: "forecast", label: "forecast to 5 years ahead", patterns: [/forecast/i, /projection|predict/i], span: "all", futureYears: 5 },
];

const FIXED_ROOTS = new Set(["coverage", "enterprises", "enterprise", "uncoveredUnits"]);
const MAX_SELECTION_DEPTH = 3;

/** The optional operations whose root field schema/schema.graphql has; the others with the reason. */
export function optionalOperations(
  schemaPath: string,
  operationsDir: string,
  context: OperationContext,
): { operations: Operation[]; skipped: SkippedOperation[] } {
  const operations: Operation[] = [];
  const skipped: SkippedOperation[] = [];
  let schema: GraphQLSchema;
  try {
    schema = buildSchema(readFileSync(schemaPath, "utf8"));
  } catch (error) {
    return {
      operations,
      skipped: OPTIONAL_SPECS.map((s) => ({ id: s.id, label: s.label, reason: `schema/schema.graphql unreadable: ${(error as Error).message}` })),
    };
  }
  const queryType = schema.getQueryType();
  const fields = queryType ? Object.values(queryType.getFields()).filter((f) => !FIXED_ROOTS.has(f.name)) : [];
  const used = new Set<string>();
  for (const spec of OPTIONAL_SPECS) {
    const field = spec.patterns.map((p) => fields.find((f) => p.test(f.name) && !used.has(f.name))).find(Boolean);
    if (!field) {
      skipped.push({ id: spec.id, label: spec.label, reason: `no root field matching ${spec.patterns.map(String).join(" or ")} in schema/schema.graphql` });
      continue;
    }
    used.add(field.name);
    const filler = new ArgumentFiller(spec, context);
    try {
      const handWritten = `${operationsDir}/${spec.id}.graphql`;
      const operation = existsSync(handWritten)
        ? fromDocument(schema, spec, readFileSync(handWritten, "utf8"), field.name, filler)
        : generated(spec, field, filler);
      operations.push(operation);
    } catch (error) {
      skipped.push({ id: spec.id, label: spec.label, reason: `root field ${field.name}: ${(error as Error).message}` });
    }
  }
  return { operations, skipped };
}

class CannotFill extends Error {}

/** Fills arguments (and variables) by their names and types. */
class ArgumentFiller {
  constructor(
    readonly spec: OptionalSpec,
    readonly context: OperationContext,
  ) {}

  /** A value, or undefined to leave the argument out; throws CannotFill for a required one it cannot guess. */
  value(name: string, type: GraphQLInputType, hasDefault: boolean): unknown {
    const required = isNonNullType(type) && !hasDefault;
    const guessed = this.#guess(name, isNonNullType(type) ? type.ofType : type, required);
    if (guessed === undefined && required) throw new CannotFill(`cannot choose a value for required argument ${name}: ${String(type)}`);
    return guessed;
  }

  #guess(name: string, type: GraphQLInputType, required: boolean): unknown {
    const { firstYear, lastYear, year } = this.context;
    const from = this.spec.span === "all" ? firstYear : year;
    const to = this.spec.futureYears ? lastYear + this.spec.futureYears : this.spec.span === "all" ? lastYear : year;
    const n = name.toLowerCase();
    if (isListType(type)) {
      if (!required) return undefined;
      const inner = this.#guess(name, isNonNullType(type.ofType) ? type.ofType.ofType : type.ofType, true);
      return inner === undefined ? undefined : [inner];
    }
    if (isInputObjectType(type)) {
      if (!required) return undefined;
      const out: Record<string, unknown> = {};
      for (const f of Object.values(type.getFields())) {
        const v = this.value(f.name, f.type, f.defaultValue !== undefined);
        if (v !== undefined) out[f.name] = v;
      }
      return out;
    }
    if (isEnumType(type)) {
      const values = type.getValues().map((v) => v.name);
      if (this.spec.grain && /grain|interval|period|granularity|frequency|resolution|step|by$/.test(n)) {
        const match = values.find((v) => v.includes(this.spec.grain!));
        if (match) return match;
      }
      return required ? values[0] : undefined;
    }
    if (isScalarType(type)) {
      if (type.name === "Int" || type.name === "Float") {
        if (/^(from|start|since|begin)|(from|start|since)$/.test(n)) return from;
        if (/^(to|end|until|through)|(to|end|until)$/.test(n)) return to;
        if (/year/.test(n)) return year;
        if (/horizon|ahead|months|periods|steps/.test(n)) return 12;
        if (/^(first|limit|top|size)$/.test(n)) return 50;
        if (/minworkers|threshold/.test(n)) return 20;
        return undefined;
      }
      if (type.name === "LocalDate" || /date/i.test(type.name) || /date|asof|on$/.test(n)) {
        if (/^(from|start|since|begin)|(from|start|since)$/.test(n)) return `${from}-01-01`;
        if (/^(to|end|until|through)|(to|end|until)$/.test(n)) return `${to}-12-31`;
        if (/asof|date|on$/.test(n)) return `${to}-12-31`;
        return undefined;
      }
      if (type.name === "String" || type.name === "ID") {
        if (/taxcode/.test(n)) return this.context.taxCode;
        if (/^(from|start|since)/.test(n)) return this.spec.grain === "MONTH" ? `${from}-01` : String(from);
        if (/^(to|end|until)/.test(n)) return this.spec.grain === "MONTH" ? `${to}-12` : String(to);
        return undefined;
      }
    }
    return undefined;
  }
}

function argumentsText(args: readonly GraphQLArgument[], filler: ArgumentFiller): string {
  const parts: string[] = [];
  for (const arg of args) {
    const value = filler.value(arg.name, arg.type, arg.defaultValue !== undefined);
    if (value !== undefined) parts.push(`${arg.name}: ${literal(value, arg.type)}`);
  }
  return parts.length ? `(${parts.join(", ")})` : "";
}

/** A GraphQL literal of a JS value (enum values unquoted). */
function literal(value: unknown, type: GraphQLInputType): string {
  const t = isNonNullType(type) ? type.ofType : type;
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, isListType(t) ? t.ofType : t)).join(", ")}]`;
  if (isEnumType(t)) return String(value);
  if (isInputObjectType(t) && typeof value === "object") {
    const fields = t.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${literal(v, fields[k].type)}`)
      .join(", ")} }`;
  }
  return JSON.stringify(value);
}

/** Every leaf field of `type` down to the depth limit; object fields whose required arguments cannot be filled are left out. */
function selection(type: GraphQLNamedType, filler: ArgumentFiller, depth: number, path: readonly string[]): string | undefined {
  if (isLeafType(type)) return "";
  if (!isObjectType(type) && !isInterfaceType(type)) return undefined;
  if (depth > MAX_SELECTION_DEPTH || path.includes(type.name)) return undefined;
  const parts: string[] = [];
  for (const field of Object.values((type as GraphQLObjectType).getFields())) {
    let args: string;
    try {
      args = argumentsText(field.args, filler);
    } catch {
      continue;
    }
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(`${field.name}${args}`);
    else {
      const inner = selection(named, filler, depth + 1, [...path, type.name]);
      if (inner) parts.push(`${field.name}${args} { ${inner} }`);
    }
  }
  return parts.length ? parts.join(" ") : undefined;
}

function generated(spec: OptionalSpec, field: GraphQLField<unknown, unknown>, filler: ArgumentFiller): Operation {
  const args = argumentsText(field.args, filler);
  const named = getNamedType(field.type);
  const inner = selection(named, filler, 1, []);
  if (inner === undefined) throw new Error(`no selectable field under ${named.name}`);
  const body = inner ? `${field.name}${args} { ${inner} }` : `${field.name}${args}`;
  return {
    id: spec.id,
    label: `${spec.label} (${field.name}, generated)`,
    root: field.name,
    query: `query Bench_${spec.id} { ${body} }`,
    variables: {},
    dashboard: true,
  };
}

function fromDocument(schema: GraphQLSchema, spec: OptionalSpec, text: string, root: string, filler: ArgumentFiller): Operation {
  const document = parse(text);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  if (!operation) throw new Error(`bench/operations/${spec.id}.graphql has no operation`);
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!type) throw new Error(`unknown type of $${definition.variable.name.value}`);
    const value = filler.value(definition.variable.name.value, type, definition.defaultValue !== undefined);
    if (value !== undefined) variables[definition.variable.name.value] = value;
  }
  return { id: spec.id, label: `${spec.label} (${root}, bench/operations/${spec.id}.graphql)`, root, query: text, variables, dashboard: true };
}

/** Whether a GraphQL-over-HTTP response body is a success for `root`: data present, no errors. */
export function bodyProblem(status: number, text: string, root: string): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  let body: { data?: Record<string, unknown> | null; errors?: { message?: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return "the body is not JSON";
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    return `GraphQL error ${e.extensions?.code ?? ""}: ${e.message ?? ""}`.trim();
  }
  if (!body.data || body.data[root] === null || body.data[root] === undefined) return `no data.${root}`;
  return undefined;
}
