/**
 * The query parameters of a declared resource, in check order, as validator specs: the page size, the
 * style's own parameter, and the incremental filter. The handler (api/declared.ts) and the OpenAPI
 * document (describe/declared-openapi.ts) read the same list.
 */
import { DECLARED_MESSAGES } from "../errors.js";
import type { ParameterSpec } from "../codecs/parameters.js";
import type { ResourceSpec } from "./schema.js";

/** The query parameters a resource takes, in check order. */
export function parametersOf(spec: ResourceSpec): ParameterSpec[] {
  const { pagination } = spec.api;
  const limit = pagination.limit;
  const specs: ParameterSpec[] = [{
    name: limit, kind: "integer", min: 1, max: pagination.maxLimit, default: pagination.defaultLimit, error: DECLARED_MESSAGES.limit(limit, pagination.maxLimit),
  }];
  if (pagination.offset !== undefined) specs.push({ name: pagination.offset, kind: "integer", min: 0, default: 0, error: DECLARED_MESSAGES.offset(pagination.offset) });
  if (pagination.page !== undefined) specs.push({ name: pagination.page, kind: "integer", min: 1, default: 1, error: DECLARED_MESSAGES.page(pagination.page) });
  if (pagination.cursor !== undefined) specs.push({ name: pagination.cursor, kind: "string" });
  if (spec.api.incremental !== null) specs.push({ name: spec.api.incremental, kind: "timestamp" });
  const { order } = spec.api;
  if (order !== null) {
    specs.push({ name: order.parameter, kind: "enum", values: [order.asc, order.desc], default: order.default === "asc" ? order.asc : order.desc,
      error: DECLARED_MESSAGES.order(order.parameter, order.asc, order.desc) });
  }
  return specs;
}

