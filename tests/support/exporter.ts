/** Runs the built `govcloud exporter` as a child process on 127.0.0.1:<free port>, for the exporter and end-to-end suites. */
import { spawn, type ChildProcess } from "node:child_process";
import { BIN, ROOT } from "./cli.js";
import { TODAY } from "./tiny-catalog.js";

export interface RunningExporter {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** What it printed on stderr so far. */
  stderr(): string;
  scrape(): Promise<string>;
  /** The value of one sample, e.g. value('govcloud_estate_catalog_valid'). */
  value(series: string): Promise<number | undefined>;
  stop(): Promise<void>;
}

export function sampleValue(page: string, series: string): number | undefined {
  for (const line of page.split("\n")) if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  return undefined;
}

export async function startExporterProcess(
  catalog: string,
  estate: string,
  extra: readonly string[] = [],
  today = TODAY,
  env: Readonly<Record<string, string>> = {},
): Promise<RunningExporter> {
  const child = spawn(
    process.execPath,
    [BIN, "exporter", "--catalog", catalog, "--estate", estate, "--listen", "127.0.0.1:0", ...extra],
    {
      cwd: ROOT,
      env: { ...process.env, CI: "true", GOVCLOUD_TODAY: today, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  // A test that fails before stop() must not leave the exporter running after its worker ends.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`exporter did not start:\n${stderr}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /serving (http:\/\/[^\s]+)\/metrics/.exec(stdout);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`exporter exited ${code}:\n${stderr}`));
    });
  });
  const scrape = async () => {
    const r = await fetch(`${url}/metrics`);
    if (r.status !== 200) throw new Error(`scrape: HTTP ${r.status}`);
    return r.text();
  };
  return {
    url,
    port: Number(new URL(url).port),
    child,
    stderr: () => stderr,
    scrape,
    value: async (series) => sampleValue(await scrape(), series),
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener("exit", killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
