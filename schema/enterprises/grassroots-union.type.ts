import { Field, ObjectType } from "type-graphql";
import type { UnionRow } from "../../queries/unit-details.js";
import { LocalDate, localDate } from "../common/scalars.js";

@ObjectType({ description: "A grassroots union (công đoàn cơ sở, CĐCS) linked to the unit." })
export class GrassrootsUnion {
  @Field(() => String, { description: "Union code (`ma_cdcs`)." })
  unionCode!: string;

  @Field(() => String, { description: "Union name." })
  name!: string;

  @Field(() => String, { nullable: true, description: "The directly superior union (district federation, industrial-zone union, sector union...)." })
  upperUnion!: string | null;

  @Field(() => String, { nullable: true, description: "Sector of the union registry (`khu_vuc`: HCSN, DNNN, NGOAI_NHA_NUOC, FDI, ...)." })
  sector!: string | null;

  @Field(() => LocalDate, { description: "Founding date." })
  foundedOn!: string;

  @Field(() => LocalDate, { nullable: true, description: "Dissolution date, if dissolved." })
  dissolvedOn!: string | null;

  @Field(() => Boolean, {
    description: "In force at the reference date (31 December of the unit's year): founded on or before it and not dissolved on or before it.",
  })
  inForce!: boolean;
}

export function unionRowToGrassrootsUnion(row: UnionRow): GrassrootsUnion {
  return {
    unionCode: row.union_code,
    name: row.union_name,
    upperUnion: row.upper_union,
    sector: row.sector,
    foundedOn: localDate(row.founded_on),
    dissolvedOn: localDate(row.dissolved_on),
    inForce: row.in_force,
  };
}
