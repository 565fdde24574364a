/** The ETL command line as a separate process, as operators and the nightly job run it. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export interface EtlRun {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  readonly output: () => { stdout: string; stderr: string };
  /** Resolves when stderr (progress, failpoints) or stdout contains `text`; rejects if the process exits first. */
  waitFor(text: string): Promise<void>;
  /** Exit code (null when killed) with the whole output. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function runEtl(args: readonly string[], env: Record<string, string> = {}): EtlRun {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "etl/cli.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, UAP_FAILPOINT: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers: { text: string; resolve: () => void }[] = [];
  const notify = () => {
    for (const w of watchers.splice(0)) {
      if (stdout.includes(w.text) || stderr.includes(w.text)) w.resolve();
      else watchers.push(w);
    }
  };
  child.stdout!.on("data", (d: Buffer) => {
    stdout += d.toString();
    notify();
  });
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
    notify();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    output: () => ({ stdout, stderr }),
    exit,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        watchers.push({ text, resolve });
        notify();
        exit.then(({ code, signal }) => reject(new Error(`etl ${args[0]} exited (${code ?? signal}) before printing "${text}":\n${stdout}\n${stderr}`)));
      }),
  };
}

/** Runs the ETL to its end. */
export async function etl(args: readonly string[], env: Record<string, string> = {}) {
  return runEtl(args, env).exit;
}

/** Kills the process when it reaches the failpoint `name`; resolves once it is dead. */
export async function killAtFailpoint(args: readonly string[], name: string, env: Record<string, string> = {}) {
  const run = runEtl(args, { ...env, UAP_FAILPOINT: name });
  await run.waitFor(`failpoint ${name} reached`);
  run.child.kill("SIGKILL");
  return run.exit;
}
