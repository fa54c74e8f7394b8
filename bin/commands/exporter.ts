import type { Command } from "commander";
import { ExitCode, UsageError, err, out, printDiagnostics, withCatalogOptions, type CatalogOptions } from "../cli.js";
import { loadCatalog } from "../../catalog/index.js";

interface ExporterCliOptions extends CatalogOptions {
  listen: string;
  watch: boolean;
}

/** host:port, [v6]:port or :port. */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(listen);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535))
    throw new UsageError(`--listen ${listen}: expected host:port, e.g. 127.0.0.1:9465`);
  return { host: m[1] ?? (m[2] || "0.0.0.0"), port };
}

export function register(program: Command): void {
  withCatalogOptions(
    program
      .command("exporter")
      .description(
        "serve govcloud_estate_* metrics of the catalog for Prometheus; reloads on catalog changes and on SIGHUP",
      )
      .option("--listen <host:port>", "address to listen on", "127.0.0.1:9465")
      .option("--no-watch", "do not watch the catalog folder (reload with SIGHUP only)"),
  ).action(async (opts: ExporterCliOptions) => {
    const { host, port } = parseListen(opts.listen);
    if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today))
      throw new UsageError(`--today ${opts.today}: expected YYYY-MM-DD`);
    // The first load in this process, so that a catalog that never validated is an exit 2 with its diagnostics.
    const first = await loadCatalog(opts.catalog, {
      estate: opts.estate,
      ...(opts.today ? { today: opts.today } : {}),
    });
    if (!first.estate) {
      printDiagnostics(first.diagnostics);
      throw new UsageError("", ExitCode.invalid);
    }
    // dashboards/ (the Grafana SDK, prom-client) is loaded when the exporter starts, not at every start of the CLI.
    const { startExporter } = await import("../../dashboards/index.js");
    let exporter;
    try {
      exporter = await startExporter({
        catalog: opts.catalog,
        estate: opts.estate,
        host,
        port,
        watch: opts.watch,
        today: () => opts.today ?? new Date().toISOString().slice(0, 10),
        log: err,
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL")
        throw new UsageError(
          `--listen ${opts.listen}: ${code === "EADDRINUSE" ? "the address is in use" : code === "EACCES" ? "permission denied" : "no such local address"}`,
        );
      throw e;
    }
    out(`govcloud exporter: serving ${exporter.url}/metrics`);
    process.on("SIGHUP", () => {
      err("govcloud exporter: SIGHUP, reloading");
      void exporter.reload();
    });
    await new Promise<void>((resolve) => {
      const stop = () => {
        void exporter.close().then(resolve);
      };
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    });
  });
}
