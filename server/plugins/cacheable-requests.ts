import type { ApolloServerPlugin } from "@apollo/server";
import { type FragmentDefinitionNode, Kind, type SelectionSetNode } from "graphql/index.js";
import { UNCACHEABLE_ROOT_FIELDS } from "../response-cache.js";

/** The part of the request context the plugin reads: the request's QueryScope (its identity). */
export interface CacheableContext {
  readonly queryScope: object;
}

/**
 * Marks the requests whose answers may be kept: queries (not mutations or subscriptions)
 * answered without any error and selecting no root field of UNCACHEABLE_ROOT_FIELDS. The
 * HTTP route stores the serialised answer of a marked request.
 */
export class CacheableRequests {
  readonly #marked = new WeakSet<object>();

  has(queryScope: object): boolean {
    return this.#marked.has(queryScope);
  }

  plugin(): ApolloServerPlugin<CacheableContext> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ response, operation, document, contextValue }) => {
          if (operation?.operation !== "query" || !document) return;
          if (response.body.kind !== "single" || response.body.singleResult.errors?.length) return;
          if (response.http.status !== undefined && response.http.status !== 200) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
          if (selectsAny(operation.selectionSet, fragments, UNCACHEABLE_ROOT_FIELDS, new Set())) return;
          this.#marked.add(contextValue.queryScope);
        },
      }),
    };
  }
}

/** Whether a selection set (root level, through fragments) selects one of `names`. */
function selectsAny(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  names: ReadonlySet<string>,
  visiting: Set<string>,
): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (names.has(selection.name.value)) return true;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (selectsAny(selection.selectionSet, fragments, names, visiting)) return true;
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      if (selectsAny(fragment.selectionSet, fragments, names, visiting)) return true;
    }
  }
  return false;
}
