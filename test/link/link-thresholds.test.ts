/**
 * The linker's decision (etl/models/intermediate/int_link_matches.sql) exactly at its three
 * settings (etl/models/macros/link_macros.sql): a best candidate of probability exactly
 * lnk.auto_link_probability() (0.99) is linked, one whose weight beats the next candidate's
 * by exactly lnk.min_weight_margin() (4 bits) is unique, one of probability exactly
 * lnk.review_probability() (0.05) goes to review: the model's header says "≥" for all three.
 *
 * Scores built from records never land on these values exactly (sums of rounded log2 Bayes
 * factors), so the model runs here over hand-made inputs: int_link_candidates with the
 * scores set, one record per candidate's source, a unit per candidate, no decision and no data link.
 * Written to kill the SQL mutants `>=` → `>` of the three comparisons, which the end-to-end
 * scenarios cannot reach.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODELS_DIR } from "../../etl/build/model-manifest.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { codeFrom, rows } from "./scenario-helpers.js";

// one unit per record, so that no two proposed links compete for a unit
const UNIT_AUTO = codeFrom(9100);
const UNIT_MARGIN = codeFrom(9200);
const UNIT_NEXT = codeFrom(9300);
const UNIT_REVIEW = codeFrom(9400);
const DATASET = "union_grassroots_unions";

/** source_key, tax_code, match_weight, match_probability, name_level of each hand-made candidate. */
const CANDIDATES: readonly [string, string, string, string, string][] = [
  // p = 0.99 exactly (w = log2 99 = 6.6294 bits), name EXACT, alone: at the auto-link threshold
  ["AT-AUTO", UNIT_AUTO, "log2(99)", "0.99", "EXACT"],
  // 30 bits against 26 bits: the margin is exactly 4 bits
  ["AT-MARGIN", UNIT_MARGIN, "30.0", "1 / (1 + pow(2, -30.0))", "EXACT"],
  ["AT-MARGIN", UNIT_NEXT, "26.0", "1 / (1 + pow(2, -26.0))", "EXACT"],
  // p = 0.05 exactly (w = log2(1/19) = −4.2479 bits): at the review threshold
  ["AT-REVIEW", UNIT_REVIEW, "log2(1.0 / 19)", "0.05", "EXACT"],
];

describe("the linker's decision at its thresholds (hand-made candidates)", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    const c = w.connection;
    await c.run(readFileSync(new URL("macros/link_macros.sql", MODELS_DIR), "utf8"));
    await c.run(
      `create table main.int_employer_units as select * from (values ${[UNIT_AUTO, UNIT_MARGIN, UNIT_NEXT, UNIT_REVIEW].map((u) => `('${u}')`).join(", ")}) t(tax_code)`,
    );
    await c.run(
      `create table main.int_link_records as
       select '${DATASET}' as dataset, source_key, date '2020-01-01' as valid_from, null::date as valid_to
       from (values ('AT-AUTO'), ('AT-MARGIN'), ('AT-REVIEW')) t(source_key)`,
    );
    await c.run(
      `create table main.int_link_candidates as
       select '${DATASET}' as dataset, source_key, tax_code, match_weight::double as match_weight, match_probability::double as match_probability,
              'MISSING' as tax_code_level, name_level, 'SAME' as legal_form_level, 'SAME_ADDRESS' as location_level
       from (values ${CANDIDATES.map(([k, t, mw, p, n]) => `('${k}', '${t}', ${mw}, ${p}, '${n}')`).join(", ")})
         t(source_key, tax_code, match_weight, match_probability, name_level)`,
    );
    await c.run(
      "create table main.int_link_decisions (dataset varchar, source_key varchar, tax_code varchar, decision varchar, decided_by varchar, decided_at timestamp)",
    );
    await c.run("create table main.stg_union__grassroots_unions (union_code varchar, tax_code varchar, founded_on date, dissolved_on date)");
    await c.run("create table main.stg_si__contributions (si_unit_code varchar, tax_code varchar, month date)");
    await c.run(readFileSync(new URL("intermediate/int_link_matches.sql", MODELS_DIR), "utf8"));
  });
  afterAll(async () => w?.close());

  const match = async (key: string) =>
    (
      await rows(
        w,
        `select status, reason, tax_code, best_tax_code, match_probability, match_weight - next_weight as margin
         from main.int_link_matches where source_key = '${key}'`,
      )
    )[0];

  it("the hand-made scores sit exactly on the settings: 0.99, 4 bits, 0.05", async () => {
    expect(
      await rows(
        w,
        "select lnk.auto_link_probability()::double as auto, lnk.min_weight_margin()::double as margin, lnk.review_probability()::double as review",
      ),
    ).toEqual([{ auto: 0.99, margin: 4, review: 0.05 }]);
    expect(
      await rows(w, "select source_key, match_probability from main.int_link_candidates where match_probability in (0.99, 0.05) order by source_key"),
    ).toEqual([
      { source_key: "AT-AUTO", match_probability: 0.99 },
      { source_key: "AT-REVIEW", match_probability: 0.05 },
    ]);
  });

  it("links a best candidate of probability exactly 0.99 (≥ the auto-link probability)", async () => {
    expect(await match("AT-AUTO")).toEqual({
      status: "LINKED",
      reason: null,
      tax_code: UNIT_AUTO,
      best_tax_code: UNIT_AUTO,
      match_probability: 0.99,
      margin: null,
    });
  });

  it("links a best candidate whose weight beats the next one's by exactly 4 bits (≥ the margin)", async () => {
    expect(await match("AT-MARGIN")).toMatchObject({ status: "LINKED", reason: null, tax_code: UNIT_MARGIN, best_tax_code: UNIT_MARGIN, margin: 4 });
  });

  it("sends a best candidate of probability exactly 0.05 to review (≥ the review probability), as BELOW_THRESHOLD", async () => {
    expect(await match("AT-REVIEW")).toEqual({
      status: "REVIEW",
      reason: "BELOW_THRESHOLD",
      tax_code: null,
      best_tax_code: UNIT_REVIEW,
      match_probability: 0.05,
      margin: null,
    });
  });
});
