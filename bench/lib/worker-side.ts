/** The worker's end of bench/lib/child.ts. */
import type { ParentMessage, WorkerMessage } from "./child.js";

function send(message: WorkerMessage): void {
  process.send?.(message);
}

export function progress(text: string): void {
  send({ kind: "progress", text });
}

/** Runs `main` with the parent's input, reports its result (or error), then exits. */
export function oneShotWorker<I, R>(main: (input: I) => Promise<R>): void {
  process.once("message", (message: ParentMessage) => {
    if (message.kind !== "start") return;
    main(message.input as I).then(
      (value) => {
        send({ kind: "result", value });
        process.disconnect?.();
        setTimeout(() => process.exit(0), 50).unref();
      },
      (error: unknown) => {
        send({ kind: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        process.disconnect?.();
        setTimeout(() => process.exit(1), 50).unref();
      },
    );
  });
}

export type Handlers = Record<string, (...args: any[]) => unknown>;

/** Starts with the parent's input, then answers calls until `stop` (which the handlers may extend). */
export function serviceWorker<I>(start: (input: I) => Promise<Handlers>): void {
  let handlers: Promise<Handlers> | undefined;
  process.on("message", (message: ParentMessage) => {
    if (message.kind === "start") {
      handlers = start(message.input as I);
      handlers.catch((error: unknown) => {
        send({ kind: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        process.exit(1);
      });
      return;
    }
    const { id, method, args } = message;
    (async () => {
      const table = await handlers!;
      const handler = table[method];
      if (!handler) throw new Error(`no such method: ${method}`);
      return handler(...args);
    })().then(
      (value) => {
        send({ kind: "reply", id, value });
        if (method === "stop") {
          process.disconnect?.();
          setTimeout(() => process.exit(0), 50).unref();
        }
      },
      (error: unknown) => send({ kind: "reply", id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
