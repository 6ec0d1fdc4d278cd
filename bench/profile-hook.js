// @ts-check
// Preloaded into every Node process of a profiled `pulumi up` (NODE_OPTIONS=--require, set by
// bench/profile.ts): samples the CPU with the inspector and writes PROFILE_DIR/<role>.<pid>.cpuprofile
// when the process ends. `node --cpu-prof` is not enough here: the engine stops the dynamic-provider
// process with a signal, and --cpu-prof only writes on a normal exit.
"use strict";
const fs = require("node:fs");
const inspector = require("node:inspector");
const path = require("node:path");

const dir = process.env.PROFILE_DIR;
if (dir) {
  const args = process.argv.join(" ");
  const role = /dynamic-provider/.test(args)
    ? "provider"
    : /cmd[\\/]run/.test(args)
      ? "program"
      : /language-host/.test(args)
        ? "language-host"
        : "node";
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (err, result) => {
      if (!err)
        fs.writeFileSync(path.join(dir, `${role}.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
    process.once(signal, () => {
      write();
      process.exit(0);
    });
  }
}
