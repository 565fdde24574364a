/**
 * Each measured part runs in its own Node process, so that its peak RSS is its own
 * (maxRSS never goes down within a process) and the API server does not share an
 * event loop with the load generator. Messages travel over Node's IPC channel with
 * the structured-clone serialization (BigInt, Date survive).
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Messages a worker sends. */
export type WorkerMessage =
  | { readonly kind: "progress"; readonly text: string }
  | { readonly kind: "result"; readonly value: unknown }
  | { readonly kind: "reply"; readonly id: number; readonly value?: unknown; readonly error?: string }
  | { readonly kind: "error"; readonly message: string };

/** Messages the parent sends. */
export type ParentMessage =
  | { readonly kind: "start"; readonly input: unknown }
  | { readonly kind: "call"; readonly id: number; readonly method: string; readonly args: readonly unknown[] };

const TSX_LOADER = import.meta.resolve("tsx");

function spawnWorker(name: string): ChildProcess {
  const script = fileURLToPath(new URL(`../workers/${name}.ts`, import.meta.url));
  return fork(script, [], {
    execArgv: ["--import", TSX_LOADER],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/** Runs a one-shot worker (`bench/workers/<name>.ts`) with `input`; resolves with its result. */
export function runWorker<R>(name: string, input: unknown, onProgress: (text: string) => void): Promise<R> {
  const child = spawnWorker(name);
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    child.on("message", (message: WorkerMessage) => {
      if (message.kind === "progress") onProgress(message.text);
      else if (message.kind === "result") {
        settled = true;
        resolve(message.value as R);
      } else if (message.kind === "error") {
        settled = true;
        reject(new Error(`${name} worker: ${message.message}`));
      }
    });
    child.on("error", (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    child.on("exit", (code, signal) => {
      if (!settled) reject(new Error(`${name} worker exited (${signal ?? `code ${code}`}) before reporting a result`));
      settled = true;
    });
    child.send({ kind: "start", input } satisfies ParentMessage);
  });
}

/** A long-lived worker answering calls (the API server). */
export class WorkerClient {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #next = 1;
  #exited: Promise<void>;
  #failure: string | undefined;

  private constructor(
    readonly name: string,
    onProgress: (text: string) => void,
  ) {
    this.#child = spawnWorker(name);
    this.#child.on("message", (message: WorkerMessage) => {
      if (message.kind === "progress") onProgress(message.text);
      else if (message.kind === "reply") {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error !== undefined) pending?.reject(new Error(`${name} worker: ${message.error}`));
        else pending?.resolve(message.value);
      } else if (message.kind === "error") {
        this.#failure = message.message;
        for (const p of this.#pending.values()) p.reject(new Error(`${name} worker: ${message.message}`));
        this.#pending.clear();
      }
    });
    this.#exited = new Promise((resolve) =>
      this.#child.on("exit", (code, signal) => {
        for (const p of this.#pending.values()) p.reject(new Error(`${name} worker exited (${signal ?? `code ${code}`})`));
        this.#pending.clear();
        resolve();
      }),
    );
  }

  static start(name: string, input: unknown, onProgress: (text: string) => void): WorkerClient {
    const client = new WorkerClient(name, onProgress);
    client.#child.send({ kind: "start", input } satisfies ParentMessage);
    return client;
  }

  call<R>(method: string, ...args: unknown[]): Promise<R> {
    const id = this.#next++;
    if (this.#failure !== undefined) return Promise.reject(new Error(`${this.name} worker: ${this.#failure}`));
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#child.send({ kind: "call", id, method, args } satisfies ParentMessage);
    });
  }

  /** Asks the worker to stop; kills it (by its own pid) if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.call("stop").catch(() => {});
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}
