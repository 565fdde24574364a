import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { AUDIT_ACTIONS, type AuditAction as AuditActionCode, type AuditEntry as AuditEntryRow } from "../../core/records/audit-log.js";
import { PageInfo } from "../common/page-info.type.js";

export const AuditAction = Object.freeze(Object.fromEntries(AUDIT_ACTIONS.map((a) => [a, a])) as { [K in AuditActionCode]: K });

registerEnumType(AuditAction, {
  name: "AuditAction",
  description: "An admin action the audit log records.",
  valuesConfig: {
    KEY_CREATED: { description: "An API key was created (`keys create`)." },
    KEY_REVOKED: { description: "An API key was revoked (`keys revoke`)." },
    KEYS_FILE_CHANGED_OUTSIDE_CLI: {
      description:
        "The key store (keys.json) was found changed by something other than `keys create|revoke` (its content no longer matches the hash the CLI kept beside it).",
    },
    LOAD: { description: "Files were loaded into the warehouse (`ingest`)." },
    RESTORE: { description: "A superseded batch's rows were put back in effect (`restore <batch>`); the rows that had replaced them are superseded in turn." },
    BUILD: { description: "The warehouse models were rebuilt (`build`)." },
    PUBLISH: { description: "A built warehouse was published as the version the servers serve (`publish`, `build --publish`)." },
    LINK_DECISION: { description: "An analyst accepted or rejected a link between a source row and a unit." },
  },
});

@ObjectType({ description: "One admin action: who did what, when, to what, and how it ended." })
export class AuditEntry {
  @Field(() => Int, { description: "Its number in the log, from 1 (increasing with time)." })
  seq!: number;

  @Field(() => String, { description: "When (ISO 8601, UTC)." })
  at!: string;

  @Field(() => String, { description: "Who: the operating-system user of the command (or AUDIT_ACTOR)." })
  actor!: string;

  @Field(() => AuditAction, { description: "What was done." })
  action!: AuditActionCode;

  @Field(() => String, { nullable: true, description: "What it was done to: a key id, a warehouse file, a link." })
  target!: string | null;

  @Field(() => String, { description: "OK, or FAILED." })
  outcome!: string;

  @Field(() => String, { description: "The details as JSON text (role and scope of a key, files loaded, exit code, duration…); never a secret." })
  details!: string;
}

export function auditEntryOf(row: AuditEntryRow): AuditEntry {
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, target: row.target, outcome: row.outcome, details: JSON.stringify(row.details) };
}

@ObjectType({ description: "An entry of the audit log with its cursor." })
export class AuditEntryEdge {
  @Field(() => String, { description: "Opaque cursor; pass it as `after` for the entries that follow (older ones)." })
  cursor!: string;

  @Field(() => AuditEntry, { description: "The entry." })
  node!: AuditEntry;
}

@ObjectType({ description: "A page of the audit log, newest first (Relay connection)." })
export class AuditLogConnection {
  @Field(() => [AuditEntryEdge], { description: "The entries of this page with their cursors." })
  edges!: AuditEntryEdge[];

  @Field(() => [AuditEntry], { description: "The entries of this page." })
  nodes!: AuditEntry[];

  @Field(() => PageInfo, { description: "Where this page is in the log." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Entries in the whole log." })
  totalCount!: number;
}
