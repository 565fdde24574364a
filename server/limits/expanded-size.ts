import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql/index.js";

/**
 * The expanded size of an operation: its fields once every fragment is spread where it
 * is used (a fragment spread ten times counts ten times), i.e. the work every later step
 * (validation of the selections, cost estimate, execution, the answer) may do.
 *
 * Each fragment is measured once (memoised), so the walk is linear in the document even
 * when fragments spread each other ten times over many levels; sums saturate at
 * `ceiling`, so the count of a fragment bomb never grows past it (no huge numbers, no
 * overflow). Cyclic spreads count nothing here (NoFragmentCyclesRule reports them).
 */
export function expandedSizeOf(document: DocumentNode, operation: OperationDefinitionNode, ceiling: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const sizes = new Map<string, number>(); // a fragment being measured is in the map as 0: a cycle adds nothing
  const add = (a: number, b: number) => Math.min(ceiling, a + b);
  const sizeOf = (selectionSet: SelectionSetNode): number => {
    let size = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        size = add(size, 1);
        if (selection.selectionSet) size = add(size, sizeOf(selection.selectionSet));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        size = add(size, sizeOf(selection.selectionSet));
      } else {
        size = add(size, fragmentSize(selection.name.value));
      }
      if (size >= ceiling) return ceiling;
    }
    return size;
  };
  const fragmentSize = (name: string): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment) return 0; // unknown fragment: KnownFragmentNamesRule reports it
    sizes.set(name, 0);
    const size = sizeOf(fragment.selectionSet);
    sizes.set(name, size);
    return size;
  };
  return sizeOf(operation.selectionSet);
}

/**
 * Validation rule: refuses an operation whose expanded size passes `maxFields`, naming
 * both. It is measured when the operation is entered, before any of its selections are
 * visited, and stays linear in the document whatever its fragments do.
 *
 * It runs with graphql-js's standard rules (Apollo Server adds custom rules to the same
 * validation pass; a plugin that throws before validation would answer 500). That is
 * safe because those rules memoise fragment work (NoFragmentCycles, OverlappingFields-
 * CanBeMerged: test/security/hostile-documents.test.ts bounds them on fragment bombs at
 * MAX_TOKENS), and everything super-linear in the expansion runs only once validation
 * has passed: the cost estimate (graphql-query-complexity walks every spread) and execution.
 */
export function expandedSizeRule(maxFields: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const size = expandedSizeOf(context.getDocument(), operation, maxFields + 1);
      if (size <= maxFields) return undefined;
      context.reportError(
        new GraphQLError(
          `The operation asks for more than ${maxFields} fields once its fragments are spread (at least ${size}); the maximum is ${maxFields}. Ask for fewer fields, or spread fragments fewer times.`,
          { nodes: [operation], extensions: { reason: "QUERY_TOO_LARGE", size, limit: maxFields } },
        ),
      );
      return false; // the operation's selections are not walked further by this rule
    },
  });
}
