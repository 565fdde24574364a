import { Field, Int, ObjectType } from "type-graphql";
import type { EnterpriseRow } from "../../queries/enterprises.js";
import type { Page } from "../../queries/pagination.js";
import { PageInfo, pageInfoOf } from "../common/page-info.type.js";
import { Enterprise, enterpriseRowToEnterprise } from "./enterprise.type.js";

@ObjectType({ description: "An employer unit in a list, with its cursor." })
export class EnterpriseEdge {
  @Field(() => String, { description: "Opaque cursor of this unit in this list and order; pass it as `after` to get the units that follow." })
  cursor!: string;

  @Field(() => Enterprise, { description: "The unit." })
  node!: Enterprise;
}

@ObjectType({ description: "A page of employer units (Relay connection)." })
export class EnterpriseConnection {
  readonly #count: () => Promise<number>;

  constructor(page: Page<EnterpriseRow>, count: () => Promise<number>) {
    this.#count = count;
    this.nodes = page.rows.map(enterpriseRowToEnterprise);
    this.edges = this.nodes.map((node, i) => ({ node, cursor: page.cursors[i] }));
    this.pageInfo = pageInfoOf(page);
  }

  @Field(() => [EnterpriseEdge], { description: "The units of this page with their cursors." })
  edges: EnterpriseEdge[];

  @Field(() => [Enterprise], { description: "The units of this page (the edges' nodes, for clients that need no cursors)." })
  nodes: Enterprise[];

  @Field(() => PageInfo, { description: "Where this page is in the list." })
  pageInfo: PageInfo;

  @Field(() => Int, { description: "How many units the whole list has (all pages); counted only when asked for." })
  totalCount(): Promise<number> {
    return this.#count();
  }
}
