import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AuditLog } from "../../core/records/audit-log.js";
import { LinkDecisionLog } from "../../core/records/link-decision-log.js";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import type { Database } from "../../queries/database.js";
import type { TinyWarehouse } from "../api/fixtures/tiny-warehouse.js";
import { codesOf, dataOf, districts, PROVINCE, type SecureApi, startSecureApi } from "../security/fixtures.js";
import { insertReviewScenario, oneDigitChanged, REVIEW_UNIT_B, rows } from "./scenario-helpers.js";

const B = REVIEW_UNIT_B;

const QUEUE = `query Queue($dataset: String) {
  linkReviewQueue(dataset: $dataset, first: 10) {
    totalCount
    records { dataset sourceKey sourceName sourceTaxCode sourceRows lineNo
      candidates { taxCode rank reason taxCodeLevel nameLevel unitName matchProbability blockingRules } }
  }
}`;
const DECIDE = `mutation Decide($input: LinkDecisionInput!) {
  decideLink(input: $input) { dataset sourceKey taxCode decision decidedBy decidedAt note }
}`;
const UNIT = `query Unit($taxCode: String!) { enterprise(taxCode: $taxCode, asOf: "2024-12-31") { taxCode hasUnion unionCodes } }`;

/**
 * Analysts' decisions through the API (README "Linking"): the review queue as a query,
 * `decideLink` as a mutation (ADMIN only), recorded with who and when in the decisions
 * file and the audit log, applied by the next build: the unit is then covered.
 */
describe("link review and decisions over GraphQL", () => {
  let secure: SecureApi;
  let tiny: TinyWarehouse;
  let admin: string;
  let analyst: string;

  beforeAll(async () => {
    const w = await openWarehouse<Database>(":memory:");
    await insertReviewScenario(w);
    await buildWarehouse(w.connection);
    tiny = { warehouse: w, statements: [], resetStatements: () => {}, close: () => w.close() };
    secure = await startSecureApi({}, { warehouse: tiny });
    admin = secure.key("ADMIN", PROVINCE, "admin@ldld");
    analyst = secure.key("ANALYST", PROVINCE, "analyst@ldld");
  });
  afterAll(async () => secure?.close());

  it("lists the review queue with both sides' evidence", async () => {
    const queue = dataOf(await secure.post(analyst, QUEUE)).linkReviewQueue;
    expect(queue.totalCount).toBe(1);
    expect(queue.records).toEqual([
      {
        dataset: "union_grassroots_unions",
        sourceKey: "U-B",
        sourceName: "Công ty Sao Mai",
        sourceTaxCode: oneDigitChanged(B, 6),
        sourceRows: 1,
        lineNo: 3,
        candidates: [
          {
            taxCode: B,
            rank: 1,
            reason: "NAME_DISAGREES",
            taxCodeLevel: "ONE_EDIT",
            nameLevel: "DIFFERENT",
            unitName: "Hợp tác xã Vận tải Triệu Phong",
            // log2(0.85 / 0.000001) + log2(0.03 / 0.9982) + log2(0.03 / 0.62) = 19.697 − 5.056 − 4.369 = 10.272 bits
            // (tax code one edit off, names and legal forms differ, no place; two units: prior 0 bits)
            matchProbability: expect.closeTo(0.99919166, 7),
            blockingRules: ["TAX_VARIANT"],
          },
        ],
      },
    ]);
    expect(dataOf(await secure.post(analyst, QUEUE, { dataset: "si_contributions" })).linkReviewQueue).toEqual({ totalCount: 0, records: [] });
    const one = `{ linkReviewQueue(sourceKey: "U-B") { totalCount records { sourceKey } } none: linkReviewQueue(sourceKey: "U-A") { totalCount records { sourceKey } } }`;
    expect(dataOf(await secure.post(analyst, one))).toEqual({
      linkReviewQueue: { totalCount: 1, records: [{ sourceKey: "U-B" }] },
      none: { totalCount: 0, records: [] },
    });
  });

  it("keeps the queue from district keys and DASHBOARD keys, and decisions from everyone but ADMIN", async () => {
    const district = secure.key("ANALYST", districts("464"));
    expect(codesOf(await secure.post(district, QUEUE))).toEqual(["FORBIDDEN"]);
    expect(codesOf(await secure.post(secure.key("DASHBOARD"), QUEUE))).toEqual(["FORBIDDEN"]);
    const input = { dataset: "union_grassroots_unions", sourceKey: "U-B", taxCode: B, decision: "ACCEPT" };
    const refused = await secure.post(analyst, DECIDE, { input });
    expect(codesOf(refused)).toEqual(["FORBIDDEN"]);
    expect(new LinkDecisionLog(secure.api.app.security.linkDecisions.path).entries()).toEqual([]);
  });

  it("refuses a decision on an unknown record or unit with a clear error", async () => {
    const unknownSource = await secure.post(admin, DECIDE, {
      input: { dataset: "union_grassroots_unions", sourceKey: "U-NONE", taxCode: B, decision: "ACCEPT" },
    });
    expect(codesOf(unknownSource)).toEqual(["NOT_FOUND"]);
    expect(unknownSource.body.errors![0].message).toMatch(/no union_grassroots_unions rows have the source key "U-NONE"/);
    const badCode = await secure.post(admin, DECIDE, { input: { dataset: "union_grassroots_unions", sourceKey: "U-B", taxCode: "123", decision: "ACCEPT" } });
    expect(codesOf(badCode)).toEqual(["BAD_USER_INPUT"]);
  });

  it("records an ADMIN's decision with who and when, audits it, and the next build counts the union for the unit", async () => {
    expect(dataOf(await secure.post(admin, UNIT, { taxCode: B })).enterprise).toEqual({ taxCode: B, hasUnion: false, unionCodes: [] });

    const input = {
      dataset: "union_grassroots_unions",
      sourceKey: "U-B",
      taxCode: `${B.slice(0, 4)} ${B.slice(4)}`,
      decision: "ACCEPT",
      note: "checked by phone",
    };
    // The decision is stamped with the server's clock: set to a known instant for this request.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-03-14T02:30:05.250Z") });
    let decided: Record<string, unknown>;
    try {
      decided = dataOf(await secure.post(admin, DECIDE, { input })).decideLink;
    } finally {
      vi.useRealTimers();
    }
    expect(decided).toEqual({
      dataset: "union_grassroots_unions",
      sourceKey: "U-B",
      taxCode: B,
      decision: "ACCEPT",
      decidedBy: "admin@ldld",
      decidedAt: "2025-03-14T02:30:05.250Z",
      note: "checked by phone",
    });

    const file = secure.api.app.security.linkDecisions.path;
    expect(
      readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        dataset: "union_grassroots_unions",
        source_key: "U-B",
        tax_code: B,
        decision: "ACCEPT",
        decided_by: "admin@ldld",
        decided_at: "2025-03-14T02:30:05.250Z",
        note: "checked by phone",
      },
    ]);
    const audit = new AuditLog(secure.api.app.security.auditLog.path).entries().filter((e) => e.action === "LINK_DECISION");
    expect(audit).toMatchObject([
      { action: "LINK_DECISION", target: `union_grassroots_unions/U-B → ${B}`, outcome: "OK", details: { decision: "ACCEPT", decidedBy: "admin@ldld" } },
    ]);
    expect(dataOf(await secure.post(analyst, `{ linkDecisions { sourceKey taxCode decision decidedBy } }`)).linkDecisions).toEqual([
      { sourceKey: "U-B", taxCode: B, decision: "ACCEPT", decidedBy: "admin@ldld" },
    ]);

    // nothing changes until a build imports the file
    expect(dataOf(await secure.post(admin, UNIT, { taxCode: B })).enterprise.hasUnion).toBe(false);
    const build = await buildWarehouse(tiny.warehouse.connection, { linkDecisionsFile: file });
    expect(build.linkDecisionsImported).toBe(1);
    expect(await rows(tiny.warehouse, `select tax_code, method, confidence, decision from main.int_unit_links where source_key = 'U-B'`)).toEqual([
      { tax_code: B, method: "ANALYST_ACCEPTED", confidence: 1, decision: "ACCEPT" },
    ]);
    expect(dataOf(await secure.post(admin, UNIT, { taxCode: B })).enterprise).toEqual({ taxCode: B, hasUnion: true, unionCodes: ["U-B"] });
    expect(dataOf(await secure.post(analyst, QUEUE)).linkReviewQueue.totalCount).toBe(0);

    // a second build imports nothing new and keeps the decision
    expect((await buildWarehouse(tiny.warehouse.connection, { linkDecisionsFile: file })).linkDecisionsImported).toBe(0);
    expect(await rows(tiny.warehouse, `select count(*)::int as n from link.decisions`)).toEqual([{ n: 1 }]);
    expect(dataOf(await secure.post(admin, UNIT, { taxCode: B })).enterprise.hasUnion).toBe(true);
  });

  it("a later REJECT undoes it on the next build", async () => {
    const input = { dataset: "union_grassroots_unions", sourceKey: "U-B", taxCode: B, decision: "REJECT" };
    dataOf(await secure.post(admin, DECIDE, { input }));
    await buildWarehouse(tiny.warehouse.connection, { linkDecisionsFile: secure.api.app.security.linkDecisions.path });
    expect(await rows(tiny.warehouse, `select tax_code, method from main.int_unit_links where source_key = 'U-B'`)).toEqual([
      { tax_code: null, method: "UNLINKED" },
    ]);
    expect(dataOf(await secure.post(admin, UNIT, { taxCode: B })).enterprise.hasUnion).toBe(false);
  });
});
