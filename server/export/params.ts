import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from "graphql/index.js";

/** A request parameter the export cannot use: answered with 400 and this message. */
export class ExportParameterError extends Error {
  override readonly name = "ExportParameterError";
}

/**
 * The GraphQL variables for one root field from the query string: each argument is a
 * parameter of the same name (`?year=2024&groupBy=DISTRICT&groupBy=SECTOR`); lists take
 * repeated parameters or comma-separated values; input objects take JSON
 * (`filter={"districtCodeIn":["464"]}`) and/or one parameter per field
 * (`filter.districtCodeIn=464,461`, `filter.hasUnion=false`). Only the parameters
 * given become variables, so the field's own defaults apply to the rest; values GraphQL
 * must judge (enums, dates, ranges) are left to it, so the answer is the GraphQL one.
 */
export function variablesFromQuery(field: GraphQLField<unknown, unknown>, search: URLSearchParams): Record<string, unknown> {
  const args = new Map(field.args.map((a) => [a.name, a]));
  const variables: Record<string, unknown> = {};
  const dotted = new Map<string, Map<string, string[]>>();

  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    const dot = name.indexOf(".");
    const argName = dot < 0 ? name : name.slice(0, dot);
    const arg = args.get(argName);
    if (!arg) throw new ExportParameterError(`unknown parameter "${name}": ${field.name} takes ${describeArgs(field)}`);
    if (dot >= 0) {
      if (!isInputObjectType(getNullableType(arg.type)))
        throw new ExportParameterError(`parameter "${name}": ${argName} is not an input object, so it has no field "${name.slice(dot + 1)}"`);
      let fields = dotted.get(argName);
      if (!fields) {
        fields = new Map();
        dotted.set(argName, fields);
      }
      fields.set(name.slice(dot + 1), values);
      continue;
    }
    variables[argName] = coerceParameter(name, arg.type, values);
  }

  for (const [argName, fields] of dotted) {
    const arg = args.get(argName) as GraphQLArgument;
    const base = variables[argName] ?? {};
    if (typeof base !== "object" || base === null || Array.isArray(base))
      throw new ExportParameterError(`parameter "${argName}" must be a JSON object to combine with ${argName}.… parameters`);
    const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [path, values] of fields) setPath(merged, `${argName}.`, path.split("."), getNullableType(arg.type) as GraphQLInputType, values);
    variables[argName] = merged;
  }

  const missing = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined && !(a.name in variables));
  if (missing.length) {
    throw new ExportParameterError(
      `missing parameter${missing.length > 1 ? "s" : ""} ${missing.map((a) => `${a.name} (${String(a.type)}${a.description ? `: ${a.description}` : ""})`).join("; ")}`,
    );
  }
  return variables;
}

/** `year (Int), groupBy ([Dimension!]!), …` for messages. */
export function describeArgs(field: GraphQLField<unknown, unknown>): string {
  return field.args.map((a) => `${a.name} (${String(a.type)})`).join(", ");
}

function setPath(target: Record<string, unknown>, prefix: string, path: readonly string[], type: GraphQLInputType, values: readonly string[]): void {
  const [head, ...rest] = path;
  const objectType = getNullableType(type);
  if (!isInputObjectType(objectType)) throw new ExportParameterError(`parameter "${prefix}${path.join(".")}": ${prefix.slice(0, -1)} has no fields`);
  const field = objectType.getFields()[head];
  if (!field) {
    throw new ExportParameterError(`unknown parameter "${prefix}${path.join(".")}": ${objectType.name} has ${Object.keys(objectType.getFields()).join(", ")}`);
  }
  if (rest.length === 0) {
    target[head] = coerceParameter(`${prefix}${head}`, field.type, values);
    return;
  }
  const inner = target[head] ?? {};
  if (typeof inner !== "object" || inner === null || Array.isArray(inner)) throw new ExportParameterError(`parameter "${prefix}${head}" is set twice`);
  target[head] = inner;
  setPath(inner as Record<string, unknown>, `${prefix}${head}.`, rest, field.type, values);
}

/** One parameter's text values as a variable value of `type`. */
function coerceParameter(name: string, type: GraphQLInputType, values: readonly string[]): unknown {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    const items = values.flatMap((v) => (v.trim().startsWith("[") ? parseJson(name, v) : v === "" ? [] : v.split(",")));
    return (items as unknown[]).map((item) => (typeof item === "string" ? coerceScalar(name, nullable.ofType as GraphQLInputType, item) : item));
  }
  if (values.length > 1) throw new ExportParameterError(`parameter "${name}" is given ${values.length} times; it takes one value (${String(type)})`);
  const value = values[0];
  if (isInputObjectType(nullable)) {
    const parsed = parseJson(name, value);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new ExportParameterError(`parameter "${name}" must be a JSON object (${nullable.name})`);
    return parsed;
  }
  return coerceScalar(name, nullable, value);
}

function coerceScalar(name: string, type: GraphQLInputType, text: string): unknown {
  const nullable = getNullableType(type);
  const value = text.trim();
  if (isScalarType(nullable)) {
    switch (nullable.name) {
      case "Int":
        if (!/^[+-]?\d+$/.test(value)) throw new ExportParameterError(`parameter "${name}" must be a whole number, not "${text}"`);
        return Number(value);
      case "Float": {
        const number = Number(value);
        if (value === "" || !Number.isFinite(number)) throw new ExportParameterError(`parameter "${name}" must be a number, not "${text}"`);
        return number;
      }
      case "Boolean":
        if (/^(true|1)$/i.test(value)) return true;
        if (/^(false|0)$/i.test(value)) return false;
        throw new ExportParameterError(`parameter "${name}" must be true or false, not "${text}"`);
      default:
        return value; // String, ID, LocalDate, BigInt...: GraphQL checks them
    }
  }
  if (isEnumType(nullable)) return value;
  throw new ExportParameterError(`parameter "${name}" (${String(type)}) cannot be given as text`);
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ExportParameterError(`parameter "${name}" is not valid JSON: ${(error as Error).message}`);
  }
}
