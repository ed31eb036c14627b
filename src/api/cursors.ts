/** Parent/child cursor endpoints: companies and each company's departments, which change as they are read. */
import { parseInteger } from "../codecs/integer.js";
import { companyToJson, departmentToJson } from "../data/companies.js";
import type { OrderBy, OrderType } from "../data/records.js";
import { PlaygroundError, MESSAGES } from "../errors.js";
import type { PlainRequest, PlainResponse } from "../types.js";
import type { Run } from "../run/run.js";
import { PARAMETERS, readParameters } from "../codecs/parameters.js";
import { jsonText } from "../run/respond.js";

export const COMPANIES_PARAMETERS = [PARAMETERS.orderBy, PARAMETERS.orderType, PARAMETERS.updatedSince];
const ORDER_PARAMETERS = [PARAMETERS.orderBy, PARAMETERS.orderType];
const SINCE_PARAMETERS = [PARAMETERS.updatedSince];

interface Dated {
  readonly createdAt: number;
  updatedAt: number;
}

/** Filters `updatedAt >= since` and sorts by the order key, ties by position (so desc reverses asc exactly). */
function arrange<T extends Dated>(items: readonly T[], orderBy: OrderBy, orderType: OrderType, since: number | undefined): T[] {
  const kept = items.map((item, index) => ({ item, index })).filter(({ item }) => since === undefined || item.updatedAt >= since);
  kept.sort((a, b) => a.item[orderBy] - b.item[orderBy] || a.index - b.index);
  if (orderType === "desc") kept.reverse();
  return kept.map(({ item }) => item);
}

function listBody(items: readonly string[]): string {
  return `{"data":[${items.join(",")}],"total_items":${items.length}}`;
}

/** `GET /cursors/companies` (a pure answer; `touchCompanies` applies the change that follows it). */
export function listCompanies(request: PlainRequest, state: Run): PlainResponse {
  const values = readParameters(request.query, COMPANIES_PARAMETERS);
  const companies = arrange(state.companies.companies, values.order_by, values.order_type,
    values.updated_since);
  return jsonText(listBody(companies.map(companyToJson)));
}

/** After a companies answer, some companies (possibly none, possibly all) become updated now. */
export function touchCompanies(request: PlainRequest, state: Run): void {
  state.companies.touchCompanies(state.changes, Math.floor(request.now / 1000));
}

/** `GET /cursors/{company_id}/departments` (a pure answer; `touchDepartments` applies the change that follows it). */
export function listDepartments(request: PlainRequest, state: Run): PlainResponse {
  const order = readParameters(request.query, ORDER_PARAMETERS);
  const idText = request.params.company_id ?? "";
  const companyId = parseInteger(idText);
  if (companyId === undefined) throw new PlaygroundError(400, MESSAGES.companyIdInteger);
  const departments = state.companies.departments.get(companyId);
  if (departments === undefined) throw new PlaygroundError(404, MESSAGES.companyNotFound(BigInt(idText).toString()));
  const since = readParameters(request.query, SINCE_PARAMETERS).updated_since;
  const arranged = arrange(departments, order.order_by, order.order_type, since);
  return jsonText(listBody(arranged.map(departmentToJson)));
}

/** After a departments answer, some of that company's departments become updated now. */
export function touchDepartments(request: PlainRequest, state: Run): void {
  state.companies.touchDepartments(parseInteger(request.params.company_id ?? "") as number, state.changes, Math.floor(request.now / 1000));
}
