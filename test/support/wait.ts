/**
 * Waits until `check` holds, looking again every 50 ms, or fails after `ms` naming `what` it waited for.
 * A loop rather than expect.poll, so that set-up hooks can wait too.
 */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
