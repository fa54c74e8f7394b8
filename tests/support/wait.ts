/**
 * Waiting for a state in tests: one helper for every suite (the operator harnesses, the baseline cluster,
 * the kube-api suites). It polls a check until it returns a value and fails with what it waited for.
 *
 * Timeouts are generous on purpose: CI runs ~1,450 tests on 2 cores, and a loaded machine makes the
 * operators slow, never wrong. The timeout is only how long a wrong behaviour takes to fail; a check that
 * passes returns at its first true poll. Use it for "it happened" (a state is reached), never as a
 * stopwatch: how fast something happens belongs in bench/.
 */

/** How long a wait lasts before it fails, unless the caller says otherwise (the operators wait at least 60 s). */
export const WAIT_TIMEOUT_MS = 60_000;

export interface WaitOptions {
  /** Fail after this long (default WAIT_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Time between polls (default 25 ms). */
  readonly intervalMs?: number;
  /** A check that throws is polled again (its last error goes in the timeout's message) instead of failing at once. */
  readonly retryErrors?: boolean;
}

/**
 * Polls `check` until it returns a value other than undefined or false, and returns it; after the timeout
 * fails naming `what` (a function is called then, so the message can show the state that was reached).
 * The check is polled once more after the deadline, so a state reached during the last interval counts.
 */
export async function waitFor<T>(
  what: string | (() => string),
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: number | WaitOptions = {},
): Promise<T> {
  const o: WaitOptions = typeof options === "number" ? { timeoutMs: options } : options;
  const timeoutMs = o.timeoutMs ?? WAIT_TIMEOUT_MS;
  const intervalMs = o.intervalMs ?? 25;
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const late = Date.now() > end;
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      if (!o.retryErrors) throw e;
      lastError = e;
    }
    if (late) {
      const name = typeof what === "string" ? what : what();
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${name}${lastError ? `: ${String(lastError)}` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
