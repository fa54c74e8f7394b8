/** Worker thread of the exporter: reloads run here so that scrapes are never kept waiting. */
import { parentPort } from "node:worker_threads";
import { reloadEstate, type ReloadRequest } from "./reload.js";

parentPort?.on("message", (req: ReloadRequest & { readonly id: number }) => {
  reloadEstate(req).then(
    (result) => parentPort!.postMessage({ id: req.id, result }),
    (e: unknown) => parentPort!.postMessage({ id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
