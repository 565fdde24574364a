/**
 * Crash-test hook: when UAP_FAILPOINT names this point, say so on stderr and hang, so a
 * test can SIGKILL the process at a known place (e.g. mid-transaction). A no-op otherwise.
 */
export async function failpoint(name: string): Promise<void> {
  if (process.env.UAP_FAILPOINT !== name) return;
  process.stderr.write(`failpoint ${name} reached\n`);
  await new Promise(() => setInterval(() => {}, 1 << 30));
}
