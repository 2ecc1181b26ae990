// The Auth.js side of dynauth's HTTP benchmark (HttpBench.java): @auth/core 0.41.3 with the npm
// @auth/dynamodb-adapter and database sessions, served by node:http, optionally on several workers
// (node:cluster, the usual way to use more than one core with Node).
//
//   node bench/authjs-server.mjs <interop dir> <port> <workers> <dynamodb endpoint> <table> <secret>
//
// Every request goes to Auth(): GET /api/auth/session with the authjs.session-token cookie is what the
// benchmark sends. Prints "ready <port>" on stdout when every worker listens.

import cluster from "node:cluster";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [interopDir, portArg, workersArg, endpoint, tableName, secret] = process.argv.slice(2);
if (!secret) {
  process.stderr.write("usage: node authjs-server.mjs <interop dir> <port> <workers> <endpoint> <table> <secret>\n");
  process.exit(2);
}
const port = Number(portArg);
const workers = Number(workersArg);

if (cluster.isPrimary && workers > 1) {
  let listening = 0;
  for (let i = 0; i < workers; i++) {
    cluster.fork().on("listening", () => {
      if (++listening === workers) process.stdout.write(`ready ${port}\n`);
    });
  }
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers)) w.kill();
    process.exit(0);
  });
} else {
  const require = createRequire(join(interopDir, "package.json"));
  const { DynamoDB } = require("@aws-sdk/client-dynamodb");
  const { DynamoDBDocument } = require("@aws-sdk/lib-dynamodb");
  const pkg = (name) => JSON.parse(readFileSync(join(interopDir, "node_modules", ...name.split("/"), "package.json"), "utf8"));
  const adapterPkg = pkg("@auth/dynamodb-adapter");
  const { DynamoDBAdapter } = await import(
    pathToFileURL(join(interopDir, "node_modules", "@auth", "dynamodb-adapter", adapterPkg.exports["."].import)).href);
  const corePkg = pkg("@auth/core");
  const { Auth } = await import(
    pathToFileURL(join(interopDir, "node_modules", "@auth", "core", corePkg.exports["."].import)).href);

  const client = DynamoDBDocument.from(
    new DynamoDB({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } }),
    { marshallOptions: { convertEmptyValues: true, removeUndefinedValues: true, convertClassInstanceToMap: true } },
  );
  const config = {
    adapter: DynamoDBAdapter(client, { tableName }),
    secret,
    trustHost: true,
    basePath: "/api/auth",
    session: { strategy: "database" },
    providers: [{
      id: "email", type: "email", name: "Email", from: "auth@example.com", maxAge: 86400, options: {},
      async sendVerificationRequest() {},
    }],
    logger: { error() {}, warn() {}, debug() {} },
  };

  const server = createServer(async (req, res) => {
    try {
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
      const response = await Auth(new Request(`http://localhost:${port}${req.url}`, { method: req.method, headers }), config);
      const body = Buffer.from(await response.arrayBuffer());
      const out = {};
      response.headers.forEach((v, k) => { if (k !== "set-cookie") out[k] = v; });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) out["set-cookie"] = cookies;
      out["content-length"] = body.length;
      res.writeHead(response.status, out);
      res.end(body);
    } catch (e) {
      res.writeHead(500, { "content-length": 0 });
      res.end();
    }
  });
  server.keepAliveTimeout = 120000;
  server.listen(port, "127.0.0.1", () => {
    if (workers <= 1) process.stdout.write(`ready ${port}\n`);
  });
}
