/**
 * The query limits of server/limits/ on their own: depth, expanded size and aliases as
 * validation rules over a small schema, and the answer-size bound, each on documents whose
 * figures are counted by hand (test/api/limits.test.ts checks them end to end over HTTP).
 * Written to kill the mutants `npm run mutate` found alive in these files.
 */
import { HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import {
  buildSchema,
  FieldsOnCorrectTypeRule,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  type ValidationRule,
  validate,
} from "graphql/index.js";
import { describe, expect, test } from "vitest";
import { aliasLimitRule } from "../../server/limits/alias-limit.js";
import { boundAnswerBytes } from "../../server/limits/answer-size.js";
import { depthLimitRule } from "../../server/limits/depth-limit.js";
import { expandedSizeOf, expandedSizeRule } from "../../server/limits/expanded-size.js";

const schema = buildSchema(`
  type Query { a: A, n: Int }
  type A { b: A, x: Int }
`);

/** Errors of the one rule, as a caller sees them. */
const errorsOf = (rule: ReturnType<typeof depthLimitRule>, document: string) =>
  validate(schema, parse(document), [rule]).map((e: GraphQLError) => ({ message: e.message, extensions: { ...e.extensions } }));

/** Where each error of the one rule points in the document (line and column of the refused operation). */
const locationsOf = (rule: ValidationRule, document: string) => validate(schema, parse(document), [rule]).map((e: GraphQLError) => e.locations);

/** The same operation on the second line, after an operation within every limit: an error must point at the second. */
const secondOperation = (body: string, fragments = "") => `query Small { n }\n  query Big ${body} ${fragments}`;

const operationOf = (document: string) => {
  const doc = parse(document);
  return { doc, op: doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)! };
};

describe("depthLimitRule", () => {
  const depthError = (depth: number, limit: number) => ({
    message: `The query is nested ${depth} levels deep, more than the maximum of ${limit}; ask for fewer nested fields.`,
    extensions: { reason: "QUERY_TOO_DEEP", depth, limit },
  });

  test("fields count one level each; the limit itself passes, one more is refused", () => {
    const four = "{ a { b { b { x } } } }";
    expect(errorsOf(depthLimitRule(4), four)).toEqual([]);
    expect(errorsOf(depthLimitRule(3), four)).toEqual([depthError(4, 3)]);
    expect(errorsOf(depthLimitRule(1), "{ n a { x } }")).toEqual([depthError(2, 1)]);
  });

  test("introspection fields do not count; inline fragments add no level", () => {
    expect(errorsOf(depthLimitRule(1), "{ __schema { types { fields { name } } } n }")).toEqual([]);
    expect(errorsOf(depthLimitRule(1), "{ __typename a { x } }")).toEqual([depthError(2, 1)]);
    expect(errorsOf(depthLimitRule(2), "{ a { ... on A { b { x } } } }")).toEqual([depthError(3, 2)]);
  });

  test("a named fragment counts at the depth it is spread; measured once, wherever it is spread", () => {
    expect(errorsOf(depthLimitRule(3), "{ a { ...F } } fragment F on A { b { b { x } } }")).toEqual([depthError(4, 3)]);
    // F is 2 deep: under a (1 + 2 = 3) and under a.b (1 + 1 + 2 = 4)
    expect(errorsOf(depthLimitRule(3), "{ a { ...F b { ...F } } } fragment F on A { b { x } }")).toEqual([depthError(4, 3)]);
    expect(errorsOf(depthLimitRule(4), "{ a { ...F b { ...F } } } fragment F on A { b { x } }")).toEqual([]);
    // fragments spreading fragments
    expect(errorsOf(depthLimitRule(4), "{ a { ...F } } fragment F on A { b { ...G } } fragment G on A { b { x } }")).toEqual([]);
    expect(errorsOf(depthLimitRule(3), "{ a { ...F } } fragment F on A { b { ...G } } fragment G on A { b { x } }")).toEqual([depthError(4, 3)]);
  });

  test("an unknown fragment adds nothing; a cycle adds nothing more (other rules report them)", () => {
    expect(errorsOf(depthLimitRule(1), "{ a { ...Missing } }")).toEqual([]);
    // F spreads itself: F = b (1) + F in progress (0) = 1; a + F = 2
    expect(errorsOf(depthLimitRule(1), "{ a { ...F } } fragment F on A { b { ...F } }")).toEqual([depthError(2, 1)]);
    expect(errorsOf(depthLimitRule(2), "{ a { ...F } } fragment F on A { b { ...F } }")).toEqual([]);
  });

  test("each operation is measured on its own", () => {
    expect(errorsOf(depthLimitRule(2), "query Deep { a { b { x } } } query Flat { n }")).toEqual([depthError(3, 2)]);
  });

  test("the error points at the refused operation (line 2, column 3), so a client can show where", () => {
    expect(locationsOf(depthLimitRule(2), secondOperation("{ a { b { x } } }"))).toEqual([[{ line: 2, column: 3 }]]);
  });
});

describe("expandedSizeOf and expandedSizeRule", () => {
  test("every field counts once per place it is spread", () => {
    const size = (document: string, ceiling = 1000) => {
      const { doc, op } = operationOf(document);
      return expandedSizeOf(doc, op, ceiling);
    };
    expect(size("{ a { b { x } } n }")).toBe(4);
    expect(size("{ a { ... on A { x b { x } } } }")).toBe(4);
    // F = b, x, x: 3 fields, spread twice under a and c: 1 + 3 + 1 + 3
    expect(size("{ a { ...F } c: a { ...F } } fragment F on A { b { x } x }")).toBe(8);
    expect(size("{ a { ...Missing } }")).toBe(1);
    // a cycle: F = x, b and F in progress (0) = 2; a + F = 3
    expect(size("{ a { ...F } } fragment F on A { x b { ...F } }")).toBe(3);
    // fragments of fragments: G = 2, F = b + G + G = 5, a + F + F = 11
    expect(size("{ a { ...F ...F } } fragment F on A { b { ...G ...G } } fragment G on A { x y: x }")).toBe(11);
  });

  test("the count saturates at the ceiling, also for a fragment bomb of 2^40 fields", () => {
    const { doc, op } = operationOf("{ a { ...F } c: a { ...F } } fragment F on A { b { x } x }");
    expect(expandedSizeOf(doc, op, 8)).toBe(8);
    expect(expandedSizeOf(doc, op, 5)).toBe(5);
    expect(expandedSizeOf(doc, op, 1)).toBe(1);
    const levels = Array.from({ length: 40 }, (_, i) => `fragment F${i + 1} on A { ...F${i} ...F${i} }`).join(" ");
    const bomb = operationOf(`{ a { ...F40 } } fragment F0 on A { x } ${levels}`);
    expect(expandedSizeOf(bomb.doc, bomb.op, 10_000)).toBe(10_000);
  });

  test("the rule refuses more than maxFields, naming the size (the ceiling: one past the limit)", () => {
    const doc = "{ a { ...F } c: a { ...F } } fragment F on A { b { x } x }";
    expect(errorsOf(expandedSizeRule(8), doc)).toEqual([]);
    expect(errorsOf(expandedSizeRule(7), doc)).toEqual([
      {
        message:
          "The operation asks for more than 7 fields once its fragments are spread (at least 8); the maximum is 7. Ask for fewer fields, or spread fragments fewer times.",
        extensions: { reason: "QUERY_TOO_LARGE", size: 8, limit: 7 },
      },
    ]);
    expect(errorsOf(expandedSizeRule(3), doc)[0].extensions).toEqual({ reason: "QUERY_TOO_LARGE", size: 4, limit: 3 });
  });

  test("the error points at the refused operation (line 2, column 3)", () => {
    expect(locationsOf(expandedSizeRule(2), secondOperation("{ a { b { x } } }"))).toEqual([[{ line: 2, column: 3 }]]);
  });

  test("a refused size does not hide the operation's other validation errors from the other rules", () => {
    const doc = "{ a { ...F } c: a { ...F } nope } fragment F on A { b { x } x }"; // 9 fields
    expect(validate(schema, parse(doc), [expandedSizeRule(7), FieldsOnCorrectTypeRule]).map((e) => e.message)).toEqual([
      "The operation asks for more than 7 fields once its fragments are spread (at least 8); the maximum is 7. Ask for fewer fields, or spread fragments fewer times.",
      'Cannot query field "nope" on type "Query".',
    ]);
  });
});

describe("aliasLimitRule", () => {
  const aliasError = (limit: number) => ({
    message: `The operation uses more than the maximum of ${limit} aliases; ask for fewer fields under different names (or send several requests).`,
    extensions: { reason: "TOO_MANY_ALIASES", limit },
  });

  test("aliased fields at any depth; the limit passes, one more is refused", () => {
    const four = "{ p: n q: n r: a { s: x b { x } } }";
    expect(errorsOf(aliasLimitRule(4), four)).toEqual([]);
    expect(errorsOf(aliasLimitRule(3), four)).toEqual([aliasError(3)]);
    expect(errorsOf(aliasLimitRule(0), "{ n a { x } }")).toEqual([]);
    expect(errorsOf(aliasLimitRule(0), "{ m: n }")).toEqual([aliasError(0)]);
  });

  test("three aliases in one nested selection pass a limit of 2 however the counting stops early", () => {
    expect(errorsOf(aliasLimitRule(2), "{ a { p: x q: x s: x } }")).toEqual([aliasError(2)]);
    expect(errorsOf(aliasLimitRule(2), "{ a { ... on A { p: x q: x s: x } } }")).toEqual([aliasError(2)]);
  });

  test("a fragment's aliases count each time it is spread; unknown and cyclic spreads count nothing more", () => {
    const twice = "{ a { ...F } c: a { ...F } } fragment F on A { y: x z: x }"; // 1 + 2 + 2
    expect(errorsOf(aliasLimitRule(5), twice)).toEqual([]);
    expect(errorsOf(aliasLimitRule(4), twice)).toEqual([aliasError(4)]);
    expect(errorsOf(aliasLimitRule(0), "{ a { ...Missing } }")).toEqual([]);
    const cycle = "{ a { ...F } } fragment F on A { y: x b { ...F } }"; // F = 1, its own spread skipped
    expect(errorsOf(aliasLimitRule(1), cycle)).toEqual([]);
    expect(errorsOf(aliasLimitRule(0), cycle)).toEqual([aliasError(0)]);
    // G inside F, spread twice: F = 1 + G (2) = 3; a + F + F = 6
    const nested = "{ a { ...F ...F } } fragment F on A { w: x b { ...G } } fragment G on A { y: x z: x }";
    expect(errorsOf(aliasLimitRule(6), nested)).toEqual([]);
    expect(errorsOf(aliasLimitRule(5), nested)).toEqual([aliasError(5)]);
  });

  test("a fragment bomb of 2^40 spreads is counted once per fragment (a recount per spread would never end)", () => {
    const levels = Array.from({ length: 40 }, (_, i) => `fragment F${i + 1} on A { ...F${i} ...F${i} }`).join(" ");
    expect(errorsOf(aliasLimitRule(5), `{ a { ...F40 } } fragment F0 on A { x } ${levels}`)).toEqual([]);
    expect(errorsOf(aliasLimitRule(5), `{ a { ...F40 } } fragment F0 on A { y: x } ${levels}`)).toEqual([aliasError(5)]);
  });

  test("the error points at the refused operation (line 2, column 3)", () => {
    expect(locationsOf(aliasLimitRule(1), secondOperation("{ p: n q: n }"))).toEqual([[{ line: 2, column: 3 }]]);
  });
});

describe("boundAnswerBytes", () => {
  const answer = (text: string, headers: [string, string][] = [["content-type", "application/graphql-response+json; charset=utf-8"]]): HTTPGraphQLResponse => ({
    status: 200,
    headers: new HeaderMap(headers),
    body: { kind: "complete", string: text },
  });
  const refused = (response: HTTPGraphQLResponse) => {
    expect(response.body.kind).toBe("complete");
    return { status: response.status, contentType: response.headers.get("content-type"), body: JSON.parse((response.body as { string: string }).string) };
  };

  test("an answer within the bound is sent as it is, counted in UTF-8 bytes", () => {
    const small = answer("abc");
    expect(boundAnswerBytes(small, 9)).toBe(small);
    const ascii = answer("abcd"); // 4 bytes (12 by the quick bound of 3 per unit)
    expect(boundAnswerBytes(ascii, 10)).toBe(ascii);
    expect(boundAnswerBytes(ascii, 4)).toBe(ascii);
    const accented = answer("aaaaé"); // 6 bytes
    expect(boundAnswerBytes(accented, 6)).toBe(accented);
    const vietnamese = answer("ầầầ"); // 9 bytes
    expect(boundAnswerBytes(vietnamese, 9)).toBe(vietnamese);
    const chunked: HTTPGraphQLResponse = { status: 200, headers: new HeaderMap(), body: { kind: "chunked", asyncIterator: (async function* () {})() } };
    expect(boundAnswerBytes(chunked, 1)).toBe(chunked);
  });

  test("over the bound: QUERY_TOO_COMPLEX with HTTP 400, naming the bytes and the bound, in the answer's media type", () => {
    expect(refused(boundAnswerBytes(answer("aaaaé"), 5))).toEqual({
      status: 400,
      contentType: "application/graphql-response+json; charset=utf-8",
      body: {
        errors: [
          {
            message:
              "The answer is 6 bytes, more than the maximum of 5 bytes per answer, so it is not sent. Ask for less: a smaller `first`, fewer fields, fewer grouping dimensions or a shorter period.",
            extensions: { code: "QUERY_TOO_COMPLEX", reason: "ANSWER_TOO_LARGE", bytes: 6, limit: 5 },
          },
        ],
      },
    });
    expect(refused(boundAnswerBytes(answer("ầầầ"), 8)).body.errors[0].extensions).toEqual({
      code: "QUERY_TOO_COMPLEX",
      reason: "ANSWER_TOO_LARGE",
      bytes: 9,
      limit: 8,
    });
    const big = refused(boundAnswerBytes(answer("x".repeat(1_234_567), []), 1_000_000));
    expect(big.contentType).toBe("application/json; charset=utf-8");
    expect(big.body.errors[0].message).toMatch(/^The answer is 1,234,567 bytes, more than the maximum of 1,000,000 bytes per answer/);
  });
});
