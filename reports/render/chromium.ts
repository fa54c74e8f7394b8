/**
 * How the HTML reports are opened in headless Chromium (the PDF of `govcloud report --format pdf`, and
 * the tests that look at the pages): which executable and with which flags. Plain data; the launch
 * itself (playwright-core) is at the edges that need it.
 */

/** The default executable: Debian's `chromium` package. */
export const CHROMIUM_DEFAULT_PATH = "/usr/bin/chromium";

/**
 * Headless, no sandbox (it needs user namespaces, often absent in containers and CI), no GPU, and
 * nothing that reaches the network on its own (component updates, sync, first-run pages).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/** The executable: $CHROMIUM_BIN when set (and not empty), else Debian's. */
export function chromiumPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.CHROMIUM_BIN || CHROMIUM_DEFAULT_PATH;
}

/** The options of playwright-core's `chromium.launch` (executablePath, args). */
export function chromiumLaunchOptions(env: Readonly<Record<string, string | undefined>> = process.env): {
  executablePath: string;
  args: string[];
} {
  return { executablePath: chromiumPath(env), args: [...CHROMIUM_ARGS] };
}
