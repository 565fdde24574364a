import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import type { MetricKind as MetricKindCode, TargetStatus as TargetStatusCode } from "../../queries/targets.js";

export const TargetStatus = Object.freeze({ MET: "MET", ON_TRACK: "ON_TRACK", BEHIND: "BEHIND" } as const satisfies Record<TargetStatusCode, TargetStatusCode>);
registerEnumType(TargetStatus, {
  name: "TargetStatus",
  description: "Where the province stands against a target in the year.",
  valuesConfig: {
    MET: { description: "The year's value meets the target." },
    ON_TRACK: {
      description:
        "Not met in the year, but on pace. A yearly target (so many new members a year): the running total since the target's first year meets the target × the years so far. A level target (a rate by the target's last year): the value is at or beyond the straight line from the baseline (the value at the end of the year before the target's period, else the first earlier year the warehouse holds) to the target at its last year.",
    },
    BEHIND: { description: "Neither met nor on pace (also a level target with no earlier year to draw the line from)." },
  },
});

export const MetricKind = Object.freeze({ FLOW: "FLOW", LEVEL: "LEVEL" } as const satisfies Record<MetricKindCode, MetricKindCode>);
registerEnumType(MetricKind, {
  name: "MetricKind",
  description: "How a target's metric is read.",
  valuesConfig: {
    FLOW: { description: "A count per year: the target asks for so much every year of its period (new members)." },
    LEVEL: { description: "A rate at 31 December: the target asks for the level by the last year of its period (coverage, agreement rate, density)." },
  },
});

@ObjectType({ description: "One target of the action program (a row of ref.targets) against the year's figure." })
export class ScorecardTarget {
  @Field(() => String, { description: "Id of the target row (ref.targets `target_id`)." })
  targetId!: string;

  @Field(() => String, {
    description:
      "The metric: `new_members` (Σ new members of the year's returns, province-wide); `coverage_rate_min_workers_N` (in-scope units, active with ≥ N workers, with a union ÷ in-scope units); `agreement_rate` (active units with a union and an agreement in force ÷ active units with a union); `union_density` (members ÷ workers over active units with a union and a workers figure). All at 31 December, over every unit of the province.",
  })
  metric!: string;

  @Field(() => MetricKind, { nullable: true, description: "How the metric is read; null for a metric the API does not compute." })
  kind!: MetricKindCode | null;

  @Field(() => String, { description: "The program line the target comes from (Vietnamese, as in the action program)." })
  programLine!: string;

  @Field(() => String, { nullable: true, description: "What the value counts (e.g. `members per year`, `share of unionised units`)." })
  unit!: string | null;

  @Field(() => Int, { description: "First year of the target's period." })
  fromYear!: number;

  @Field(() => Int, { description: "Last year of the target's period (the deadline of a level target)." })
  toYear!: number;

  @Field(() => String, { description: "How the actual is compared to the target: `>=` (at least), `<=` (at most)..." })
  comparison!: string;

  @Field(() => Float, { description: "The target value: a count for new members, a fraction in [0, 1] for rates." })
  target!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "The metric in the year (a count, or a fraction); null when the warehouse has no data for the year, a rate has nothing to divide by, or the metric is unknown.",
  })
  actual!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "How far the actual is from the target in its direction: target − actual for an at-least target; positive while short, ≤ 0 once met.",
  })
  gap!: number | null;

  @Field(() => TargetStatus, { nullable: true, description: "MET, ON_TRACK or BEHIND (see TargetStatus); null when `actual` is." })
  status!: TargetStatusCode | null;

  @Field(() => Int, { nullable: true, description: "Level targets: the year the on-track line starts from." })
  baselineYear!: number | null;

  @Field(() => Float, { nullable: true, description: "Level targets: the metric in the baseline year." })
  baseline!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "What being on track asks for by the year: for a level target, the straight line's value in the year; for a yearly target, the target × the years of its period so far.",
  })
  onTrackValue!: number | null;

  @Field(() => Float, { nullable: true, description: "Yearly targets: the metric summed over the period so far (years without data count 0)." })
  cumulativeActual!: number | null;
}

@ObjectType({ description: "The action program's targets in force in a year, each with the year's figure, the gap and the status." })
export class Scorecard {
  @Field(() => Int, { description: "The year (figures at 31 December)." })
  year!: number;

  @Field(() => [ScorecardTarget], {
    description:
      "Every target of ref.targets whose period contains the year: new members, then coverage, agreement rate, density; a new program is new rows there, not new code.",
  })
  targets!: ScorecardTarget[];
}
