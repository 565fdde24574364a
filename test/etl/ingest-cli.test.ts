import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../helpers/temp-dir.js";
import { writeCsv } from "../helpers/write-formats.js";

const ROOT = new URL("../..", import.meta.url).pathname;

function etl(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "etl/cli.ts"), ...args], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("etl ingest --db in a folder that does not exist yet", () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.remove());
  const file = join(tmp.dir, "si_contributions.2024-06.csv");
  writeCsv(file, {
    headers: ["ma_don_vi", "ten_don_vi", "ma_so_thue", "ky", "so_lao_dong", "quy_luong"],
    rows: [["A1", "Công ty A", "3200000002", "06/2024", "10", "70000000"]],
  });

  it("creates the folder (data/ on a first run) and loads", () => {
    const r = etl(ROOT, "ingest", file, "--db", join(tmp.dir, "data", "warehouse.duckdb"));
    expect(r.stderr).not.toContain("ENOENT");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("LOADED    si_contributions.2024-06.csv [si_contributions, utf-8] read 1 = loaded 1 + quarantined 0");
    expect(existsSync(join(tmp.dir, "data", "warehouse.duckdb"))).toBe(true);
  }, 60_000);

  it("exits non-zero, saying why, when the folder cannot be made (a file is in the way)", () => {
    writeFileSync(join(tmp.dir, "blocked"), "");
    const r = etl(ROOT, "ingest", file, "--db", join(tmp.dir, "blocked", "warehouse.duckdb"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: cannot create the warehouse's folder ${join(tmp.dir, "blocked")}`);
  }, 60_000);
});
