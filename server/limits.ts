import type { ApolloServerPlugin } from "@apollo/server";
import { type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationRule } from "graphql/index.js";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from "graphql-query-complexity";

/**
 * Validation rule: refuses operations nested deeper than `maxDepth` fields
 * (introspection fields `__schema`, `__type` are not counted, so tools still work).
 * Runs with validation, before any resolver and so before any SQL.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (selectionSet: SelectionSetNode, visiting: ReadonlySet<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith("__")) continue;
          deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, visiting) : 0));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment && !visiting.has(fragment.name.value)) {
            deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...visiting, fragment.name.value])));
          }
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`The query is nested ${depth} levels deep, more than the maximum of ${maxDepth}; ask for fewer nested fields.`, {
              nodes: [operation],
              extensions: { reason: "QUERY_TOO_DEEP", depth, limit: maxDepth },
            }),
          );
        }
      },
    };
  };
}

/**
 * Refuses operations whose cost (graphql-query-complexity: each field 1, list fields
 * times their expected length, pages times `first`) exceeds `maxComplexity`, with
 * QUERY_TOO_COMPLEX. It needs the variables, so it runs once the operation is
 * resolved: still after validation and before execution, so before any SQL.
 */
export function complexityLimitPlugin(maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: request.operationName ?? undefined,
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            return; // variables that do not coerce: execution reports them (BAD_USER_INPUT) before any resolver runs
          }
          if (cost > maxComplexity) {
            throw new GraphQLError(
              `The query costs ${cost}, more than the maximum of ${maxComplexity}; ask for fewer items (a smaller \`first\`) or fewer nested lists.`,
              { extensions: { code: "QUERY_TOO_COMPLEX", cost, limit: maxComplexity, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
