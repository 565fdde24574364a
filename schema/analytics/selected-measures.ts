import { type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from "graphql/index.js";
import { MEASURE_BY_NAME } from "../../queries/semantic/measures.catalog.js";

/** The fields of a selection set, through inline fragments and named fragments. */
function fieldsOf(set: SelectionSetNode | undefined, fragments: Readonly<Record<string, FragmentDefinitionNode>>, seen = new Set<string>()): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, fragments, seen);
    if (seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    return fieldsOf(fragments[s.name.value]?.selectionSet, fragments, seen);
  });
}

/** The measures an `analytics` operation selects on `rows` or `total` (field names, under any alias). */
export function selectedMeasures(info: GraphQLResolveInfo): string[] {
  const result = info.fieldNodes.flatMap((node) => fieldsOf(node.selectionSet, info.fragments));
  const rows = result.filter((f) => f.name.value === "rows" || f.name.value === "total");
  const names = rows.flatMap((f) => fieldsOf(f.selectionSet, info.fragments)).map((f) => f.name.value);
  return [...new Set(names.filter((n) => MEASURE_BY_NAME.has(n)))];
}
