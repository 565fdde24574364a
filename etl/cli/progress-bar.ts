import cliProgress from "cli-progress";
import type { ProgressSink } from "../ingest/batch-report.js";

export interface ProgressOptions {
  /** Where it is drawn: stderr by default (stdout keeps the command's output). */
  readonly stream?: NodeJS.WriteStream;
  /**
   * Not a TTY (CI logs, a pipe): print a line at each 1/milestones of the way (4: 25 %,
   * 50 %, 75 %, 100 %) instead of one line per update; a fraction that falls back starts a
   * new step with its own milestones.
   */
  readonly milestones?: number;
}

/** A terminal progress bar when the stream is a TTY; lines otherwise (one per step, or a few milestones). */
export function terminalProgress(options: ProgressOptions = {}): ProgressSink & { stop(): void } {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return options.milestones ? milestoneLines(stream, options.milestones) : stepLines(stream);
  const bar = new cliProgress.SingleBar(
    { format: " {bar} {percentage}% | {label}", clearOnComplete: true, hideCursor: true, stream },
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

function stepLines(stream: NodeJS.WriteStream): ProgressSink & { stop(): void } {
  let lastLabel = "";
  return {
    update(label, fraction) {
      if (label !== lastLabel && fraction < 1) stream.write(`… ${label}\n`);
      lastLabel = label;
    },
    stop() {},
  };
}

function milestoneLines(stream: NodeJS.WriteStream, milestones: number): ProgressSink & { stop(): void } {
  let reached = 0;
  let last = 0;
  return {
    update(label, fraction) {
      if (fraction < last) reached = 0; // a new step starts its own count
      last = fraction;
      const now = Math.min(milestones, Math.floor(fraction * milestones + 1e-9));
      if (now > reached) stream.write(`… ${Math.round((now / milestones) * 100)}% ${label}\n`);
      reached = Math.max(reached, now);
    },
    stop() {},
  };
}
