// The Node side of dynauth's JWT bench (dev.dynauth.bench.JwtBench): @auth/core's and next-auth v4's own
// encode/decode in one Node process (one thread: "per core"). JSON lines on stdin/stdout:
//   {"op":"tokens","secret":"...","salt":"...","claims":{...}}  -> {"v5":"<token>","v4":"<token>"}
//   {"op":"run","what":"decode-v5"|"decode-v4"|"encode-v5","n":N,"secret":..,"salt":..,"token":..,"claims":..}
//                                                             -> {"n":N,"nanos":T,"check":<claims of the last call>}
//   {"op":"exit"}
//   node bench/jwt-bench.mjs <interop dir>     (the folder with node_modules, see ../interop)
import { createInterface } from "node:readline";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";

const interopDir = process.argv[2] && resolve(process.argv[2]);
if (!interopDir) {
  process.stderr.write("usage: node jwt-bench.mjs <interop dir>\n");
  process.exit(2);
}
const { encode, decode } = await import(pathToFileURL(join(interopDir, "node_modules", "@auth", "core", "jwt.js")).href);
const v4 = createRequire(join(interopDir, "package.json"))("next-auth/jwt");
function pkgVersion(name) {
  return JSON.parse(readFileSync(join(interopDir, "node_modules", name, "package.json"), "utf8")).version;
}
const versions = {
  node: process.version,
  "@auth/core": pkgVersion("@auth/core"),
  "next-auth": pkgVersion("next-auth"),
};

async function run(cmd) {
  const { n, secret, salt, token, claims } = cmd;
  let last = null;
  const start = process.hrtime.bigint();
  switch (cmd.what) {
    case "decode-v5":
      for (let i = 0; i < n; i++) last = await decode({ token, secret, salt });
      break;
    case "decode-v4":
      for (let i = 0; i < n; i++) last = await v4.decode({ token, secret });
      break;
    case "encode-v5":
      for (let i = 0; i < n; i++) last = await encode({ token: claims, secret, salt, maxAge: 3600 });
      last = await decode({ token: last, secret, salt });
      break;
    default:
      throw new Error(`unknown benchmark ${cmd.what}`);
  }
  const nanos = Number(process.hrtime.bigint() - start);
  return { n, nanos, check: last };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const cmd = JSON.parse(line);
  if (cmd.op === "exit") break;
  let answer;
  try {
    if (cmd.op === "tokens") {
      answer = {
        versions,
        v5: await encode({ token: cmd.claims, secret: cmd.secret, salt: cmd.salt, maxAge: 3600 }),
        v4: await v4.encode({ token: cmd.claims, secret: cmd.secret, maxAge: 3600 }),
      };
    } else {
      answer = await run(cmd);
    }
    process.stdout.write(JSON.stringify({ ok: true, result: answer }) + "\n");
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e?.message ?? e) }) + "\n");
  }
}
process.exit(0);
