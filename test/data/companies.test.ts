import assert from "node:assert/strict";
import { test } from "node:test";
import { CompanyDirectory, companyToJson, departmentToJson, touchRandomSubset } from "../../src/data/companies.js";
import { Prng } from "../../src/data/prng.js";

const NOW = Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000);

test("six companies with distinct names, each with the four departments, all dated in the past", () => {
  const directory = new CompanyDirectory(new Prng(1), NOW);
  assert.deepEqual(directory.companies.map((c) => c.company_id), [1, 2, 3, 4, 5, 6]);
  assert.equal(new Set(directory.companies.map((c) => c.company_name)).size, 6);
  for (const company of directory.companies) {
    assert.ok(company.createdAt <= company.updatedAt && company.updatedAt < NOW);
    const departments = directory.departments.get(company.company_id)!;
    assert.deepEqual(departments.map((d) => [d.department_id, d.company_id, d.department_name]),
      [[1, company.company_id, "Engineering"], [2, company.company_id, "HR"], [3, company.company_id, "Finance"], [4, company.company_id, "Sales"]]);
    for (const d of departments) assert.ok(d.createdAt <= d.updatedAt && d.updatedAt < NOW && d.createdAt >= company.createdAt);
  }
});

test("companies and departments serialise with keys in the documented order", () => {
  const company = { company_id: 1, company_name: "Johnson-Miller", createdAt: 1727007333, updatedAt: 1727007350 };
  assert.equal(companyToJson(company), '{"company_id":1,"company_name":"Johnson-Miller","createdAt":"2024-09-22T12:15:33Z","updatedAt":"2024-09-22T12:15:50Z"}');
  const department = { department_id: 2, company_id: 1, department_name: "HR", createdAt: 1727007333, updatedAt: 1727007350 };
  assert.equal(departmentToJson(department), '{"department_id":2,"company_id":1,"department_name":"HR","createdAt":"2024-09-22T12:15:33Z","updatedAt":"2024-09-22T12:15:50Z"}');
});

test("touchRandomSubset updates some (sometimes none, sometimes all) to now, reproducibly", () => {
  const counts = new Set<number>();
  const rng = new Prng(3);
  for (let round = 0; round < 300; round++) {
    const items = Array.from({ length: 6 }, () => ({ updatedAt: 0 }));
    touchRandomSubset(items, rng, NOW);
    for (const item of items) assert.ok(item.updatedAt === 0 || item.updatedAt === NOW);
    counts.add(items.filter((item) => item.updatedAt === NOW).length);
  }
  assert.deepEqual([...counts].sort(), [0, 1, 2, 3, 4, 5, 6]);
  const a = Array.from({ length: 6 }, () => ({ updatedAt: 0 }));
  const b = Array.from({ length: 6 }, () => ({ updatedAt: 0 }));
  touchRandomSubset(a, new Prng(8), NOW);
  touchRandomSubset(b, new Prng(8), NOW);
  assert.deepEqual(a, b);
});
