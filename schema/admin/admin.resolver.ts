import { Args, ArgsType, Ctx, Field, Int, Query, Resolver } from "type-graphql";
import type { AuditEntry as AuditEntryRow } from "../../core/records/audit-log.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageSize } from "../../queries/pagination.js";
import { badUserInput } from "../../queries/user-errors.js";
import { pageComplexity } from "../common/complexity.js";
import type { ApiContext } from "../context.js";
import { AuditLogConnection, auditEntryOf } from "./audit-log.type.js";
import { Viewer } from "./viewer.type.js";

/** What the admin fields need beyond the API context: the audit log (core/records/audit-log.ts). */
export interface AdminContext extends ApiContext {
  readonly auditLog: { entries(): AuditEntryRow[] };
}

@ArgsType()
export class AuditLogArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 0 to ${MAX_PAGE_SIZE}.` })
  first!: number;

  @Field(() => String, { nullable: true, description: "The entries after this cursor (older ones): a `pageInfo.endCursor` of this log." })
  after?: string | null;
}

const cursorOf = (seq: number) => Buffer.from(`audit:${seq}`, "utf8").toString("base64url");

function seqOf(cursor: string): number {
  const match = /^audit:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw badUserInput("`after` is not a cursor of the audit log; pass an endCursor it returned", { argument: "after" });
  return Number(match[1]);
}

@Resolver()
export class AdminResolver {
  @Query(() => AuditLogConnection, {
    complexity: pageComplexity,
    description: "ADMIN keys only: the audit log of admin actions (API keys created and revoked, loads, builds, link decisions), newest first.",
  })
  auditLog(@Args(() => AuditLogArgs) { first, after }: AuditLogArgs, @Ctx() { access, auditLog }: AdminContext): AuditLogConnection {
    access.requireRole("auditLog", "ADMIN");
    const size = pageSize(first);
    const all = auditLog.entries().reverse();
    const from = after == null ? all : all.filter((e) => e.seq < seqOf(after));
    const page = from.slice(0, size);
    const nodes = page.map(auditEntryOf);
    const cursors = page.map((e) => cursorOf(e.seq));
    return {
      nodes,
      edges: nodes.map((node, i) => ({ node, cursor: cursors[i] })),
      pageInfo: { hasNextPage: from.length > size, hasPreviousPage: after != null, startCursor: cursors[0] ?? null, endCursor: cursors.at(-1) ?? null },
      totalCount: all.length,
    };
  }

  @Query(() => Viewer, { description: "Who is asking: the key's id, role and scope, and whether the server runs in demo mode." })
  viewer(@Ctx() { access }: ApiContext): Viewer {
    const { keyId, name, role, scope, demo } = access.principal;
    return {
      keyId,
      name,
      role,
      scope: { kind: scope.kind, codes: scope.kind === "PROVINCE" ? [] : [...scope.codes] },
      demoMode: demo,
      suppressionK: access.suppresses ? access.suppressionK : null,
    };
  }
}
