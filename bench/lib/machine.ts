/** The machine a run happened on, and how busy it was. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { join } from "node:path";

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  duckdb: string | undefined;
  readonly duckdbNodeApi: string;
  readonly autocannon: string;
  readonly gitCommit: string | undefined;
  /** Files that differ from the commit (other engineers' work in progress is measured too). */
  readonly gitChangedFiles: number | undefined;
  readonly loadAverageAtStart: readonly number[];
}

function packageVersion(root: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

export function describeMachine(root: string): Machine {
  const status = git(root, ["status", "--porcelain"]);
  return {
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    duckdb: undefined,
    duckdbNodeApi: packageVersion(root, "@duckdb/node-api"),
    autocannon: packageVersion(root, "autocannon"),
    gitCommit: git(root, ["rev-parse", "--short", "HEAD"]),
    gitChangedFiles: status === undefined ? undefined : status.split("\n").filter(Boolean).length,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function currentLoad(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}
