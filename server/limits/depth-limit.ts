import { type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationRule } from "graphql/index.js";

/**
 * Validation rule: refuses operations nested deeper than `maxDepth` fields
 * (introspection fields `__schema`, `__type` are not counted, so tools still work).
 * Runs with validation, before any resolver and so before any SQL.
 *
 * Each fragment's depth is measured once (memoised): a fragment's depth does not depend
 * on where it is spread, so the walk is linear in the document even for fragments that
 * spread each other many times over many levels.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depths = new Map<string, number>(); // a fragment being measured is in the map as 0: a cycle adds nothing (NoFragmentCyclesRule reports it)
    const fragmentDepth = (name: string): number => {
      const known = depths.get(name);
      if (known !== undefined) return known;
      const fragment = fragments.get(name);
      if (!fragment) return 0;
      depths.set(name, 0);
      const depth = depthOf(fragment.selectionSet);
      depths.set(name, depth);
      return depth;
    };
    const depthOf = (selectionSet: SelectionSetNode): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith("__")) continue;
          deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet));
        } else {
          deepest = Math.max(deepest, fragmentDepth(selection.name.value));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
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
