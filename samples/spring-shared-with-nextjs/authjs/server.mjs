// The Next.js app's auth routes (app/api/auth/[...nextauth]/route.ts) on a plain Node HTTP server: every request to
// /api/auth/* goes to @auth/core's Auth() as a web Request, exactly as NextAuth's GET and POST handlers pass it.
import { createServer } from "node:http";
import { Auth } from "@auth/core";
import { authConfig } from "./auth.mjs";

async function toWebRequest(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
  return new Request(new URL(req.url, `http://${req.headers.host}`), { method: req.method, headers, body });
}

const server = createServer(async (req, res) => {
  try {
    if (!req.url.startsWith("/api/auth/")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const response = await Auth(await toWebRequest(req), authConfig);
    const headers = {};
    response.headers.forEach((value, name) => {
      if (name !== "set-cookie") headers[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) headers["set-cookie"] = cookies;
    res.writeHead(response.status, headers).end(Buffer.from(await response.arrayBuffer()));
  } catch (e) {
    console.error(`request failed: ${e?.name ?? "Error"}`);
    res.writeHead(500, { "content-type": "text/plain" }).end("error\n");
  }
});

server.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(`Auth.js app listening on http://127.0.0.1:${server.address().port}`);
});
