/**
 * The cost limit (server/plugins/complexity-limit.ts) in an Apollo server over a small
 * schema whose costs are counted by hand, reading the hand-made tiny warehouse's dimension
 * cardinalities (DISTRICT 10, SECTOR 21: test/api/limits.test.ts) for grouped grids:
 * the limit itself passes and one more is refused, the error word for word; grids read
 * the cardinalities once per warehouse (again after a failed read) and only when asked
 * for; and it fails closed when the estimate cannot be made.
 */
import { ApolloServer } from "@apollo/server";
import {
  GraphQLEnumType,
  GraphQLError,
  type GraphQLFieldConfig,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
} from "graphql/index.js";
import type { ComplexityEstimator } from "graphql-query-complexity";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { QueryInterruptedError } from "../../core/warehouse/kysely/duckdb-driver.js";
import { badUserInput } from "../../queries/user-errors.js";
import { gridComplexity, ONE_PERIOD, pageComplexity } from "../../schema/common/complexity.js";
import { type CostedContext, complexityLimitPlugin } from "../../server/plugins/complexity-limit.js";
import { openTinyWarehouse, type TinyWarehouse } from "../api/fixtures/tiny-warehouse.js";

const costed = (complexity: ComplexityEstimator, config: Partial<GraphQLFieldConfig<unknown, unknown>> = {}): GraphQLFieldConfig<unknown, unknown> => ({
  type: GraphQLInt,
  resolve: () => 1,
  extensions: { complexity },
  ...config,
});
const Item = new GraphQLObjectType({ name: "Item", fields: { a: { type: GraphQLInt, resolve: () => 1 }, b: { type: GraphQLInt, resolve: () => 2 } } });
const Row = new GraphQLObjectType({ name: "Row", fields: { units: { type: GraphQLInt } } });
const Grid = new GraphQLObjectType({ name: "Grid", fields: { rows: { type: new GraphQLList(Row) } } });
const Dimension = new GraphQLEnumType({ name: "Dimension", values: { DISTRICT: {}, SECTOR: {} } });

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: "Query",
    fields: {
      n: { type: GraphQLInt, resolve: () => 7 },
      items: costed(pageComplexity, { type: new GraphQLList(Item), args: { first: { type: GraphQLInt } }, resolve: () => [] }),
      coverage: costed(gridComplexity(ONE_PERIOD), {
        type: Grid,
        args: { year: { type: GraphQLInt }, groupBy: { type: new GraphQLList(new GraphQLNonNull(Dimension)) } },
        resolve: () => ({ rows: [] }),
      }),
      infinite: costed(() => Number.POSITIVE_INFINITY),
      broken: costed(() => {
        throw new Error("disk on fire");
      }),
      refused: costed(() => {
        throw new GraphQLError("the estimator says no");
      }),
      badRange: costed(() => {
        throw badUserInput("fromYear is after toYear", { argument: "fromYear" });
      }),
      badRangeWithStatus: costed(() => {
        throw new GraphQLError("fromYear is after toYear", { extensions: { code: "BAD_USER_INPUT", http: { status: 422 } } });
      }),
      interrupted: costed(() => {
        throw new QueryInterruptedError();
      }),
    },
  }),
});

describe("the cost limit", () => {
  let tiny: TinyWarehouse;
  const logged: string[] = [];
  const servers: ApolloServer<CostedContext>[] = [];
  beforeAll(async () => {
    tiny = await openTinyWarehouse();
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await tiny?.close();
  });

  /** A new server (so a new cache of cardinalities) with MAX_COMPLEXITY 23 and MAX_ANSWER_ROWS 50. */
  async function serve(): Promise<ApolloServer<CostedContext>> {
    const apollo = new ApolloServer<CostedContext>({
      schema,
      plugins: [complexityLimitPlugin({ maxComplexity: 23, maxAnswerRows: 50 })],
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: (m: string) => logged.push(m) },
    });
    await apollo.start();
    servers.push(apollo);
    return apollo;
  }

  /** The answer and the statements the warehouse received while it was made. */
  async function run(apollo: ApolloServer<CostedContext>, query: string, variables?: Record<string, unknown>, operationName?: string) {
    tiny.resetStatements();
    const response = await apollo.executeOperation({ query, variables, operationName }, { contextValue: { db: tiny.warehouse.db } });
    if (response.body.kind !== "single") throw new Error("expected one answer");
    const { data, errors } = response.body.singleResult;
    return {
      status: response.http.status ?? 200,
      data,
      errors: errors?.map((e) => ({ message: e.message, extensions: e.extensions })),
      statements: tiny.statements.length,
    };
  }
  const tooCostly = (cost: number) => ({
    status: 400,
    data: undefined,
    errors: [
      {
        message: `The query costs ${cost}, more than the maximum of 23; ask for fewer items (a smaller \`first\`), fewer nested lists or fewer grouping dimensions.`,
        extensions: { code: "QUERY_TOO_COMPLEX", cost, limit: 23 },
      },
    ],
    statements: 0,
  });
  const notEstimated = (reason: string, statements = 0) => ({
    status: 400,
    data: undefined,
    errors: [
      {
        message: `The query's cost could not be estimated (${reason}), so it is refused; ask for fewer fields, fragments or directives.`,
        extensions: { code: "QUERY_TOO_COMPLEX", reason: "COST_NOT_ESTIMATED" },
      },
    ],
    statements,
  });
  const answered = (data: Record<string, unknown>, statements = 0) => ({ status: 200, data, errors: undefined, statements });

  test("a page costs 1 + first × its fields, every other field 1: 23 passes, 24 is refused", async () => {
    const apollo = await serve();
    expect(await run(apollo, "{ items(first: 11) { a b } }")).toEqual(answered({ items: [] }));
    expect(await run(apollo, "{ items(first: 11) { a b } n }")).toEqual(tooCostly(24));
    expect(await run(apollo, "{ items { a } }")).toEqual(tooCostly(51)); // first defaults to 50
    expect(await run(apollo, "{ items(first: 100000) { a } }")).toEqual(tooCostly(501)); // capped at the page size (500): its own error names that
  });

  test("`first` from variables, their defaults, and the operation named", async () => {
    const apollo = await serve();
    const paged = "query ($f: Int) { items(first: $f) { a b } }";
    expect(await run(apollo, paged, { f: 11 })).toEqual(answered({ items: [] }));
    expect(await run(apollo, paged, { f: 12 })).toEqual(tooCostly(25));
    expect(await run(apollo, "query ($f: Int = 11) { items(first: $f) { a b } }")).toEqual(answered({ items: [] }));
    expect(await run(apollo, "query ($f: Int = 12) { items(first: $f) { a b } }")).toEqual(tooCostly(25));
    const two = "query Cheap { n } query Dear { items(first: 30) { a } }";
    expect(await run(apollo, two, undefined, "Cheap")).toEqual(answered({ n: 7 }));
    expect(await run(apollo, two, undefined, "Dear")).toEqual(tooCostly(31));
  });

  test("variables that do not coerce are left to execution: BAD_USER_INPUT, not a cost error", async () => {
    const apollo = await serve();
    const answer = await run(apollo, "query ($f: Int) { items(first: $f) { a } }", { f: "many" });
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(answer.errors?.[0].message).toMatch(/^Variable "\$f" got invalid value "many"/);
  });

  test("a grouped grid costs its predicted rows: DISTRICT's 10 values + the total, × 2 fields, + 1 = 23; the cardinalities read once", async () => {
    const apollo = await serve();
    const grid = "{ coverage(year: 2024, groupBy: [DISTRICT]) { rows { units } } }";
    expect(await run(apollo, grid)).toEqual(answered({ coverage: { rows: [] } }, 1));
    expect(await run(apollo, grid)).toEqual(answered({ coverage: { rows: [] } }, 0));
    expect(await run(apollo, "{ coverage(year: 2024, groupBy: [DISTRICT]) { rows { units } } n }")).toEqual(tooCostly(24));
    // over MAX_ANSWER_ROWS: DISTRICT × SECTOR is 10 × 21 + 1 = 211 rows, refused as the estimator says
    expect(await run(apollo, "{ coverage(year: 2024, groupBy: [DISTRICT, SECTOR]) { rows { units } } }")).toEqual({
      status: 400,
      data: undefined,
      errors: [
        {
          message: expect.stringMatching(/^coverage grouped by DISTRICT × SECTOR would answer about 211 rows .* more than the maximum of 50 rows per answer/),
          extensions: { code: "BAD_USER_INPUT", argument: "groupBy", reason: "TOO_MANY_ROWS", predictedRows: 211, limit: 50 },
        },
      ],
      statements: 0,
    });
  });

  test("the cardinalities are read only for operations that group a grid field, in the operation run or a fragment it may spread", async () => {
    const apollo = await serve();
    expect(await run(apollo, "{ n }")).toEqual(answered({ n: 7 }));
    expect(await run(apollo, "{ coverage(year: 2024) { rows { units } } }")).toEqual(answered({ coverage: { rows: [] } })); // no groupBy: the totals only, 1 + 2
    const two = "query A { n } query B { coverage(year: 2024, groupBy: [DISTRICT]) { rows { units } } }";
    expect(await run(apollo, two, undefined, "A")).toEqual(answered({ n: 7 }));
    const viaFragment = await serve();
    expect(await run(viaFragment, "{ ...G } fragment G on Query { coverage(year: 2024, groupBy: [SECTOR]) { rows { units } } }")).toEqual({
      ...tooCostly(1 + 22 * 2),
      statements: 1,
    });
    expect(tiny.statements).toHaveLength(1);
    expect(await run(apollo, two, undefined, "B")).toEqual(answered({ coverage: { rows: [] } }, 1));
  });

  test("a failed read of the cardinalities refuses the operation, logs why, and is tried again by the next request", async () => {
    const apollo = await serve();
    const grid = "{ coverage(year: 2024, groupBy: [DISTRICT]) { rows { units } } }";
    await tiny.warehouse.connection.run("alter table mart_unit_year rename to mart_unit_year_away");
    logged.length = 0;
    try {
      expect(await run(apollo, grid)).toEqual(notEstimated("an internal error", 1));
      expect(logged).toEqual([expect.stringMatching(/^cost estimate failed: .*mart_unit_year/s)]);
    } finally {
      await tiny.warehouse.connection.run("alter table mart_unit_year_away rename to mart_unit_year");
    }
    expect(await run(apollo, grid)).toEqual(answered({ coverage: { rows: [] } }, 1));
  });

  test("it fails closed: an estimate that is not a number, or an error while estimating, refuses the operation", async () => {
    const apollo = await serve();
    logged.length = 0;
    expect(await run(apollo, "{ infinite }")).toEqual(notEstimated("the estimate is Infinity"));
    expect(await run(apollo, "{ refused }")).toEqual(notEstimated("the estimator says no"));
    expect(logged).toEqual([]); // GraphQL's own errors are shown, not logged
    expect(await run(apollo, "{ broken }")).toEqual(notEstimated("an internal error"));
    expect(logged).toEqual([expect.stringMatching(/^cost estimate failed: Error: disk on fire\n\s+at /)]);
  });

  test("an estimator's BAD_USER_INPUT is answered as it is; a time limit met while estimating is QUERY_TIMEOUT", async () => {
    const apollo = await serve();
    expect(await run(apollo, "{ badRange }")).toEqual({
      status: 400,
      data: undefined,
      errors: [{ message: "fromYear is after toYear", extensions: { code: "BAD_USER_INPUT", argument: "fromYear" } }],
      statements: 0,
    });
    // an estimator's error that names its own HTTP status keeps it (400 only when it names none)
    expect(await run(apollo, "{ badRangeWithStatus }")).toEqual({
      status: 422,
      data: undefined,
      errors: [{ message: "fromYear is after toYear", extensions: { code: "BAD_USER_INPUT" } }],
      statements: 0,
    });
    expect(await run(apollo, "{ interrupted }")).toEqual({
      status: 200,
      data: undefined,
      errors: [{ message: "The cost estimate was stopped by the time limit.", extensions: { code: "QUERY_TIMEOUT" } }],
      statements: 0,
    });
  });
});
