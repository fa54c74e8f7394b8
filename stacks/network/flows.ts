/**
 * The flow matrix of the extranet (domain.md §3) as the estate declares it, and the exchange channels
 * through which traffic crosses from one network to another. The matrix is data: this module only
 * reads it, checks that it is well formed, and answers "may this flow happen, and how?".
 */
import {
  diagnostic,
  type DeepReadonly,
  type Diagnostic,
  type Estate,
  type Network,
  type Zone,
} from "../../catalog/index.js";

export type Endpoint = "public" | "dedicated" | "internet-access" | "internet" | "intranet";
export type NetworkName = "extranet" | "internet" | "intranet";
export type Flow = DeepReadonly<NonNullable<Network["spec"]["flows"]>[number]>;
export type Channel = DeepReadonly<NonNullable<Network["spec"]["channels"]>[number]>;

export const ZONES: readonly Zone[] = ["public", "dedicated", "internet-access"];
export const ENDPOINTS: readonly Endpoint[] = [...ZONES, "internet", "intranet"];

/** The network an endpoint belongs to: the three zones are the extranet's. */
export function networkOf(e: Endpoint): NetworkName {
  return e === "internet" || e === "intranet" ? e : "extranet";
}

export const isZone = (e: Endpoint): e is Zone => networkOf(e) === "extranet";

/** The declared flow of a pair, if any (a pair not listed is denied). */
export function flowOf(flows: readonly Flow[], from: Endpoint, to: Endpoint): Flow | undefined {
  return flows.find((f) => f.from === from && f.to === to);
}

/** Whether the matrix allows traffic from `from` to `to`. */
export function allowed(flows: readonly Flow[], from: Endpoint, to: Endpoint): boolean {
  return flowOf(flows, from, to)?.allowed === true;
}

/** Well-formedness of zones, flows and channels: duplicates, references, conditions, network crossings. */
export function checkFlows(estate: Estate): Diagnostic[] {
  const net = estate.network;
  const spec = net.doc.spec;
  const at = (...p: (string | number)[]) => net.locate(["spec", ...p]);
  const out: Diagnostic[] = [];
  const flows = spec.flows ?? [];
  const channels = spec.channels ?? [];
  const zones = new Set((spec.zones ?? []).map((z) => z.name));

  const channelAt = new Map<string, number>();
  channels.forEach((c, i) => {
    if (channelAt.has(c.name))
      out.push(
        diagnostic(
          at("channels", i, "name"),
          "duplicate-name",
          `channel "${c.name}" is declared twice`,
          "give each channel its own name",
        ),
      );
    else channelAt.set(c.name, i);
    if (c.from === c.to)
      out.push(
        diagnostic(
          at("channels", i, "to"),
          "channel-not-crossing",
          `channel ${c.name} goes from ${c.from} to ${c.to}: a channel joins two networks`,
          "set from and to to two different networks",
        ),
      );
    if (c.kind === "internet-exit" && c.from !== "internet" && c.to !== "internet") {
      out.push(
        diagnostic(
          at("channels", i, "kind"),
          "channel-kind",
          `channel ${c.name} is an internet exit but does not touch the internet`,
          "use data-diode or exchange-gateway for channels to and from the intranet",
        ),
      );
    }
    if ((c.from === "intranet" || c.to === "intranet") && c.kind === "internet-exit") {
      out.push(
        diagnostic(
          at("channels", i, "kind"),
          "channel-kind",
          `channel ${c.name} joins the classified intranet through an internet exit`,
          "the intranet is reached only through a data diode or a one-way exchange gateway",
        ),
      );
    }
  });

  const pairs = new Map<string, number>();
  flows.forEach((f, i) => {
    const key = `${f.from}->${f.to}`;
    if (pairs.has(key)) {
      const first = net.locate(["spec", "flows", pairs.get(key)!]);
      out.push(
        diagnostic(
          at("flows", i),
          "flow-duplicate",
          `the flow ${f.from} -> ${f.to} is already declared at line ${first.line}`,
          "declare each pair once",
        ),
      );
    } else pairs.set(key, i);
    for (const side of ["from", "to"] as const) {
      const e = f[side] as Endpoint;
      if (isZone(e) && zones.size > 0 && !zones.has(e)) {
        out.push(
          diagnostic(
            at("flows", i, side),
            "ref-unknown-zone",
            `zone "${e}" is not defined under spec.zones`,
            `define it, or use one of: ${[...zones].join(", ")}`,
          ),
        );
      }
    }
    const conditions = f.conditions ?? [];
    if (conditions.includes("declared-service-ports") && !f.ports) {
      out.push(
        diagnostic(
          at("flows", i, "conditions"),
          "flow-ports-missing",
          `the flow ${key} is limited to declared service ports but declares none`,
          "list them under ports: [{ port: 443, protocol: TCP }]",
        ),
      );
    }
    if (f.ports && !conditions.includes("declared-service-ports")) {
      out.push(
        diagnostic(
          at("flows", i, "ports"),
          "flow-ports-unused",
          `the flow ${key} lists ports without the declared-service-ports condition`,
          "add the condition, or remove the ports",
        ),
      );
    }
    const crossing = networkOf(f.from as Endpoint) !== networkOf(f.to as Endpoint);
    if (f.allowed && crossing) {
      if (f.channel === undefined) {
        out.push(
          diagnostic(
            at("flows", i),
            "flow-without-channel",
            `the flow ${key} crosses from the ${networkOf(f.from as Endpoint)} to the ${networkOf(f.to as Endpoint)} without a declared exchange channel`,
            "name the channel it passes through (channel:), declaring it under spec.channels, or deny the flow",
          ),
        );
      } else if (!channelAt.has(f.channel)) {
        out.push(
          diagnostic(
            at("flows", i, "channel"),
            "ref-unknown-channel",
            `channel "${f.channel}" is not declared`,
            channels.length
              ? `use one of: ${channels.map((c) => c.name).join(", ")}`
              : "declare it under spec.channels",
          ),
        );
      } else {
        const c = channels[channelAt.get(f.channel)!]!;
        if (c.from !== networkOf(f.from as Endpoint) || c.to !== networkOf(f.to as Endpoint)) {
          out.push(
            diagnostic(
              at("flows", i, "channel"),
              "flow-channel-direction",
              `channel ${c.name} carries ${c.from} -> ${c.to}, but the flow goes ${networkOf(f.from as Endpoint)} -> ${networkOf(f.to as Endpoint)}`,
              "channels are one-way: name a channel of the flow's direction",
            ),
          );
        }
      }
    } else if (f.channel !== undefined && !crossing) {
      out.push(
        diagnostic(
          at("flows", i, "channel"),
          "flow-channel-unused",
          `the flow ${key} stays inside the ${networkOf(f.from as Endpoint)} and needs no channel`,
          "remove channel:",
        ),
      );
    }
  });

  if (zones.size > 0) {
    for (const r of estate.requests) {
      r.doc.spec.zones.forEach((z, zi) => {
        if (!zones.has(z))
          out.push(
            diagnostic(
              r.locate(["spec", "zones", zi]),
              "ref-unknown-zone",
              `zone "${z}" is not a zone of the network`,
              `use one of: ${[...zones].join(", ")}`,
            ),
          );
      });
    }
  }
  return out;
}
