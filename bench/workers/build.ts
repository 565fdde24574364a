/** Build part: `buildWarehouse` on the ingested warehouse, per-model seconds, data tests, peak RSS. */
import { statSync } from "node:fs";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import { peakRssMiB } from "../lib/stats.js";
import type { BuildInput, BuildResult } from "../lib/types.js";
import { oneShotWorker, progress } from "../lib/worker-side.js";

oneShotWorker<BuildInput, BuildResult>(async (input) => {
  const warehouse = await openWarehouse(input.warehousePath);
  const marks: { step: string; at: number }[] = [];
  let lastPrinted = 0;
  const started = performance.now();
  try {
    const report = await buildWarehouse(warehouse.connection, {
      // the full build's time, whatever an earlier run of the bench left in the warehouse
      full: true,
      onProgress(step, done, total) {
        const now = performance.now();
        marks.push({ step, at: now });
        // every model is printed; the data tests once in a while
        if (!step.startsWith("test ") || now - lastPrinted > 2000 || done + 1 === total) {
          progress(`build ${String(done + 1).padStart(3)}/${total} ${step} (${((now - started) / 1000).toFixed(1)} s)`);
          lastPrinted = now;
        }
      },
    });
    const c0 = performance.now();
    await warehouse.connection.run("checkpoint");
    const checkpointSeconds = (performance.now() - c0) / 1000;
    const firstAt = (predicate: (step: string) => boolean) => marks.find((m) => predicate(m.step))?.at;
    const refStart = firstAt((s) => s.startsWith("ref.")) ?? started;
    const testStart = firstAt((s) => s.startsWith("test ")) ?? performance.now();
    const modelsSeconds = report.models.reduce((s, m) => s + m.seconds, 0);
    const refIndex = marks.findIndex((m) => m.step.startsWith("ref."));
    const referencesEnd = refIndex >= 0 ? (marks.slice(refIndex).find((m) => !m.step.startsWith("ref."))?.at ?? refStart) : refStart;
    const doneAt = firstAt((s) => s === "done") ?? performance.now();
    return {
      ok: true,
      seconds: report.seconds,
      retrySeconds: (refStart - started) / 1000,
      referencesSeconds: (referencesEnd - refStart) / 1000,
      modelsSeconds,
      testsSeconds: (doneAt - testStart) / 1000,
      testsRun: report.testsRun,
      checkpointSeconds,
      models: report.models.map((m) => ({ model: m.model, layer: m.layer, seconds: m.seconds, rows: m.rows })),
      peakRssMiB: peakRssMiB(),
      warehouseBytes: statSync(input.warehousePath).size,
      memoryLimit: report.settings.memoryLimit,
    };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      seconds: (performance.now() - started) / 1000,
      retrySeconds: 0,
      referencesSeconds: 0,
      modelsSeconds: 0,
      testsSeconds: 0,
      testsRun: 0,
      checkpointSeconds: 0,
      models: [],
      peakRssMiB: peakRssMiB(),
      warehouseBytes: 0,
    };
  } finally {
    await warehouse.close();
  }
});
