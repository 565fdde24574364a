import type { ApolloServerPlugin } from "@apollo/server";
import { type DocumentNode, GraphQLError, getVariableValues, Kind, type OperationDefinitionNode, visit } from "graphql/index.js";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from "graphql-query-complexity";
import { QueryInterruptedError } from "../../core/warehouse/kysely/duckdb-driver.js";
import type { Db } from "../../queries/database.js";
import { type DimensionCardinalities, dimensionCardinalities } from "../../queries/dimension-cardinalities.js";
import { type ComplexityContext, GRID_FIELDS } from "../../schema/common/complexity.js";
import { QUERY_TIMEOUT } from "../format-error.js";

/** The part of the request context the cost limit needs: the warehouse version the request reads. */
export interface CostedContext {
  readonly db: Db;
}

export interface ComplexityLimits {
  /** MAX_COMPLEXITY: the highest cost accepted. */
  readonly maxComplexity: number;
  /** MAX_ANSWER_ROWS: the most rows of one grouped answer (schema/common/complexity.ts, gridComplexity). */
  readonly maxAnswerRows: number;
}

/**
 * Refuses operations whose cost (graphql-query-complexity: each field 1, list fields
 * times their expected length, pages times `first`, grouped grids times their predicted
 * rows) exceeds `maxComplexity`, with QUERY_TOO_COMPLEX. It needs the variables, so it
 * runs once the operation is resolved: after validation (which bounds the expanded size
 * the estimate walks) and before execution, so before any SQL but the cardinality read
 * (one small statement per warehouse version, only for operations with a grouped grid).
 *
 * It fails closed: variables that do not coerce are left to execution (BAD_USER_INPUT,
 * before any resolver runs); an estimator's own BAD_USER_INPUT (too many rows, a bad
 * range) is answered as it is; any other error while estimating refuses the operation.
 */
export function complexityLimitPlugin(limits: ComplexityLimits): ApolloServerPlugin<CostedContext> {
  const cardinalities = new WeakMap<Db, Promise<DimensionCardinalities>>();
  const cardinalitiesOf = (db: Db): Promise<DimensionCardinalities> => {
    let known = cardinalities.get(db);
    if (!known) {
      known = dimensionCardinalities(db);
      known.catch(() => cardinalities.delete(db)); // read again by the next request
      cardinalities.set(db, known);
    }
    return known;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema, contextValue, logger }) {
          if (!operation) return;
          const variables = request.variables ?? {};
          if (getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return; // execution answers BAD_USER_INPUT
          let cost: number;
          try {
            const context: ComplexityContext = usesGrid(document, operation)
              ? { grid: { cardinalities: await cardinalitiesOf(contextValue.db), maxAnswerRows: limits.maxAnswerRows } }
              : {};
            cost = getComplexity({
              schema,
              query: document,
              variables,
              operationName: request.operationName ?? undefined,
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
              context,
            });
          } catch (error) {
            if (error instanceof GraphQLError && error.extensions.code === "BAD_USER_INPUT") throw asBadRequest(error);
            if (error instanceof QueryInterruptedError) throw stoppedByTimeLimit(); // server/plugins/query-timeout.ts answers it
            if (!(error instanceof GraphQLError))
              logger.error(`cost estimate failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
            throw notEstimated(error);
          }
          if (!Number.isFinite(cost)) throw notEstimated(new GraphQLError(`the estimate is ${cost}`));
          if (cost > limits.maxComplexity) {
            throw new GraphQLError(
              `The query costs ${cost}, more than the maximum of ${limits.maxComplexity}; ask for fewer items (a smaller \`first\`), fewer nested lists or fewer grouping dimensions.`,
              { extensions: { code: "QUERY_TOO_COMPLEX", cost, limit: limits.maxComplexity, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

function stoppedByTimeLimit(): GraphQLError {
  return new GraphQLError("The cost estimate was stopped by the time limit.", { extensions: { code: QUERY_TIMEOUT, http: { status: 200 } } });
}

/**
 * An estimator's BAD_USER_INPUT (a bad year range, too many rows), answered as it is with
 * HTTP 400: thrown before execution, without a status Apollo would answer it with 500.
 */
function asBadRequest(error: GraphQLError): GraphQLError {
  if (error.extensions.http) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError,
    extensions: { ...error.extensions, http: { status: 400 } },
  });
}

/** The refusal; only GraphQL's own messages are shown (a warehouse error is logged, not sent). */
function notEstimated(error: unknown): GraphQLError {
  const reason = error instanceof GraphQLError ? error.message : "an internal error";
  return new GraphQLError(`The query's cost could not be estimated (${reason}), so it is refused; ask for fewer fields, fragments or directives.`, {
    extensions: { code: "QUERY_TOO_COMPLEX", reason: "COST_NOT_ESTIMATED", http: { status: 400 } },
  });
}

/** Whether the operation (with the fragments it may spread) selects a grouped aggregate with a `groupBy`. */
function usesGrid(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  let found = false;
  for (const definition of document.definitions) {
    if (definition !== operation && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    visit(definition, {
      Field(node) {
        if (GRID_FIELDS.has(node.name.value) && node.arguments?.some((a) => a.name.value === "groupBy")) found = true;
      },
    });
    if (found) return true;
  }
  return false;
}
