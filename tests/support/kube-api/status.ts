/** `kind: Status` failures with the reasons, codes and messages a real kube-apiserver gives. */
import type { KindSpec } from "./kinds.js";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, unknown>;
  status: "Failure" | "Success";
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** An API error carrying the Status it is answered with. */
export class ApiError extends Error {
  constructor(readonly status: StatusBody) {
    super(status.message ?? status.reason ?? String(status.code));
  }
  get code(): number {
    return this.status.code;
  }
}

export function statusOf(code: number, reason: string, message: string, details?: StatusBody["details"]): StatusBody {
  const s: StatusBody = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) s.details = details;
  return s;
}

function qualified(k: KindSpec): string {
  return k.group ? `${k.plural}.${k.group}` : k.plural;
}

export const errors = {
  notFound(k: KindSpec, name: string): ApiError {
    return new ApiError(
      statusOf(404, "NotFound", `${qualified(k)} "${name}" not found`, { name, group: k.group, kind: k.plural }),
    );
  },
  notFoundPath(): ApiError {
    return new ApiError(
      statusOf(404, "NotFound", "the server could not find the requested resource", {
        causes: [{ reason: "UnexpectedServerResponse", message: "404 page not found" }],
      }),
    );
  },
  alreadyExists(k: KindSpec, name: string): ApiError {
    return new ApiError(
      statusOf(409, "AlreadyExists", `${qualified(k)} "${name}" already exists`, {
        name,
        group: k.group,
        kind: k.plural,
      }),
    );
  },
  conflict(
    k: KindSpec,
    name: string,
    why = "the object has been modified; please apply your changes to the latest version and try again",
  ): ApiError {
    return new ApiError(
      statusOf(409, "Conflict", `Operation cannot be fulfilled on ${qualified(k)} "${name}": ${why}`, {
        name,
        group: k.group,
        kind: k.plural,
      }),
    );
  },
  applyConflict(k: KindSpec, name: string, conflicts: Array<{ manager: string; field: string }>): ApiError {
    const n = conflicts.length;
    const lines = conflicts.map((c) => `conflict with "${c.manager}": ${c.field}`);
    const message =
      n === 1 ? `Apply failed with 1 conflict: ${lines[0]}` : `Apply failed with ${n} conflicts: ${lines.join("\n")}`;
    return new ApiError(
      statusOf(409, "Conflict", message, {
        name,
        group: k.group,
        kind: k.plural,
        causes: conflicts.map((c) => ({
          reason: "FieldManagerConflict",
          message: `conflict with "${c.manager}"`,
          field: c.field,
        })),
      }),
    );
  },
  /** 422 Invalid: `Kind.group "name" is invalid: field: message`. */
  invalid(
    kind: string,
    group: string,
    name: string,
    causes: Array<{ field: string; type: string; detail: string }>,
  ): ApiError {
    const gk = group ? `${kind}.${group}` : kind;
    const parts = causes.map((c) => `${c.field}: ${c.detail}`);
    const message = `${gk} "${name}" is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`}`;
    return new ApiError(
      statusOf(422, "Invalid", message, {
        name,
        group,
        kind,
        causes: causes.map((c) => ({ reason: c.type, message: c.detail, field: c.field })),
      }),
    );
  },
  /** A JSON patch that does not apply: 422 as the real server answers (the patch library's message). */
  invalidPatch(message: string, _op: string): ApiError {
    return new ApiError(statusOf(422, "Invalid", message, { causes: [{ reason: "FieldValueInvalid", message }] }));
  },
  badRequest(message: string): ApiError {
    return new ApiError(statusOf(400, "BadRequest", message));
  },
  methodNotAllowed(message = "the server does not allow this method on the requested resource"): ApiError {
    return new ApiError(statusOf(405, "MethodNotAllowed", message, {}));
  },
  unsupportedMediaType(contentType: string, accepted: readonly string[]): ApiError {
    return new ApiError(
      statusOf(
        415,
        "UnsupportedMediaType",
        `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
        {
          causes: [{ reason: "UnexpectedServerResponse", message: contentType }],
        },
      ),
    );
  },
  expired(message: string): ApiError {
    return new ApiError(statusOf(410, "Expired", message));
  },
  gone(message: string): ApiError {
    return new ApiError(statusOf(410, "Gone", message));
  },
  internal(message: string): ApiError {
    return new ApiError(
      statusOf(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] }),
    );
  },
  forbidden(k: KindSpec, name: string, why: string): ApiError {
    return new ApiError(
      statusOf(403, "Forbidden", `${qualified(k)} "${name}" is forbidden: ${why}`, {
        name,
        group: k.group,
        kind: k.plural,
      }),
    );
  },
  /** Injected by the fault switchboard: 500/503/504/429 with the reason a real server would use. */
  injected(code: number): ApiError {
    const reason =
      code === 503
        ? "ServiceUnavailable"
        : code === 504
          ? "Timeout"
          : code === 429
            ? "TooManyRequests"
            : code === 409
              ? "Conflict"
              : "InternalError";
    const message =
      code === 409
        ? "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again"
        : `injected fault (${code})`;
    return new ApiError(statusOf(code, reason, message, code === 429 || code === 503 ? { retryAfterSeconds: 1 } : {}));
  },
};
