/**
 * grpc-js's own log lines, routed through lockbox-local's logger with metadata values withheld.
 * grpc-js logs to stderr by default, and some of its lines quote request metadata verbatim: a
 * metadata value it cannot parse (e.g. an `authorization` value holding a non-ASCII byte) is logged
 * whole, token and all. No metadata value is ever written: the line that names a failed entry is
 * reduced to the entry's key, and any other line has `authorization` values and bearer tokens cut.
 */

/** What the routed lines are written to (pino's shape). */
export interface GrpcJsLogSink {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const FAILED_ENTRY = /^Failed to add metadata entry ([^:]*):/;

/** A grpc-js log line with every metadata value withheld. */
export function redactGrpcJsLine(text: string): string {
  const failed = FAILED_ENTRY.exec(text);
  if (failed) {
    const key = failed[1]!.replace(/[^\x21-\x7e]/g, "?").slice(0, 100);
    return `a metadata entry ${key} was dropped: its value is not a valid metadata value (value withheld)`;
  }
  return text
    .replace(/(authorization["']?\s*[:=,]\s*)("[^"]*"|'[^']*'|[^\r\n,}]*)/gi, "$1[withheld]")
    .replace(/\b(Bearer)\s+[^\s,;"'}]+/gi, "$1 [withheld]");
}

/** Routes grpc-js's logger to `sink` (or, without one, silences it). */
export function routeGrpcJsLog(
  grpc: { setLogger(logger: Partial<Console>): void },
  sink: GrpcJsLogSink | undefined,
): void {
  const line =
    (severity: "error" | "info" | "debug") =>
    (message?: unknown, ...rest: unknown[]) => {
      if (!sink) return;
      const text = redactGrpcJsLine([message, ...rest].map((x) => String(x)).join(" "));
      const obj = { component: "grpc-js", severity };
      if (severity === "error") sink.error(obj, text);
      else sink.info(obj, text);
    };
  grpc.setLogger({ error: line("error"), info: line("info"), debug: line("debug") });
}
