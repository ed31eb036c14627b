/** The package's name and version, read once from its package.json (shipped beside dist/). */
import { readFileSync } from "node:fs";

export const PACKAGE_NAME = "connector-playground";

let version: string | undefined;

/** The version in package.json, e.g. `0.1.0`. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
  return version;
}
