import { afterAll, beforeAll, expect, test } from "vitest";
import { UnitWithSourcesDocument } from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";
import { openTinyWarehouse, unitNo } from "./fixtures/tiny-warehouse.js";

let api: RunningApi;
beforeAll(async () => {
  const broken = await openTinyWarehouse();
  await broken.warehouse.connection.run("drop table dim_union");
  api = await startApi({ warehouse: broken });
});
afterAll(() => api.close());

test("an internal error is logged and masked: INTERNAL_SERVER_ERROR, no SQL, no stack; the rest of the answer stands", async () => {
  const response = await api.client.request(UnitWithSourcesDocument, { taxCode: unitNo(16).taxCode });
  expect(response.data?.enterprise).toMatchObject({ name: "Công ty Điện lực Quảng Trị", union: null, finance: expect.any(Array) });
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  expect(error).toEqual({
    message: "Internal server error",
    locations: expect.any(Array),
    path: ["enterprise", "union"],
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  });
  expect(JSON.stringify(response)).not.toMatch(/dim_union|select|Catalog|stack/i);
  expect(api.errorLog.join("\n")).toMatch(/dim_union/);
});

test("errors users can act on keep their code and message", async () => {
  const response = await api.client.request(UnitWithSourcesDocument, { taxCode: "0100109106" });
  expect(response.errors?.[0]).toMatchObject({ extensions: { code: "NOT_FOUND" }, message: expect.stringMatching(/0100109106/) });
  const syntax = await api.client.requestText("{ enterprises(");
  expect(syntax.errors?.[0].extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  const unknownField = await api.client.requestText("{ enterprises { nope } }");
  expect(unknownField.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  const badVariable = await api.client.request(UnitWithSourcesDocument, { taxCode: unitNo(16).taxCode, asOf: "2024-13-45" });
  expect(badVariable.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
});
