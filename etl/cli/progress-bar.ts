import cliProgress from "cli-progress";
import type { ProgressSink } from "../ingest/batch-report.js";

/** A terminal progress bar when stderr is a TTY; one line per step otherwise (CI logs). */
export function terminalProgress(): ProgressSink & { stop(): void } {
  if (!process.stderr.isTTY) {
    let lastLabel = "";
    return {
      update(label, fraction) {
        if (label !== lastLabel && fraction < 1) process.stderr.write(`… ${label}\n`);
        lastLabel = label;
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: " {bar} {percentage}% | {label}", clearOnComplete: true, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(label, fraction) {
      if (!started) bar.start(100, 0, { label });
      started = true;
      bar.update(Math.round(fraction * 100), { label });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
