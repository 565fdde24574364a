import { Field, Int, ObjectType } from "type-graphql";
import type { WorkersYearRow } from "../../queries/unit-details.js";
import { codeOf, SizeBand, WorkersSource } from "../common/enums.js";

@ObjectType({ description: "The unit's workers in one year, with the source the precedence of docs/DOMAIN.md § Workers picked." })
export class WorkersYear {
  @Field(() => Int, { description: "The year (values at 31 December)." })
  year!: number;

  @Field(() => Int, { nullable: true, description: "Workers in the year; null when no source gives a figure." })
  workers!: number | null;

  @Field(() => WorkersSource, { nullable: true, description: "The source the figure came from." })
  workersSource!: string | null;

  @Field(() => SizeBand, { nullable: true, description: "Band of the workers figure." })
  sizeBand!: string | null;

  @Field(() => Boolean, { description: "Active in the year: registered on or before 31 December and not closed on or before it." })
  active!: boolean;
}

export function workersYearRowToWorkersYear(row: WorkersYearRow): WorkersYear {
  return {
    year: row.year,
    workers: row.workers,
    workersSource: codeOf(WorkersSource, row.workers_source),
    sizeBand: codeOf(SizeBand, row.size_band),
    active: row.active,
  };
}
