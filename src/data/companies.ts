/**
 * Companies and their departments for the cursor endpoints. Unlike the records they change: after each
 * answer a random subset of them is "updated now", as in the original, so a cursor-based sync sees changes.
 */
import { formatTimestamp } from "../codecs/timestamp.js";
import { fakeCompanyName } from "./fake.js";
import type { Prng } from "./prng.js";
import { DEPARTMENT_NAMES } from "./words.js";

export const COMPANY_COUNT = 6;

export interface Company {
  readonly company_id: number;
  readonly company_name: string;
  readonly createdAt: number;
  updatedAt: number;
}

export interface Department {
  readonly department_id: number;
  readonly company_id: number;
  readonly department_name: string;
  readonly createdAt: number;
  updatedAt: number;
}

export function companyToJson(company: Company): string {
  return `{"company_id":${company.company_id},"company_name":${JSON.stringify(company.company_name)},` +
    `"createdAt":"${formatTimestamp(company.createdAt)}","updatedAt":"${formatTimestamp(company.updatedAt)}"}`;
}

export function departmentToJson(department: Department): string {
  return `{"department_id":${department.department_id},"company_id":${department.company_id},` +
    `"department_name":${JSON.stringify(department.department_name)},` +
    `"createdAt":"${formatTimestamp(department.createdAt)}","updatedAt":"${formatTimestamp(department.updatedAt)}"}`;
}

const DAY = 86_400;

/**
 * Moves a random subset (possibly none, possibly all) of `items` to `updatedAt = nowSeconds`.
 * Returns whether any value actually changed.
 */
export function touchRandomSubset(items: readonly { updatedAt: number }[], rng: Prng, nowSeconds: number): boolean {
  const chosen = items.map((_, i) => i);
  const count = rng.int(0, items.length);
  let changed = false;
  for (let k = 0; k < count; k++) {
    const j = rng.int(k, chosen.length - 1);
    [chosen[k], chosen[j]] = [chosen[j] as number, chosen[k] as number];
    const item = items[chosen[k] as number] as { updatedAt: number };
    if (item.updatedAt !== nowSeconds) changed = true;
    item.updatedAt = nowSeconds;
  }
  return changed;
}

export class CompanyDirectory {
  readonly companies: Company[] = [];
  /** Departments by company_id. */
  readonly departments = new Map<number, Department[]>();
  /** Bumped whenever any company or department changes: answers computed at one version stay valid until the next. */
  version = 0;

  /** Applies the simulated change after a companies answer. */
  touchCompanies(rng: Prng, nowSeconds: number): void {
    if (touchRandomSubset(this.companies, rng, nowSeconds)) this.version++;
  }

  /** Applies the simulated change after a departments answer. */
  touchDepartments(companyId: number, rng: Prng, nowSeconds: number): void {
    const departments = this.departments.get(companyId);
    if (departments !== undefined && touchRandomSubset(departments, rng, nowSeconds)) this.version++;
  }

  /** Every company's and department's updatedAt as generated, for `restore`. */
  private readonly initial: number[] = [];

  /** Back to the updatedAt values as generated (the control plane's reset); bumps the version. */
  restore(): void {
    let k = 0;
    for (const item of this.items()) item.updatedAt = this.initial[k++] as number;
    this.version++;
  }

  private *items(): Generator<{ updatedAt: number }> {
    for (const company of this.companies) {
      yield company;
      yield* this.departments.get(company.company_id) ?? [];
    }
  }

  constructor(rng: Prng, nowSeconds: number) {
    const names = new Set<string>();
    for (let id = 1; id <= COMPANY_COUNT; id++) {
      let name = fakeCompanyName(rng);
      while (names.has(name)) name = fakeCompanyName(rng);
      names.add(name);
      const createdAt = nowSeconds - rng.int(60 * DAY, 730 * DAY);
      const updatedAt = createdAt + rng.int(0, nowSeconds - 1 - createdAt);
      this.companies.push({ company_id: id, company_name: name, createdAt, updatedAt });
      this.departments.set(id, DEPARTMENT_NAMES.map((department_name, index) => {
        const departmentCreated = createdAt + rng.int(0, 30 * DAY);
        return {
          department_id: index + 1,
          company_id: id,
          department_name,
          createdAt: departmentCreated,
          updatedAt: departmentCreated + rng.int(0, nowSeconds - 1 - departmentCreated),
        };
      }));
    }
    for (const item of this.items()) this.initial.push(item.updatedAt);
  }
}
