import { type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationRule } from "graphql/index.js";

/**
 * Validation rule: refuses operations with more than `maxAliases` aliased fields
 * (fragments counted each time they are spread), so one request cannot ask for the
 * same expensive field hundreds of times under different names. Before any SQL.
 */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const memo = new Map<string, number>();
    const count = (selectionSet: SelectionSetNode, visiting: ReadonlySet<string>): number => {
      let aliases = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.alias) aliases++;
          if (selection.selectionSet) aliases += count(selection.selectionSet, visiting);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          aliases += count(selection.selectionSet, visiting);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || visiting.has(name)) continue; // unknown or cyclic fragments: other rules report them
          if (!memo.has(name)) memo.set(name, count(fragment.selectionSet, new Set([...visiting, name])));
          aliases += memo.get(name)!;
        }
        if (aliases > maxAliases) return aliases; // enough to refuse; stops a fragment bomb early
      }
      return aliases;
    };
    return {
      OperationDefinition(operation) {
        const aliases = count(operation.selectionSet, new Set());
        if (aliases > maxAliases) {
          context.reportError(
            new GraphQLError(
              `The operation uses more than the maximum of ${maxAliases} aliases; ask for fewer fields under different names (or send several requests).`,
              {
                nodes: [operation],
                extensions: { reason: "TOO_MANY_ALIASES", limit: maxAliases },
              },
            ),
          );
        }
      },
    };
  };
}
