/**
 * The API's route table: every endpoint the original has and the ones added since, each with its method,
 * path pattern, handler, the query parameters it accepts (in the order their checks apply), and whether its
 * answers are cached, validated by ETag, and guarded by --require-auth.
 */
import { apiKey, httpBasic, httpBearer, oauth2Data, sessionData, sessionLogin } from "./auth.js";
import { AUTHORIZE_PARAMETERS, authorizeEndpoint, callbackEndpoint, tokenEndpoint } from "./oauth.js";
import { COMPANIES_PARAMETERS, listCompanies, listDepartments, touchCompanies, touchDepartments } from "./cursors.js";
import { exportCsv } from "./export.js";
import { createExportJob, exportJobFile, exportJobStatus } from "./export-jobs.js";
import { DELETED_PARAMETERS, incrementalDeleted, incrementalStep, incrementalTimestamp, STEP_PARAMETERS, TIMESTAMP_PARAMETERS } from "./incremental.js";
import {
  CURSOR_PARAMETERS, cursorPage, KEYSET_PARAMETERS, keysetPage, LINK_HEADER_PARAMETERS, linkHeaderPage, NEXT_PAGE_URL_PARAMETERS, nextPageUrl, OFFSET_PARAMETERS, offsetPage,
  PAGE_NUMBER_PARAMETERS, pageNumber,
} from "./pagination.js";
import type { Run } from "../run/run.js";
import type { Route } from "../run/route.js";
import type { ParameterSpec } from "../codecs/parameters.js";

/** A state key that is text of a number that rarely changes: the text is made once per change. */
function versionKey(prefix: string, read: (state: Run) => number): (state: Run) => string {
  let last = Number.NaN;
  let text = "";
  return (state) => {
    const version = read(state);
    if (version !== last) {
      last = version;
      text = `${prefix}@${version}`;
    }
    return text;
  };
}

/** Record answers change only with the records' version (which only `--churn` moves). */
const RECORDS_VERSION = versionKey("records", (state) => state.records.version);
/** The record endpoints' answers: cached per records version, validated by ETag. */
const RECORD_ANSWERS = { cacheKey: RECORDS_VERSION, etag: true, guarded: true } as const;
const CURSOR_VERSION = (state: Run): string => `companies@${state.companies.version}`;
const NONE: readonly ParameterSpec[] = [];

const routes: Route[] = [
  { method: "GET", path: "/pagination/next_page_url", handler: nextPageUrl, query: NEXT_PAGE_URL_PARAMETERS, ...RECORD_ANSWERS, answerNamesOrigin: true },
  { method: "GET", path: "/pagination/page_number", handler: pageNumber, query: PAGE_NUMBER_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/pagination/offset", handler: offsetPage, query: OFFSET_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/pagination/keyset", handler: keysetPage, query: KEYSET_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/pagination/link_header", handler: linkHeaderPage, query: LINK_HEADER_PARAMETERS, ...RECORD_ANSWERS, answerNamesOrigin: true },
  { method: "GET", path: "/pagination/cursor", handler: cursorPage, query: CURSOR_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/export/csv", handler: exportCsv, query: NONE, ...RECORD_ANSWERS },
  { method: "POST", path: "/export/jobs", handler: createExportJob, query: NONE, guarded: true, answerNamesOrigin: true },
  { method: "GET", path: "/export/jobs/{job_id}", handler: exportJobStatus, query: NONE, guarded: true },
  { method: "GET", path: "/export/jobs/{job_id}/file", handler: exportJobFile, query: NONE, guarded: true },
  { method: "GET", path: "/incremental/timestamp", handler: incrementalTimestamp, query: TIMESTAMP_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/incremental/step", handler: incrementalStep, query: STEP_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/incremental/deleted", handler: incrementalDeleted, query: DELETED_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/auth/http_basic", handler: httpBasic, query: NONE },
  { method: "GET", path: "/auth/http_bearer", handler: httpBearer, query: NONE },
  { method: "GET", path: "/auth/api_key", handler: apiKey, query: NONE },
  { method: "POST", path: "/auth/session_token/login", handler: sessionLogin, query: NONE },
  { method: "GET", path: "/auth/session_token/data", handler: sessionData, query: NONE },
  { method: "GET", path: "/auth/oauth2/data", handler: oauth2Data, query: NONE },
  { method: "POST", path: "/oauth/token", handler: tokenEndpoint, query: NONE, otherQueryIgnored: true },
  { method: "GET", path: "/oauth/authorize", handler: authorizeEndpoint, query: AUTHORIZE_PARAMETERS, otherQueryIgnored: true },
  { method: "GET", path: "/oauth/callback", handler: callbackEndpoint, query: NONE, otherQueryIgnored: true },
  { method: "GET", path: "/cursors/companies", handler: listCompanies, query: COMPANIES_PARAMETERS, cacheKey: CURSOR_VERSION, after: touchCompanies, guarded: true },
  { method: "GET", path: "/cursors/{company_id}/departments", handler: listDepartments, query: COMPANIES_PARAMETERS, cacheKey: CURSOR_VERSION, after: touchDepartments, guarded: true },
];
/** The API: every data, export, incremental, auth, OAuth2 and cursor endpoint. */
export const API_ROUTES: readonly Route[] = routes;
