// Drives the real Auth.js for dynauth's interoperability tests (module dynauth-interop).
//
// A line protocol on stdin/stdout: each input line is one JSON command, each output line the JSON
// answer to it, in order. One process serves the whole test run (SharedNodeDriver), so Node and
// @auth/core start once, not once per call or per test class.
//
//   {"op":"configure","endpoint":"http://127.0.0.1:PORT","options":{tableName,...},"secret":"..."}
//   {"op":"adapter","method":"createUser","args":[{...}]}     -> the npm adapter's own method
//   {"op":"signInWithEmail","email":"a@b.c"}                   -> a magic-link sign-in through @auth/core
//   {"op":"session","sessionToken":"..."}                      -> GET /auth/session with that cookie
//   {"op":"session","cookies":{name:value,...}}                -> the same with a whole cookie jar (JWT chunks)
//   {"op":"jwtEncode","version":"v5"|"v4","token":{...},"secret":s|[s...],"salt":"...","maxAge":n}
//   {"op":"jwtDecode","version":"v5"|"v4","token":"...","secret":s|[s...],"salt":"..."} -> {claims} or {refused}
//   {"op":"getToken","cookies":{...},"secret":...,"secureCookie":bool} -> @auth/core getToken (chunked cookies)
//   {"op":"envSecrets","env":{AUTH_SECRET:...,AUTH_SECRET_1:...}} -> the secret list @auth/core builds from env
//
// configure also takes "strategy" ("database" by default, or "jwt"), a list as "secret" (rotation), and
// "env": {AUTH_SECRET, AUTH_SECRET_1..3} instead of "secret"; "jwtPadding": a claim of that many characters added by the jwt callback (to make chunked cookies).
//   {"op":"signOut","sessionToken":"..."}                      -> POST /auth/signout (with its CSRF token) with that cookie
//   {"op":"signOut","cookies":{name:value,...}}                -> the same with a whole cookie jar; answers the jar after it
//   {"op":"exit"}
//
// Answers are {"ok":true,"result":...} or {"ok":false,"error":"..."}. Dates travel both ways as
// {"$date":"<ISO-8601>"} so the Java side can tell a date from a string; `undefined` is left out of
// objects and becomes null elsewhere. Nothing secret is printed to stderr.

import { createInterface } from "node:readline";
import { DynamoDB } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocument } from "@aws-sdk/lib-dynamodb";
import { DynamoDBAdapter } from "@auth/dynamodb-adapter";
import { Auth, setEnvDefaults } from "@auth/core";
import { encode as v5Encode, decode as v5Decode, getToken as v5GetToken } from "@auth/core/jwt";
import { createRequire } from "node:module";

// next-auth v4 is CommonJS; only its jwt module is used (no Next.js is installed: see .npmrc).
const v4Jwt = createRequire(import.meta.url)("next-auth/jwt");

const ORIGIN = "http://localhost:3000";
const BASE_PATH = "/auth";
const SESSION_COOKIE = "authjs.session-token";

let adapter = null;
let authConfig = null;
/** The magic links @auth/core "sent", by email address. */
const outbox = new Map();

function revive(value) {
  if (Array.isArray(value)) return value.map(revive);
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$date") return new Date(value.$date);
    const out = {};
    for (const k of keys) out[k] = revive(value[k]);
    return out;
  }
  return value;
}

function encode(value) {
  if (value === undefined) return null;
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = encode(v);
    }
    return out;
  }
  return value;
}

function configure(cmd) {
  const client = DynamoDBDocument.from(
    new DynamoDB({
      endpoint: cmd.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "dummy", secretAccessKey: "dummy" },
    }),
    {
      marshallOptions: {
        convertEmptyValues: true,
        removeUndefinedValues: true,
        convertClassInstanceToMap: true,
      },
    },
  );
  adapter = DynamoDBAdapter(client, cmd.options ?? undefined);
  authConfig = {
    adapter,
    // "env": the secret list @auth/core's setEnvDefaults builds from AUTH_SECRET and AUTH_SECRET_1..3
    secret: cmd.env ? envSecrets(cmd) : cmd.secret,
    trustHost: true,
    basePath: BASE_PATH,
    session: { strategy: cmd.strategy ?? "database" },
    providers: [
      {
        // A plain email provider: the built-in ones import nodemailer, which is not needed here.
        id: "email",
        type: "email",
        name: "Email",
        from: "auth@example.com",
        maxAge: 24 * 60 * 60,
        options: {},
        async sendVerificationRequest({ identifier, url }) {
          outbox.set(identifier, url);
        },
      },
    ],
    callbacks: {
      // Expose the user's id as well, so the test can tell exactly which user Auth.js resolved.
      session({ session, user, token }) {
        if (token) {
          // JWT strategy: the token's claims as Auth.js's default jwt callback wrote them (sub = user id)
          return {
            user: { id: token.sub, email: token.email ?? null, name: token.name ?? null, image: token.picture ?? null },
            expires: session.expires,
            token,
          };
        }
        return {
          user: { id: user.id, email: user.email, name: user.name ?? null, image: user.image ?? null },
          expires: session.expires,
        };
      },
      jwt({ token }) {
        if (cmd.jwtPadding) token.padding = "p".repeat(cmd.jwtPadding);
        return token;
      },
    },
    logger: { error() {}, warn() {}, debug() {} },
  };
  return { configured: true };
}

function cookieHeader(cookies) {
  return Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
}

/** Merges the Set-Cookie headers of a response into a cookie jar. */
function collect(jar, response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))
      || attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]) <= Date.now());
    if (expired || value === "") delete jar[name];
    else jar[name] = value;
  }
}

async function call(jar, path, init = {}) {
  const headers = new Headers(init.headers ?? {});
  if (Object.keys(jar).length) headers.set("cookie", cookieHeader(jar));
  const response = await Auth(new Request(new URL(path, ORIGIN), { ...init, headers }), authConfig);
  collect(jar, response);
  return response;
}

async function signInWithEmail(cmd) {
  const jar = {};
  const csrf = await call(jar, `${BASE_PATH}/csrf`);
  const { csrfToken } = await csrf.json();
  const signin = await call(jar, `${BASE_PATH}/signin/email`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: cmd.email, callbackUrl: `${ORIGIN}/` }),
  });
  const identifier = [...outbox.keys()].find((k) => k === cmd.email.trim().toLowerCase());
  if (!identifier) {
    throw new Error(`no magic link was sent (sign-in answered ${signin.status} ${signin.headers.get("location")})`);
  }
  const link = outbox.get(identifier);
  outbox.delete(identifier);
  const url = new URL(link);
  const callback = await call(jar, url.pathname + url.search);
  return {
    signinStatus: signin.status,
    signinLocation: signin.headers.get("location"),
    callbackStatus: callback.status,
    callbackLocation: callback.headers.get("location"),
    identifier,
    sessionToken: jar[SESSION_COOKIE] ?? null,
    cookies: jar,
  };
}

async function session(cmd) {
  const jar = { ...(cmd.cookies ?? {}) };
  if (cmd.sessionToken != null) jar[SESSION_COOKIE] = cmd.sessionToken;
  const response = await call(jar, `${BASE_PATH}/session`);
  const text = await response.text();
  return {
    status: response.status,
    body: text === "" ? null : JSON.parse(text),
    // The cookie after the response: Auth.js clears it for an unknown session.
    sessionCookie: jar[SESSION_COOKIE] ?? null,
    cookies: jar,
  };
}

async function jwtEncode(cmd) {
  if (cmd.version === "v4") {
    return await v4Jwt.encode({ token: cmd.token, secret: cmd.secret, maxAge: cmd.maxAge, salt: cmd.salt });
  }
  return await v5Encode({ token: cmd.token, secret: cmd.secret, maxAge: cmd.maxAge, salt: cmd.salt });
}

async function jwtDecode(cmd) {
  try {
    const claims = cmd.version === "v4"
      ? await v4Jwt.decode({ token: cmd.token, secret: cmd.secret, salt: cmd.salt })
      : await v5Decode({ token: cmd.token, secret: cmd.secret, salt: cmd.salt });
    return claims == null ? { refused: "null" } : { claims };
  } catch (e) {
    return { refused: e?.code ?? e?.name ?? "Error" };
  }
}

async function getToken(cmd) {
  const req = new Request(ORIGIN, { headers: { cookie: cookieHeader(cmd.cookies ?? {}) } });
  const token = await v5GetToken({ req, secret: cmd.secret, secureCookie: !!cmd.secureCookie });
  return { claims: token ?? null };
}

function envSecrets(cmd) {
  const config = { providers: [] };
  setEnvDefaults(cmd.env ?? {}, config);
  return config.secret;
}

async function signOut(cmd) {
  const jar = { ...(cmd.cookies ?? {}) };
  if (cmd.sessionToken != null) jar[SESSION_COOKIE] = cmd.sessionToken;
  const csrf = await call(jar, `${BASE_PATH}/csrf`);
  const { csrfToken } = await csrf.json();
  const response = await call(jar, `${BASE_PATH}/signout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${ORIGIN}/` }),
  });
  return { status: response.status, sessionCookie: jar[SESSION_COOKIE] ?? null, cookies: jar };
}

async function handle(cmd) {
  switch (cmd.op) {
    case "configure":
      return configure(cmd);
    case "adapter": {
      if (!adapter) throw new Error("configure first");
      const fn = adapter[cmd.method];
      if (typeof fn !== "function") throw new Error(`the npm adapter has no method ${cmd.method}`);
      return await fn(...revive(cmd.args ?? []));
    }
    case "signInWithEmail":
      return await signInWithEmail(cmd);
    case "session":
      return await session(cmd);
    case "jwtEncode":
      return await jwtEncode(cmd);
    case "jwtDecode":
      return await jwtDecode(cmd);
    case "getToken":
      return await getToken(cmd);
    case "envSecrets":
      return envSecrets(cmd);
    case "signOut":
      return await signOut(cmd);
    default:
      throw new Error(`unknown op ${cmd.op}`);
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  let cmd;
  try {
    cmd = JSON.parse(line);
    if (cmd.op === "exit") break;
    answer = { ok: true, result: encode(await handle(cmd)) };
  } catch (e) {
    answer = { ok: false, error: `${e?.name ?? "Error"}: ${e?.message ?? e}` };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
process.exit(0);
