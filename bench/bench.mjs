// The npm side of dynauth's benchmark: runs the loops of @auth/dynamodb-adapter inside this one
// long-lived Node process, so that only the adapter, the AWS SDK for JavaScript v3 and DynamoDB
// Local are measured, never the pipe to Java. Node times its own loops.
//
//   node bench/bench.mjs <interop dir>     (the folder with node_modules, see ../interop)
//
// A line protocol on stdin/stdout, one JSON command per line, one JSON answer per line:
//   {"op":"configure","endpoint":"http://127.0.0.1:PORT","tableName":"..."} -> versions of the packages
//   {"op":"phase","phase":"getUser","prefix":"r1","from":0,"to":25}
//        -> {"iterations":25, "elapsedNs", "calls":{"GetItem":25}, "attempts", "failed", "capacityUnits", ...}
//   {"op":"phase","phase":"setupDeleteUser","prefix":"r1","iterations":500,"sessionsPerUser":10} (untimed)
//   {"op":"sessions","prefix":"r1"} -> {"userIds":[...], "sessionTokens":[...], "selfLocatingTokens":[...]}
//        (what the phases of that prefix created: ReactiveBench signs in with the sessions the npm adapter wrote)
//   {"op":"exit"}
// Answers are {"ok":true,"result":...} or {"ok":false,"error":"..."}. Java runs each operation in chunks,
// alternating with its own chunks, so both sides see the same background load; only the loops are timed.
//
// The inputs are the same as the Java side's (Bench.java / JavaSide.java): same lengths of emails,
// tokens and ids, so that both adapters store items of the same sizes.

import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createInterface } from "node:readline";
import { randomBytes, randomUUID } from "node:crypto";

const interopDir = process.argv[2];
if (!interopDir) {
  process.stderr.write("usage: node bench.mjs <interop dir>\n");
  process.exit(2);
}
const require = createRequire(join(interopDir, "package.json"));
const { DynamoDB } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocument } = require("@aws-sdk/lib-dynamodb");

function packageJson(name) {
  return JSON.parse(readFileSync(join(interopDir, "node_modules", ...name.split("/"), "package.json"), "utf8"));
}
// @auth/dynamodb-adapter is ESM-only and exports no package.json, so it is imported by file.
const adapterPkg = packageJson("@auth/dynamodb-adapter");
const { DynamoDBAdapter } = await import(
  pathToFileURL(join(interopDir, "node_modules", "@auth", "dynamodb-adapter", adapterPkg.exports["."].import)).href
);

const DAY = 24 * 60 * 60 * 1000;

// ---- request counting --------------------------------------------------------------------------

/** Commands that accept ReturnConsumedCapacity. */
const DATA_COMMANDS = new Set([
  "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
  "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
]);

let counters = newCounters();

function newCounters() {
  return {
    calls: {}, attempts: 0, failed: 0, capacityResponses: 0, capacityUnits: 0, readUnits: 0, writeUnits: 0,
    capacityByApi: {},
  };
}

function addCapacity(api, consumed) {
  if (consumed == null) return;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  if (list.length === 0) return;
  counters.capacityResponses++;
  for (const c of list) {
    counters.capacityUnits += c.CapacityUnits ?? 0;
    counters.capacityByApi[api] = (counters.capacityByApi[api] ?? 0) + (c.CapacityUnits ?? 0);
    counters.readUnits += c.ReadCapacityUnits ?? 0;
    counters.writeUnits += c.WriteCapacityUnits ?? 0;
  }
}

function instrument(client) {
  // Once per command (retries included in one call), before the document client's marshalling
  // has produced the low-level input and after it has unmarshalled the output: the command name
  // is the low-level one (PutItemCommand), as on the Java side.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? "Unknown").replace(/Command$/, "");
      counters.calls[name] = (counters.calls[name] ?? 0) + 1;
      if (DATA_COMMANDS.has(name)) args.input.ReturnConsumedCapacity = "TOTAL";
      try {
        const result = await next(args);
        addCapacity(name, result.output?.ConsumedCapacity);
        return result;
      } catch (e) {
        counters.failed++;
        throw e;
      }
    },
    { step: "initialize", name: "dynauthBenchCounter", priority: "low" },
  );
  // Once per HTTP attempt: the deserialize step is inside the retry loop.
  client.middlewareStack.add(
    (next) => async (args) => {
      counters.attempts++;
      return next(args);
    },
    { step: "deserialize", name: "dynauthBenchAttempts", priority: "high" },
  );
}

// ---- the workload ------------------------------------------------------------------------------

let adapter = null;
let documentClient = null;
let tableName = null;
const states = new Map();

const pad = (i) => String(i).padStart(6, "0");
const email = (p, i) => `${p}-u${pad(i)}@bench.example.com`;
const providerAccountId = (p, i) => `${p}-gh${pad(i)}-0000000000`;
const ACCESS_TOKEN = "gho_" + "x".repeat(36);

function state(prefix) {
  let s = states.get(prefix);
  if (!s) {
    s = { userIds: [], sessionTokens: [], selfLocatingTokens: [] };
    states.set(prefix, s);
  }
  return s;
}

function must(value, what) {
  if (value == null) throw new Error(`${what} returned nothing`);
  return value;
}

/** One iteration of each benchmarked operation; `s` is the state of the prefix, `i` the iteration. */
const phases = {
  async createUser(s, p, i) {
    const user = await adapter.createUser({
      email: email(p, i), emailVerified: null, name: `Bench User ${pad(i)}`, image: "https://example.com/avatar.png",
    });
    s.userIds[i] = user.id;
  },
  async baselineGetItem(s, p, i) {
    // What the npm adapter's getUser sends, without the adapter.
    const key = `USER#${s.userIds[i]}`;
    must((await documentClient.get({ TableName: tableName, Key: { pk: key, sk: key } })).Item, "GetItem");
  },
  async getUser(s, p, i) {
    must(await adapter.getUser(s.userIds[i]), "getUser");
  },
  async getUserByEmail(s, p, i) {
    must(await adapter.getUserByEmail(email(p, i)), "getUserByEmail");
  },
  async createSession(s, p, i) {
    const sessionToken = randomUUID();
    await adapter.createSession({ sessionToken, userId: s.userIds[i], expires: new Date(Date.now() + 30 * DAY) });
    s.sessionTokens[i] = sessionToken;
  },
  async getSessionAndUser(s, p, i) {
    must(await adapter.getSessionAndUser(s.sessionTokens[i]), "getSessionAndUser");
  },
  async getSessionAndUserFirstSight(s, p, i) {
    // the npm adapter never remembers anything: the same two requests as getSessionAndUser
    must(await adapter.getSessionAndUser(s.sessionTokens[i]), "getSessionAndUser");
  },
  async createSelfLocatingSession(s, p, i) {
    // dynauth's SessionTokens form: base64url(userId) "." base64url(32 random bytes)
    const sessionToken = `${Buffer.from(s.userIds[i], "utf8").toString("base64url")}.${randomBytes(32).toString("base64url")}`;
    await adapter.createSession({ sessionToken, userId: s.userIds[i], expires: new Date(Date.now() + 30 * DAY) });
    s.selfLocatingTokens[i] = sessionToken;
  },
  async getSelfLocatingSession(s, p, i) {
    must(await adapter.getSessionAndUser(s.selfLocatingTokens[i]), "getSessionAndUser");
  },
  async updateSession(s, p, i) {
    must(await adapter.updateSession({ sessionToken: s.sessionTokens[i], expires: new Date(Date.now() + 31 * DAY) }),
      "updateSession");
  },
  async linkAccount(s, p, i) {
    await adapter.linkAccount({
      userId: s.userIds[i], type: "oauth", provider: "github", providerAccountId: providerAccountId(p, i),
      access_token: ACCESS_TOKEN, token_type: "bearer", scope: "read:user,user:email",
      expires_at: Math.floor(Date.now() / 1000) + 8 * 3600,
    });
  },
  async getUserByAccount(s, p, i) {
    must(await adapter.getUserByAccount({ provider: "github", providerAccountId: providerAccountId(p, i) }),
      "getUserByAccount");
  },
  async verificationToken(s, p, i) {
    const identifier = email(p, i);
    const token = randomUUID();
    await adapter.createVerificationToken({ identifier, token, expires: new Date(Date.now() + DAY) });
    must(await adapter.useVerificationToken({ identifier, token }), "useVerificationToken");
  },
  async deleteSession(s, p, i) {
    must(await adapter.deleteSession(s.sessionTokens[i]), "deleteSession");
  },
  async deleteUser(s, p, i) {
    must(await adapter.deleteUser(s.userIds[i]), "deleteUser");
  },
};

/** Untimed: gives every user `sessionsPerUser` sessions before deleteUser. */
async function setupDeleteUser(s, iterations, sessionsPerUser) {
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < sessionsPerUser; k++) {
      await adapter.createSession({
        sessionToken: randomUUID(), userId: s.userIds[i], expires: new Date(Date.now() + 30 * DAY),
      });
    }
  }
}

/** Runs iterations [from, to) of one operation and times the loop; Java interleaves these chunks with its own. */
async function phase(cmd) {
  if (!adapter) throw new Error("configure first");
  const s = state(cmd.prefix);
  if (cmd.phase === "setupDeleteUser") {
    await setupDeleteUser(s, cmd.iterations, cmd.sessionsPerUser);
    return { iterations: cmd.iterations };
  }
  const fn = phases[cmd.phase];
  if (!fn) throw new Error(`unknown phase ${cmd.phase}`);
  counters = newCounters();
  const start = process.hrtime.bigint();
  for (let i = cmd.from; i < cmd.to; i++) {
    await fn(s, cmd.prefix, i);
  }
  const elapsedNs = Number(process.hrtime.bigint() - start);
  const c = counters;
  counters = newCounters();
  return {
    iterations: cmd.to - cmd.from,
    elapsedNs,
    calls: c.calls,
    attempts: c.attempts,
    failed: c.failed,
    capacityResponses: c.capacityResponses,
    capacityUnits: c.capacityUnits,
    readUnits: c.readUnits,
    writeUnits: c.writeUnits,
    capacityByApi: c.capacityByApi,
  };
}

function configure(cmd) {
  const ddb = new DynamoDB({
    endpoint: cmd.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "dummy", secretAccessKey: "dummy" },
  });
  instrument(ddb);
  // The same document client options as interop/driver.mjs and the adapter's documentation.
  const client = DynamoDBDocument.from(ddb, {
    marshallOptions: { convertEmptyValues: true, removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  adapter = DynamoDBAdapter(client, { tableName: cmd.tableName });
  documentClient = client;
  tableName = cmd.tableName;
  states.clear();
  return {
    node: process.version,
    packages: Object.fromEntries(
      ["@auth/dynamodb-adapter", "@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb"].map((p) => [p, packageJson(p).version]),
    ),
  };
}

async function handle(cmd) {
  switch (cmd.op) {
    case "configure":
      return configure(cmd);
    case "phase":
      return await phase(cmd);
    case "sessions": {
      const { userIds, sessionTokens, selfLocatingTokens } = state(cmd.prefix);
      return { userIds, sessionTokens, selfLocatingTokens };
    }
    default:
      throw new Error(`unknown op ${cmd.op}`);
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    const cmd = JSON.parse(line);
    if (cmd.op === "exit") break;
    answer = { ok: true, result: await handle(cmd) };
  } catch (e) {
    answer = { ok: false, error: `${e?.name ?? "Error"}: ${e?.message ?? e}` };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
process.exit(0);
