/**
 * `npm run build:exe`: a Node.js single executable application (SEA) of the playground for this platform,
 * for machines without Node.js: `dist/exe/connector-playground` (`.exe` on Windows) runs `start` and
 * `verify` like the `playground` command, with nothing else installed.
 *
 * Node 20's SEA runs one CommonJS script, so the sources are first made into one: each file of `src/` is
 * transpiled on its own to CommonJS (TypeScript's `transpileModule`, no type check: `npm test` does that)
 * and wrapped in a function of a small module table with its own `require` for relative paths (built-in
 * `node:` modules come from Node's). The one use of `import.meta` (reading the version from package.json)
 * is replaced by the version itself. Then Node writes the blob (`--experimental-sea-config`) and `postject`
 * injects it into a copy of this `node` binary (Node's documented way on Node 20; a development
 * dependency, never needed at run time).
 * Usage: npm run build:exe [-- --out FILE]
 */
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { out: { type: "string" } } });
const exeName = process.platform === "win32" ? "connector-playground.exe" : "connector-playground";
const out = values.out ?? join(root, "dist", "exe", exeName);
const work = join(dirname(out), "build");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };

/** Every `.ts` file under a folder, as paths relative to it with `/` separators. */
function sources(folder: string, prefix = ""): string[] {
  return readdirSync(folder).sort().flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path, `${prefix}${name}/`);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [`${prefix}${name}`] : [];
  });
}

const VERSION_READ = 'JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))';
const ROW_POOL_HERE = "const HERE: string | undefined = import.meta.url;";

/** One source file as CommonJS. */
function transpile(file: string): string {
  // A shebang (cli.ts) only means something on a script's first line: not inside the table.
  let text = readFileSync(join(root, "src", ...file.split("/")), "utf8").replace(/^#!.*\n/, "");
  if (text.includes("import.meta")) {
    // The version is read from package.json (it is known now); the row pool's own URL is where its worker
    // file is found (the executable has none, so its streams are written in the event loop's thread).
    text = text.replace(VERSION_READ, JSON.stringify({ version })).replace(ROW_POOL_HERE, "const HERE: string | undefined = undefined;");
    if (text.includes("import.meta")) throw new Error(`src/${file} uses import.meta in a way build:exe does not know`);
  }
  const result = ts.transpileModule(text, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, removeComments: true },
  });
  return result.outputText;
}

/** The module table and its loader: one script with no file of its own to read. */
function bundle(files: readonly string[]): string {
  const modules = files.map((file) => {
    const id = file.replace(/\.ts$/, ".js");
    return `${JSON.stringify(id)}: function (module, exports, require) {\n${transpile(file)}\n}`;
  });
  return `"use strict";
// connector-playground ${version}: the sources of src/ as one CommonJS script for a single executable (scripts/build-exe.ts).
const nodeRequire = require;
const table = {\n${modules.join(",\n")}\n};
const loaded = Object.create(null);
function normalise(path) {
  const parts = [];
  for (const part of path.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}
function load(id) {
  const cached = loaded[id];
  if (cached !== undefined) return cached.exports;
  const define = table[id];
  if (define === undefined) throw new Error("connector-playground: no module " + id + " in this executable");
  const module = { exports: {} };
  loaded[id] = module;
  const folder = id.includes("/") ? id.slice(0, id.lastIndexOf("/") + 1) : "";
  define(module, module.exports, (specifier) => specifier.startsWith(".") ? load(normalise(folder + specifier)) : nodeRequire(specifier));
  return module.exports;
}
load("cli.js");
`;
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const script = join(work, "playground.cjs");
writeFileSync(script, bundle(sources(join(root, "src"))));
const blob = join(work, "playground.blob");
const config = join(work, "sea-config.json");
writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true }));
execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "pipe" });
rmSync(out, { force: true });
copyFileSync(process.execPath, out);
chmodSync(out, 0o755);
// macOS (not tested here) signs binaries: the copy's signature goes before injecting, a new one after.
if (process.platform === "darwin") execFileSync("codesign", ["--remove-signature", out]);
// postject is CommonJS; its inject() writes the blob into the binary and flips the SEA fuse. (On Linux it
// prints a few "Can't find string offset for section name '.note'" warnings: harmless, the binary runs.)
const { inject } = createRequire(import.meta.url)("postject") as {
  inject(file: string, name: string, data: Buffer, options: { sentinelFuse: string; machoSegmentName?: string }): Promise<void>;
};
await inject(out, "NODE_SEA_BLOB", readFileSync(blob), {
  sentinelFuse: "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2",
  ...(process.platform === "darwin" ? { machoSegmentName: "NODE_SEA" } : {}),
});
if (process.platform === "darwin") execFileSync("codesign", ["--sign", "-", out]);
rmSync(work, { recursive: true, force: true });
const size = statSync(out).size;
console.log(`${relative(process.cwd(), out).split(sep).join(posix.sep)}: ${(size / 1024 / 1024).toFixed(1)} MiB, Node ${process.version} ${process.platform}-${process.arch}`);
