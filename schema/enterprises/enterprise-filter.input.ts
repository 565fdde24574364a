import { Field, InputType, Int } from "type-graphql";
import type { EnterpriseFilter } from "../../queries/filters.js";
import { LegalForm, Ownership, SizeBand, UnitStatus, WorkersSource } from "../common/enums.js";

@InputType({
  description:
    "Which employer units to look at. Every field set must hold (AND); `AND`, `OR` and `NOT` combine whole filters. `…In` lists match any of their values; an empty list matches nothing. A unit without a value (e.g. no industrial zone) never matches a condition on it, and does match its `NOT`.",
})
export class EnterpriseFilterInput implements EnterpriseFilter {
  @Field(() => [EnterpriseFilterInput], { nullable: true, description: "Every one of these filters holds." })
  AND?: EnterpriseFilterInput[] | null;

  @Field(() => [EnterpriseFilterInput], { nullable: true, description: "At least one of these filters holds." })
  OR?: EnterpriseFilterInput[] | null;

  @Field(() => EnterpriseFilterInput, { nullable: true, description: "This filter does not hold." })
  NOT?: EnterpriseFilterInput | null;

  @Field(() => Boolean, { nullable: true, description: "Has (true) or has not (false) a union in force at 31 December." })
  hasUnion?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Active in the year (registered, not closed, at 31 December)." })
  active?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Has a collective agreement in force at 31 December." })
  agreementInForce?: boolean | null;

  @Field(() => Int, { nullable: true, description: "Workers at least this many (units without a workers figure never match)." })
  minWorkers?: number | null;

  @Field(() => Int, { nullable: true, description: "Workers at most this many (units without a workers figure never match)." })
  maxWorkers?: number | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "Tax code is one of these, in any written form: `3200123456`, `3200123456-001`, `3200123456001`, spaces and dots ignored; a code that is not a valid tax code is BAD_USER_INPUT.",
  })
  taxCodeIn?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Pre-2025 commune (GSO 5-digit code) is one of these." })
  communeCodeIn?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Pre-2025 district (GSO 3-digit code, e.g. `464` Vĩnh Linh) is one of these." })
  districtCodeIn?: string[] | null;

  @Field(() => [String], { nullable: true, description: "2025 commune (through the crosswalk) is one of these." })
  newCommuneCodeIn?: string[] | null;

  @Field(() => [String], { nullable: true, description: "2025 province (through the crosswalk, e.g. `44`) is one of these." })
  provinceCodeIn?: string[] | null;

  @Field(() => [String], { nullable: true, description: "VSIC section letter (A–U) is one of these." })
  sectorIn?: string[] | null;

  @Field(() => [Ownership], { nullable: true, description: "Ownership is one of these." })
  ownershipIn?: string[] | null;

  @Field(() => [LegalForm], { nullable: true, description: "Legal form is one of these." })
  legalFormIn?: string[] | null;

  @Field(() => [UnitStatus], { nullable: true, description: "Tax-registry status is one of these." })
  statusIn?: string[] | null;

  @Field(() => [SizeBand], { nullable: true, description: "Workers band is one of these." })
  sizeBandIn?: string[] | null;

  @Field(() => [WorkersSource], { nullable: true, description: "The workers figure came from one of these sources." })
  workersSourceIn?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Industrial or economic zone (exact name) is one of these." })
  industrialZoneIn?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "In some industrial or economic zone (true) or in none (false)." })
  inIndustrialZone?: boolean | null;

  @Field(() => [String], { nullable: true, description: "Upper union of the unit's union (exact name) is one of these." })
  upperUnionIn?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Name contains this text, ignoring case and diacritics (`dien luc` finds `Điện lực`); punctuation separates words and `%`/`_` are plain characters, not wildcards. Needs at least one letter or digit.",
  })
  nameSearch?: string | null;
}
