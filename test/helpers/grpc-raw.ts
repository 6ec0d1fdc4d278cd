/**
 * gRPC calls with raw bytes over plaintext HTTP/2 (node:http2), for the hostile-input suites: the
 * request message and the metadata are sent byte for byte as given (no client library re-encodes
 * or validates them), and the answer's status and message are read from the trailers.
 */
import * as http2 from "node:http2";

/** A gRPC answer: its status code (-1 when none came), message, and response message bytes. */
export interface RawGrpcAnswer {
  code: number;
  message: string;
  body: Buffer;
}

/** One HTTP/2 connection to a plaintext gRPC endpoint ("host:port"). */
export class RawGrpcClient {
  private readonly session: http2.ClientHttp2Session;

  constructor(address: string) {
    this.session = http2.connect(`http://${address}`);
    this.session.on("error", () => {});
  }

  /**
   * Calls `path` ("/yandex.cloud.lockbox.v1.SecretService/Delete") with `message` framed as one
   * uncompressed gRPC message. `headers` values given as Buffers are sent as their raw bytes.
   */
  call(
    path: string,
    message: Uint8Array,
    headers: Record<string, string | Buffer> = {},
  ): Promise<RawGrpcAnswer> {
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    const extra: Record<string, string> = {};
    // node:http2 sends a header string's characters as Latin-1 bytes: a Buffer's bytes go as they are.
    for (const [k, v] of Object.entries(headers)) extra[k] = typeof v === "string" ? v : v.toString("latin1");
    return new Promise((resolve) => {
      const req = this.session.request({
        ":method": "POST",
        ":path": path,
        "content-type": "application/grpc",
        te: "trailers",
        ...extra,
      });
      const chunks: Buffer[] = [];
      let head: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders = {};
      req.on("response", (h) => (head = h));
      req.on("trailers", (t) => (trailers = t));
      req.on("data", (c: Buffer) => chunks.push(c));
      const finish = () => {
        const status = trailers["grpc-status"] ?? head["grpc-status"];
        const raw = String(trailers["grpc-message"] ?? head["grpc-message"] ?? "");
        let text = raw;
        try {
          text = decodeURIComponent(raw);
        } catch {
          /* as sent */
        }
        const data = Buffer.concat(chunks);
        resolve({ code: status === undefined ? -1 : Number(status), message: text, body: data.subarray(5) });
      };
      req.on("end", finish);
      req.on("error", finish);
      req.end(frame);
    });
  }

  close(): void {
    this.session.close();
  }
}

/** Protobuf wire-format writers for hand-made messages. */
export const pb = {
  varint(n: number | bigint): Buffer {
    let v = BigInt.asUintN(64, BigInt(n));
    const out: number[] = [];
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      out.push(b);
    } while (v > 0n);
    return Buffer.from(out);
  },
  tag(field: number, wire: number): Buffer {
    return pb.varint(field * 8 + wire);
  },
  /** A length-delimited field (string, bytes or message). */
  len(field: number, value: string | Uint8Array): Buffer {
    const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value);
    return Buffer.concat([pb.tag(field, 2), pb.varint(bytes.length), bytes]);
  },
  int(field: number, value: number | bigint): Buffer {
    return Buffer.concat([pb.tag(field, 0), pb.varint(value)]);
  },
};
