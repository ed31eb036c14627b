/**
 * The pinned run's real answers (src/describe/openapi-examples.data.ts, written by scripts/openapi-examples.ts) put
 * into the OpenAPI document: as each response's example, and as the values of the headers it declares.
 */
import { RESPONSE_EXAMPLES, type ResponseExample } from "./openapi-examples.data.js";

type Json = Record<string, unknown>;

/**
 * Declared headers (references into `components`, or header objects) with the values a real answer sent, as
 * inline header objects: a mock server then sends those instead of values made up from the schema. Headers
 * the answer did not send stay as declared.
 */
export function headersSent(headers: Json, sent: Readonly<Record<string, string>> | undefined, components: Json): Json {
  if (sent === undefined) return headers;
  const out: Json = {};
  for (const [name, declared] of Object.entries(headers)) {
    const value = sent[name.toLowerCase()];
    const reference = (declared as Json).$ref;
    const component = reference === undefined ? declared as Json : components[String(reference).replace("#/components/headers/", "")] as Json | undefined;
    if (value === undefined || component === undefined) { out[name] = declared; continue; }
    const schema = component.schema as Json;
    const integer = schema.type === "integer" || ((schema.anyOf as Json[] | undefined)?.some((part) => part.type === "integer") === true && /^\d+$/.test(value));
    out[name] = { ...component, example: integer ? Number(value) : value };
  }
  return out;
}

/** The pinned run's answer to an operation, when one was recorded (scripts/openapi-examples.ts). */
export function responseExample(method: string, path: string): ResponseExample | undefined {
  return RESPONSE_EXAMPLES[`${method} ${path}`];
}

/** Media types with the pinned run's answer as the example of the one it was given in. */
export function withExample(content: Json, example: ResponseExample | undefined): Json {
  if (example === undefined || content[example.type] === undefined) return content;
  return { ...content, [example.type]: { ...(content[example.type] as Json), example: example.body } };
}

