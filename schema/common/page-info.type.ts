import { Field, ObjectType } from "type-graphql";
import type { Page } from "../../queries/pagination.js";

@ObjectType({ description: "Relay page information. Page forward by passing `endCursor` as `after`." })
export class PageInfo {
  @Field(() => Boolean, { description: "True when more items follow this page." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "True when this page was asked for with `after` (items come before it). Backward paging is not offered." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first item of the page; null for an empty page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last item of the page; null for an empty page." })
  endCursor!: string | null;
}

export function pageInfoOf(page: Page<unknown>): PageInfo {
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.cursors[0] ?? null,
    endCursor: page.cursors.at(-1) ?? null,
  };
}
