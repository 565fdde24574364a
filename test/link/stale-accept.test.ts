/**
 * An analyst's ACCEPT of a source that is no longer a record to link (int_link_matches.sql's
 * `accepted`, docs/DOMAIN.md § Linking): it has no period, so it blocks no other link of its
 * unit. Two units, each with a union found by name at its own address (name EXACT, legal form
 * SAME, SAME_ADDRESS: far above the auto-link threshold):
 * - Y: an ACCEPT of Y-0, a union no longer in the registry;
 * - Z: an ACCEPT of Z-E, whose row now carries Z's valid tax code and was dissolved on
 *   01/01/2015, before Z-1 was founded: exact linking places it with its real dates.
 * Were such ACCEPTs kept without a period (a left join to the records), Y-1 and Z-1 would go
 * to review as CONFLICTs naming them: the SQL mutant `left join records` ↔ `join records`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { codeFrom, decide, insertRaw, rows, taxRow, unionRow } from "./scenario-helpers.js";

const Y = codeFrom(6300); // Công ty TNHH May mặc Cửa Việt, Thị trấn Cửa Việt (19555)
const Z = codeFrom(6400); // Công ty cổ phần Gỗ Trường Sơn, Phường Đông Lễ (19336)
const ADDRESS_Y = "Khu phố 3, Thị trấn Cửa Việt, Huyện Gio Linh, Tỉnh Quảng Trị";
const ADDRESS_Z = "Số 12 đường Hùng Vương, Phường Đông Lễ, Thành phố Đông Hà, Tỉnh Quảng Trị";

describe("a stale ACCEPT blocks no link", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await insertRaw(w, "tax_enterprises", 1, [
      taxRow(Y, "Công ty TNHH May mặc Cửa Việt", "19555", ADDRESS_Y),
      taxRow(Z, "Công ty cổ phần Gỗ Trường Sơn", "19336", ADDRESS_Z),
    ]);
    await insertRaw(w, "union_grassroots_unions", 2, [
      unionRow("Y-1", "Công ty TNHH May mặc Cửa Việt", null, "19555", ADDRESS_Y, "01/01/2018"),
      unionRow("Z-E", "Công ty cổ phần Gỗ Trường Sơn", Z, "19336", ADDRESS_Z, "01/01/2010", "01/01/2015"),
      unionRow("Z-1", "Công ty cổ phần Gỗ Trường Sơn", null, "19336", ADDRESS_Z, "01/01/2016"),
    ]);
    await decide(w, "union_grassroots_unions", "Y-0", Y, "ACCEPT", "2024-06-01 09:00:00");
    await decide(w, "union_grassroots_unions", "Z-E", Z, "ACCEPT", "2024-06-01 09:05:00");
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  const decision = async (key: string) =>
    (
      await rows(
        w,
        `select status, reason, tax_code, conflict_source_key from main.int_link_matches
         where dataset = 'union_grassroots_unions' and source_key = '${key}'`,
      )
    )[0];
  const linkOf = async (key: string) =>
    (await rows(w, `select tax_code, method from main.int_unit_links where dataset = 'union_grassroots_unions' and source_key = '${key}'`))[0];

  it("an ACCEPT of a union gone from the registry: the unit's union found by name links", async () => {
    expect(await decision("Y-1")).toEqual({ status: "LINKED", reason: null, tax_code: Y, conflict_source_key: null });
    expect(await linkOf("Y-1")).toEqual({ tax_code: Y, method: "FUZZY_NAME" });
  });

  it("an ACCEPT of a union now linked by its own code keeps that union's period: a union founded after its dissolution links", async () => {
    expect(await decision("Z-E")).toBeUndefined(); // no longer a fuzzy record
    expect(await decision("Z-1")).toEqual({ status: "LINKED", reason: null, tax_code: Z, conflict_source_key: null });
    expect(await linkOf("Z-1")).toEqual({ tax_code: Z, method: "FUZZY_NAME" });
  });
});
