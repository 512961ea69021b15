// The school registry through HTTP: list, create and edit units with school attributes (version, move),
// Excel export and the all-or-nothing import with row-level errors, unit groups.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAll, testApp, type Client, type TestApp } from "../../../../test/app.ts";
import { seedCounty, type County } from "../../../../test/factories.ts";
import { insertUnit } from "../../orgs/index.ts";

let t: TestApp;
let c: County;
let staff: Client, township: Client, school: Client, observer: Client;

async function upload(client: Client, url: string, bytes: Uint8Array, fileName = "学校登记表.xlsx") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), fileName);
  return client.request("POST", url, form);
}

async function sheet(rows: (string | null)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("学校登记");
  ws.addRow(["学校标识码", "学校名称", "所属单位", "办学类型", "办学性质", "普惠性", "城乡分类", "状态"]);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const schoolCount = async () =>
  (await t.deps.database.query<{ n: number }>("SELECT count(*)::int AS n FROM org_units WHERE type = 'school'"))[0]!.n;

beforeAll(async () => {
  t = await testApp();
  c = await seedCounty(t.deps);
  // a school of the other county, with a 学校标识码
  await insertUnit(t.deps.database.db, {
    parentId: c.otherBureau.id,
    type: "school",
    name: "白水县实验小学",
    schoolCode: "3300000001",
    schoolType: "小学",
  });
  [staff, township, school, observer] = await loginAll(t, ["staff", "township", "school", "observer"] as const);
}, 60_000);
afterAll(() => t.close());

describe("registry", () => {
  it("lists the caller's subtree with school attributes; school types are stored as codes", async () => {
    const all = (await staff.request("GET", "/api/registry")).json.units as {
      name: string;
      schoolCode: string | null;
      schoolType: string | null;
    }[];
    expect(all.map((u) => u.name)).toContain("西岭乡中学");
    expect(all.map((u) => u.name)).not.toContain("白水县实验小学");
    expect(all.find((u) => u.name === "东坡镇中心小学")).toMatchObject({
      schoolCode: "2142000001",
      schoolType: "primary",
    });
    const mine = (await township.request("GET", "/api/registry")).json.units as { name: string }[];
    expect(mine.map((u) => u.name)).toEqual(["东坡镇教管中心", "东坡镇中心小学"]);
  });

  it("creates and edits units (attributes, move with the subtree's paths, version), county staff only", async () => {
    const center = await staff.request("POST", "/api/registry/units", {
      parentId: c.bureau.id,
      type: "center",
      name: "南山教管中心",
    });
    expect(center.status, center.body).toBe(201);
    const kg = await staff.request("POST", "/api/registry/units", {
      parentId: c.township.id,
      type: "school",
      name: "东坡镇普惠幼儿园",
      schoolCode: "2142000010",
      schoolType: "kindergarten",
      ownership: "private",
      inclusive: true,
      locality: "town",
    });
    expect(kg.status, kg.body).toBe(201);
    expect(
      (
        await staff.request("POST", "/api/registry/units", {
          parentId: c.township.id,
          type: "school",
          name: "重码",
          schoolCode: "2142000010",
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await staff.request("POST", "/api/registry/units", {
          parentId: c.township.id,
          type: "school",
          name: "坏码",
          schoolCode: "21420",
        })
      ).status,
    ).toBe(400);
    expect(
      (await township.request("POST", "/api/registry/units", { parentId: c.township.id, type: "school", name: "x" }))
        .status,
    ).toBe(403);
    expect(
      (await observer.request("PATCH", `/api/registry/units/${kg.json.unit.id}`, { version: 1, name: "x" })).status,
    ).toBe(403);
    const moved = await staff.request("PATCH", `/api/registry/units/${kg.json.unit.id}`, {
      version: kg.json.unit.version,
      parentId: center.json.unit.id,
      locality: "rural",
    });
    expect(moved.status, moved.body).toBe(200);
    expect(moved.json.unit).toMatchObject({
      parentId: center.json.unit.id,
      path: `${center.json.unit.path}${kg.json.unit.id}/`,
      locality: "rural",
      inclusive: true,
    });
    expect(
      (
        await staff.request("PATCH", `/api/registry/units/${kg.json.unit.id}`, {
          version: kg.json.unit.version,
          name: "旧版本",
        })
      ).status,
    ).toBe(409);
    // a unit cannot move under its own subtree
    const cyc = await staff.request("PATCH", `/api/registry/units/${center.json.unit.id}`, {
      version: center.json.unit.version,
      parentId: kg.json.unit.id,
    });
    expect(cyc.status).toBe(400);
  });

  it("exports the registry and imports it back: bad rows refused with row messages and nothing written", async () => {
    const r = await t.app.inject({
      method: "GET",
      url: "/api/registry/export",
      cookies: { luoshi_session: await login("staff") },
    });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const exported = wb.worksheets[0]!.getSheetValues()
      .slice(2)
      .map((row) => (row as unknown[]).slice(1, 5).map(String));
    expect(exported).toContainEqual(["2142000001", "东坡镇中心小学", "东坡镇教管中心", "小学"]);
    const before = await schoolCount();
    const bad = await upload(
      staff,
      "/api/registry/import",
      await sheet([
        ["2142000001", "东坡镇中心小学", "东坡镇教管中心", "小学", "公办", null, "乡村", "在用"], // fine (update)
        ["21420000", "短码小学", "东坡镇教管中心", "小学", null, null, null, null],
        ["2142000020", "无名乡小学", "无名乡教管中心", "小学", null, null, null, null],
        ["2142000021", "怪类型学校", "东坡镇教管中心", "大学", null, null, null, null],
        ["2142000022", "重码一", "西岭乡教管中心", "初中", null, null, null, null],
        ["2142000022", "重码二", "西岭乡教管中心", "初中", null, null, null, null],
        ["3300000001", "白水县实验小学", "东坡镇教管中心", "小学", null, null, null, null],
        ["2142000023", "性质错", "东坡镇教管中心", "幼儿园", "公立", "可能", "郊区", null],
      ]),
    );
    expect(bad.status, bad.body).toBe(422);
    expect(bad.json.error.code).toBe("REGISTRY_INVALID");
    const rows = bad.json.error.details.rows as { row: number; column: string; message: string }[];
    expect(rows.map((x) => [x.row, x.column])).toEqual([
      [3, "学校标识码"],
      [4, "所属单位"],
      [5, "办学类型"],
      [7, "学校标识码"],
      [8, "学校标识码"],
      [9, "办学性质"],
      [9, "普惠性"],
      [9, "城乡分类"],
    ]);
    expect(rows[3]!.message).toContain("第6行");
    expect(rows[4]!.message).toContain("管辖范围外");
    expect(await schoolCount()).toBe(before);
    const unchanged = (await staff.request("GET", "/api/registry")).json.units as {
      schoolCode: string;
      locality: string | null;
    }[];
    expect(unchanged.find((u) => u.schoolCode === "2142000001")!.locality).toBeNull();
    const good = await upload(
      staff,
      "/api/registry/import",
      await sheet([
        ["2142000001", "东坡镇中心小学", "东坡镇教管中心", "小学", "公办", null, "乡村", "在用"],
        ["2142000022", "西岭乡第二小学", "西岭乡教管中心", "小学", "公办", null, "乡村", null],
        ["2142000023", "东坡镇阳光幼儿园", "东坡镇教管中心", "幼儿园", "民办", "是", "镇区", null],
      ]),
    );
    expect(good.status, good.body).toBe(200);
    expect(good.json).toEqual({ created: 2, updated: 1 });
    const after = (await staff.request("GET", "/api/registry")).json.units as {
      schoolCode: string;
      locality: string;
      inclusive: boolean;
      ownership: string;
      parentId: number;
      schoolType: string;
    }[];
    expect(after.find((u) => u.schoolCode === "2142000001")!.locality).toBe("rural");
    expect(after.find((u) => u.schoolCode === "2142000023")).toMatchObject({
      inclusive: true,
      ownership: "private",
      schoolType: "kindergarten",
      parentId: c.township.id,
    });
    expect(await schoolCount()).toBe(before + 2);
    // only county staff import
    expect((await upload(school, "/api/registry/import", await sheet([]))).status).toBe(403);
  });

  it("keeps unit groups of units in scope", async () => {
    const g = await staff.request("POST", "/api/unit-groups", {
      name: "薄弱学校",
      unitIds: [c.school.id, c.otherSchool.id],
    });
    expect(g.status, g.body).toBe(201);
    expect(g.json.group.unitIds).toEqual([c.school.id, c.otherSchool.id].sort((a, b) => a - b));
    const out = await t.deps.database.query<{ id: number }>("SELECT id FROM org_units WHERE name = '白水县实验小学'");
    expect((await staff.request("POST", "/api/unit-groups", { name: "越界", unitIds: [out[0]!.id] })).status).toBe(422);
    expect((await staff.request("POST", "/api/unit-groups", { name: "薄弱学校", unitIds: [] })).status).toBe(409);
    const up = await staff.request("PATCH", `/api/unit-groups/${g.json.group.id}`, {
      version: 1,
      unitIds: [c.school.id],
    });
    expect(up.json.group.unitIds).toEqual([c.school.id]);
    expect(
      ((await school.request("GET", "/api/unit-groups")).json.groups as { name: string }[]).map((x) => x.name),
    ).toEqual(["薄弱学校"]);
    expect((await school.request("DELETE", `/api/unit-groups/${g.json.group.id}`)).status).toBe(403);
    expect((await staff.request("DELETE", `/api/unit-groups/${g.json.group.id}`)).status).toBe(200);
    expect((await staff.request("GET", "/api/unit-groups")).json.groups).toEqual([]);
  });
});

async function login(username: string) {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { username, password: "test-pass-2024" },
  });
  return res.cookies.find((x) => x.name === "luoshi_session")!.value;
}
