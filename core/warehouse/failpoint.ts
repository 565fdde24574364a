/**
 * Crash-test hooks, driven by UAP_FAILPOINT:
 * - `UAP_FAILPOINT=<name>`: at that point, say so on stderr and hang, so a test can
 *   SIGKILL the process at a known place (e.g. mid-transaction);
 * - `UAP_FAILPOINT=<name>:io-error`: throw a simulated disk-full IO error there instead
 *   (for hosts where a real size-limited disk cannot be mounted).
 * A no-op otherwise.
 */
export async function failpoint(name: string): Promise<void> {
  const setting = process.env.UAP_FAILPOINT;
  if (setting === `${name}:io-error`) {
    process.stderr.write(`failpoint ${name} reached: simulating an IO error\n`);
    throw new Error(`IO Error: No space left on device (simulated by UAP_FAILPOINT=${setting})`);
  }
  if (setting !== name) return;
  process.stderr.write(`failpoint ${name} reached\n`);
  await new Promise(() => setInterval(() => {}, 1 << 30));
}
