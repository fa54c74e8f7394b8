/**
 * `startExporter(...).close()` ends the connections it holds instead of waiting for them: a client that sent
 * half a request (an active connection, which server.close alone waits for until the headers timeout) is
 * cut, not answered 408 a minute later.
 */
import { rmSync } from "node:fs";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { startExporter } from "../../dashboards/index.js";
import { writeTree } from "../support/cli.js";
import { tinyCatalog, TODAY } from "../support/tiny-catalog.js";

describe("exporter close()", () => {
  it("cuts a connection with a request half sent instead of waiting for it", async () => {
    const dir = writeTree(tinyCatalog(), "govcloud-exporter-close-");
    try {
      const exporter = await startExporter({
        catalog: dir,
        estate: "t",
        host: "127.0.0.1",
        port: 0,
        watch: false,
        worker: false,
        today: () => TODAY,
      });
      expect(exporter.initial.ok).toBe(true);
      const socket = connect(exporter.port, "127.0.0.1");
      let received = "";
      socket.on("data", (d: Buffer) => (received += d.toString()));
      socket.on("error", () => {});
      const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      // the request line and one header, not the blank line that ends the headers
      await new Promise<void>((resolve) =>
        socket.write("GET /metrics HTTP/1.1\r\nhost: 127.0.0.1\r\n", () => resolve()),
      );
      // the server has seen the bytes once its parser holds them: a scrape on another connection is answered
      const r = await fetch(`${exporter.url}/healthz`, { headers: { connection: "close" } });
      expect(r.status).toBe(200);
      await exporter.close();
      await ended;
      // waited for, the half request would have been answered 408 Request Timeout at the headers timeout
      expect(received).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
