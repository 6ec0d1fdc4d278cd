/**
 * The leak scanner shared by the "secrets stay secret" suites: markers for values that must never
 * appear in plaintext (with their JSON-escaped, base64 at every offset, base64url and hex forms),
 * and scans of strings, buffers and whole directory trees for them. Hits name the marker and the
 * form, never the value.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";

/** A value that must never appear in plaintext, with the byte sequences that would betray it. */
export interface Marker {
  name: string;
  needles: { form: string; bytes: Buffer }[];
}

/** The base64 substrings any encoding of `buf` contains, whatever its offset in the encoded data. */
function base64Forms(buf: Buffer): string[] {
  const out: string[] = [];
  for (let skip = 0; skip < 3; skip++) {
    const len = Math.floor((buf.length - skip) / 3) * 3;
    if (len >= 12)
      out.push(
        buf
          .subarray(skip, skip + len)
          .toString("base64")
          .replace(/=+$/, ""),
      );
  }
  return out;
}

/** A marker for a value: its text (and JSON-escaped text), base64/base64url in every alignment, hex. */
export function marker(name: string, value: string | Buffer): Marker {
  const raw = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  const needles: Marker["needles"] = [{ form: "raw", bytes: raw }];
  if (typeof value === "string") {
    // As a JSON string, and as a JSON string inside a JSON string (a secret's "plaintext" field),
    // each as JavaScript and as Go write it (Go also escapes <, > and & as \u003c, \u003e, \u0026).
    const goJson = (v: string) =>
      JSON.stringify(v).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
    const forms = new Set([
      JSON.stringify(value).slice(1, -1),
      JSON.stringify(JSON.stringify(value)).slice(3, -3),
      goJson(value).slice(1, -1),
      goJson(goJson(value)).slice(3, -3),
    ]);
    forms.delete(value);
    for (const f of forms) needles.push({ form: "json-escaped", bytes: Buffer.from(f) });
  }
  for (const b64 of base64Forms(raw)) {
    needles.push({ form: "base64", bytes: Buffer.from(b64) });
    const url = b64.replace(/\+/g, "-").replace(/\//g, "_");
    if (url !== b64) needles.push({ form: "base64url", bytes: Buffer.from(url) });
  }
  needles.push({ form: "hex", bytes: Buffer.from(raw.toString("hex")) });
  return { name, needles };
}

/** Names of the markers (and forms) found in `data`; never the values themselves. */
export function hits(markers: Marker[], data: string | Buffer): string[] {
  const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const lower = buf.toString("latin1").toLowerCase();
  const found: string[] = [];
  for (const m of markers) {
    for (const n of m.needles) {
      // Hex may be printed in either case; everything else is matched exactly.
      const hit =
        n.form === "hex" ? lower.includes(n.bytes.toString("latin1").toLowerCase()) : buf.includes(n.bytes);
      if (hit) found.push(`${m.name} (${n.form})`);
    }
  }
  return found;
}

/** Decompresses gzip data, also a stream still being written (no trailer yet). */
export function gunzipLenient(data: Buffer): Buffer {
  return zlib.gunzipSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

/** Every regular file under `dir` (bounded depth). */
export function filesUnder(dir: string, depth = 12): string[] {
  if (depth === 0 || !fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p, depth - 1));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Scans every file under `dirs` (gzip files also decompressed); returns "<file>: <marker> (<form>)" per hit and the file count. */
export function scanFiles(
  markers: Marker[],
  dirs: string[],
): { found: string[]; files: string[]; gunzipped: string[] } {
  const found: string[] = [];
  const files: string[] = [];
  const gunzipped: string[] = [];
  for (const dir of dirs) {
    for (const file of filesUnder(dir)) {
      let data: Buffer;
      try {
        data = fs.readFileSync(file);
      } catch {
        continue; // removed while we looked (e.g. a lock file)
      }
      files.push(file);
      const contents = [data];
      // The CLI writes its own logs (PULUMI_HOME/logs/*.log) gzip-compressed unless it can encrypt
      // them with the stack's secrets manager (then they start with "PLOG").
      if (data[0] === 0x1f && data[1] === 0x8b) {
        const text = gunzipLenient(data);
        contents.push(text);
        gunzipped.push(text.toString("utf8"));
      }
      for (const c of contents) for (const h of hits(markers, c)) found.push(`${file}: ${h}`);
    }
  }
  return { found, files, gunzipped };
}

/**
 * Samples the command lines of every descendant of this process (the CLI, the language host, the
 * program, the dynamic provider, the server) from /proc while `work` runs.
 */
export async function withProcessSampling<T>(
  work: () => Promise<T>,
): Promise<{ result: T; cmdlines: Set<string> }> {
  // Every distinct command line seen (a process that execs shows both).
  const cmdlines = new Set<string>();
  const sample = () => {
    const parent = new Map<number, number>();
    for (const name of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
        // Field 4 (ppid) follows the command name, which is in parentheses and may hold spaces.
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        parent.set(Number(name), ppid);
      } catch {
        // exited meanwhile
      }
    }
    for (const pid of parent.keys()) {
      let p: number | undefined = pid;
      for (let hops = 0; p !== undefined && p > 1 && hops < 64; hops++) {
        p = parent.get(p);
        if (p === process.pid) {
          try {
            const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
            if (cmd) cmdlines.add(cmd);
          } catch {
            // exited meanwhile
          }
          break;
        }
      }
    }
  };
  const timer = setInterval(sample, 50);
  try {
    const result = await work();
    return { result, cmdlines };
  } finally {
    clearInterval(timer);
  }
}
