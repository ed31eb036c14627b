/**
 * The baseline: bare node:http writing precomputed bodies. Reads a JSON file mapping paths to
 * `{ headers, body (base64) }`, listens on port 0 and prints its URL.
 * Usage: node --import tsx scripts/bare-server.ts <responses.json>
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

interface Stored { readonly headers: Record<string, string>; readonly body: string }

const stored = JSON.parse(readFileSync(process.argv[2] as string, "utf8")) as Record<string, Stored>;
const responses = new Map(Object.entries(stored).map(([path, { headers, body }]) => [path, { headers, body: Buffer.from(body, "base64") }]));
const missing = { headers: { "Content-Type": "application/json" }, body: Buffer.from('{"error":"Not found"}') };

const server = createServer((req, res) => {
  const response = responses.get(req.url ?? "") ?? missing;
  res.writeHead(200, { ...response.headers, "Content-Length": response.body.length });
  res.end(response.body);
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`);
});
process.on("SIGTERM", () => process.exit(0));
