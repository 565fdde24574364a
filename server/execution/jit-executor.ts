import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isInputObjectType,
  Kind,
  type NamedTypeNode,
  type OperationDefinitionNode,
  printSchema,
  typeFromAST,
  valueFromASTUntyped,
  visit,
} from "graphql/index.js";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";

/**
 * The API's executor: each operation compiled once by graphql-jit into a JavaScript
 * function that walks the answer's shape directly (no per-field lookups of types and
 * resolvers, no `info` object per field), so a grid of thousands of rows costs little
 * more than the SQL that made it. Handed to Apollo through its gateway interface (the
 * hook Apollo offers for another executor): Apollo still parses, validates, runs every
 * plugin hook but `willResolveField` (none of ours uses it: the cost limit, time limit,
 * warehouse lease, caching and warnings work on the request, server/plugins), formats
 * errors and serialises.
 *
 * graphql-js's own `execute` still answers what the compiled function would answer
 * differently or slowly: an operation whose variables do not coerce (graphql-js's own
 * BAD_USER_INPUT messages), one naming no operation or an unknown one, introspection
 * (`__schema`, `__type`), and one with a variable of an input-object type (see
 * takesInputObjects). Compiled operations are kept per parsed
 * document (Apollo keeps the parsed documents of repeated queries), up to
 * MAX_COMPILED of them.
 */
const MAX_COMPILED = 500;

export interface JitExecutorStats {
  compiled: number;
  jit: number;
  graphqlJs: number;
}

export function jitGateway(schema: GraphQLSchema): { gateway: GatewayInterface; stats: JitExecutorStats } {
  const stats: JitExecutorStats = { compiled: 0, jit: 0, graphqlJs: 0 };
  const compiledByDocument = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  let kept = 0;

  const compiledFor = (document: DocumentNode, operationName: string | undefined): CompiledQuery | null => {
    let byName = compiledByDocument.get(document);
    const key = operationName ?? "";
    if (byName?.has(key)) return byName.get(key) ?? null;
    const compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
    const found = isCompiledQuery(compiled) ? compiled : null;
    if (found) stats.compiled++;
    if (kept < MAX_COMPILED) {
      if (!byName) {
        byName = new Map();
        compiledByDocument.set(document, byName);
      }
      byName.set(key, found);
      kept++;
    }
    return found;
  };

  const byGraphqlJs = (
    schema: GraphQLSchema,
    document: DocumentNode,
    context: unknown,
    variables: Record<string, unknown> | undefined,
    operationName?: string,
  ) => {
    stats.graphqlJs++;
    return execute({ schema, document, contextValue: context, variableValues: variables, operationName }) as Promise<ExecutionResult> | ExecutionResult;
  };

  const executor: GatewayExecutor = async (requestContext) => {
    const { document, request, context } = requestContext;
    const operationName = request.operationName ?? undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation || introspects(operation, document) || takesInputObjects(schema, operation) || coercionFails(schema, operation, request.variables)) {
      return (await byGraphqlJs(schema, document, context, request.variables, operationName)) as never;
    }
    const compiled = compiledFor(document, operationName);
    if (!compiled) return (await byGraphqlJs(schema, document, context, request.variables, operationName)) as never;
    stats.jit++;
    const result = await compiled.query(undefined, context, withDefaults(operation, request.variables));
    return (result.errors?.length ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result) as never;
  };

  const gateway: GatewayInterface = {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
  return { gateway, stats };
}

/**
 * graphql-jit's errors as graphql-js would have made them (errors.test.ts, limits.test.ts
 * and the error formatting of server/format-error.ts read them): an error a resolver
 * threw that already has a path as it is, any other as a GraphQLError of graphql-js with
 * the message, locations, path and original error (whose extensions it carries).
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const original = error.originalError ?? undefined;
  if (original instanceof GraphQLError && Array.isArray(original.path)) return original;
  const made = new GraphQLError(error.message, { path: error.path, originalError: original });
  (made as { locations: GraphQLError["locations"] }).locations = error.locations;
  return made;
}

/**
 * The variables with each one not given set to its default, as graphql-js takes it
 * (graphql-jit refuses `$n: Int! = 20` when `n` is not given).
 */
function withDefaults(operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.defaultValue && !Object.hasOwn(out, name)) out[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return out;
}

/**
 * Whether a variable is (a list of) an input object: graphql-jit compiles a parser for each
 * variable's type, and for the recursive EnterpriseFilterInput (AND, OR, NOT) that takes
 * tens of seconds; such operations are executed by graphql-js. Literal filters compile fast.
 */
function takesInputObjects(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  let found = inputObjectsOf.get(operation);
  if (found === undefined) {
    found = (operation.variableDefinitions ?? []).some((d) => {
      const type = typeFromAST(schema, d.type as NamedTypeNode);
      return type !== undefined && isInputObjectType(getNamedType(type));
    });
    inputObjectsOf.set(operation, found);
  }
  return found;
}

const inputObjectsOf = new WeakMap<OperationDefinitionNode, boolean>();

function coercionFails(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): boolean {
  if (!operation.variableDefinitions?.length) return false;
  return getVariableValues(schema, operation.variableDefinitions, variables ?? {}).errors !== undefined;
}

const introspectionOf = new WeakMap<OperationDefinitionNode, boolean>();

/** Whether the operation (with the fragments it may spread) asks for `__schema` or `__type`. */
function introspects(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  let found = introspectionOf.get(operation);
  if (found !== undefined) return found;
  found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") found = true;
    },
    [Kind.OPERATION_DEFINITION]: (node) => (node === operation || node.kind !== Kind.OPERATION_DEFINITION ? undefined : false),
  });
  introspectionOf.set(operation, found);
  return found;
}
