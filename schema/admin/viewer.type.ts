import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Role as RoleCode } from "../../core/access/principal.js";

export const Role = Object.freeze({ ADMIN: "ADMIN", ANALYST: "ANALYST", DASHBOARD: "DASHBOARD" } as const satisfies Record<RoleCode, RoleCode>);

registerEnumType(Role, {
  name: "Role",
  description: "What an API key may do.",
  valuesConfig: {
    ADMIN: { description: "Everything, province-wide, and the audit log." },
    ANALYST: { description: "Every field, within the key's scope." },
    DASHBOARD: { description: "Aggregates only, within the key's scope, small cells suppressed; unit-level fields are FORBIDDEN." },
  },
});

export const ScopeKind = Object.freeze({ PROVINCE: "PROVINCE", DISTRICTS: "DISTRICTS", NEW_COMMUNES: "NEW_COMMUNES" } as const);

registerEnumType(ScopeKind, {
  name: "ScopeKind",
  description: "The admin units a key sees.",
  valuesConfig: {
    PROVINCE: { description: "The whole province." },
    DISTRICTS: { description: "Some old (pre-2025) districts: units whose district is one of `codes`." },
    NEW_COMMUNES: { description: "Some new (2025) communes: units whose new commune is one of `codes`." },
  },
});

@ObjectType({ description: "The admin units the caller's key sees: every query, list, aggregate, total and forecast is limited to them." })
export class ViewerScope {
  @Field(() => ScopeKind, { description: "Province, districts or new communes." })
  kind!: keyof typeof ScopeKind;

  @Field(() => [String], { description: "The district or commune codes (GSO); empty for the province." })
  codes!: string[];
}

@ObjectType({ description: "Who is asking: the caller's key, role and scope." })
export class Viewer {
  @Field(() => String, { nullable: true, description: "The API key's id; null for the anonymous caller of demo mode." })
  keyId!: string | null;

  @Field(() => String, { nullable: true, description: "The key's name, as given when it was created." })
  name!: string | null;

  @Field(() => Role, { description: "The key's role." })
  role!: RoleCode;

  @Field(() => ViewerScope, { description: "The key's scope." })
  scope!: ViewerScope;

  @Field(() => Boolean, { description: "True when the server runs in demo mode (the sample province; no key needed)." })
  demoMode!: boolean;

  @Field(() => Int, {
    nullable: true,
    description: "For DASHBOARD keys: aggregate cells built from fewer units than this are suppressed; null for other roles.",
  })
  suppressionK!: number | null;
}
