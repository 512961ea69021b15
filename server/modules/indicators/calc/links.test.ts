// Targets linked to plans: matching by name and unit, suggestions at commit, the reviewer's decision,
// achieved vs target on the task, and the status colour fed by an unmet target; live explorer reads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type Client, type TestApp } from "../../../../test/app.ts";
import { seedCounty, type County } from "../../../../test/factories.ts";
import { KEY_POINTS, upload } from "../../plans/test-support.ts";
import { daysFromNow, supervision, transition, version } from "../../supervision/test-support.ts";
import { matchTarget, targetDirection } from "./match.ts";
import { BUILTIN_INDICATORS, indicatorByCode } from "./catalogue.ts";
import { addUnit, setValue } from "./test-support.ts";

describe("matching a target to the catalogue", () => {
  const best = (indicator: string, unit: string) =>
    matchTarget({ indicator, unit }, BUILTIN_INDICATORS)[0]?.code ?? null;

  it("finds the indicator by its name or a synonym, when the unit fits", () => {
    expect(best("学前三年毛入园率", "%")).toBe("KG_GER");
    expect(best("毛入园率", "%")).toBe("KG_GER");
    expect(best("普惠性幼儿园覆盖率", "%")).toBe("KG_PUHUI_COVERAGE");
    expect(best("公办园在园幼儿占比", "%")).toBe("KG_PUBLIC_SHARE");
    expect(best("义务教育巩固率", "%")).toBe("COMPULSORY_RETENTION");
    expect(best("九年义务教育巩固率", "%")).toBe("COMPULSORY_RETENTION");
    expect(best("高中阶段毛入学率", "%")).toBe("HS_GER");
    expect(best("本科以上学历教师占比", "%")).toBe("TEACHERS_BACHELOR_SHARE");
    expect(best("适龄残疾儿童少年入学率", "%")).toBe("DISABLED_ENROLMENT_RATE");
    expect(best("新增学位", "个")).toBe("NEW_PLACES");
    expect(best("生均公用经费", "元")).toBe("FUNDS_PER_STUDENT");
  });

  it("refuses a unit that does not fit, and unrelated targets", () => {
    expect(best("学前三年毛入园率", "个")).toBeNull();
    expect(best("新增学位", "%")).toBeNull();
    expect(best("改造校舍", "平方米")).toBeNull();
    expect(best("培训教师", "人次")).toBeNull();
  });

  it("reads the direction from the qualifier, else from the indicator", () => {
    expect(targetDirection(indicatorByCode("KG_GER")!, "以上")).toBe(">=");
    expect(targetDirection(indicatorByCode("PTR_PRIMARY")!, null)).toBe("<=");
    expect(targetDirection(indicatorByCode("KG_GER")!, null)).toBe(">=");
    expect(targetDirection(indicatorByCode("KG_GER")!, "不超过")).toBe("<=");
    expect(targetDirection(indicatorByCode("PTR_PRIMARY")!, "不低于")).toBe(">=");
    expect(targetDirection(indicatorByCode("KG_GER")!, "控制在")).toBe("<=");
  });
});

describe("a committed plan's targets, linked and measured", () => {
  let t: TestApp;
  let c: County;
  let staff: Client;
  let leader: Client;
  let school: Client;
  let outsider: Client;
  let planId: number;
  let kg: number;

  beforeAll(async () => {
    t = await testApp();
    c = await seedCounty(t.deps);
    [staff, leader, school, outsider] = await Promise.all([
      t.as("staff"),
      t.as("leader"),
      t.as("school"),
      t.as("outsider"),
    ]);
    const dr = await upload(staff, "/api/imports", "2025年工作要点.txt", KEY_POINTS);
    expect(dr.status, dr.body).toBe(201);
    const commit = await staff.request("POST", `/api/imports/${dr.json.draftId}/commit`, {});
    expect(commit.status, commit.body).toBe(201);
    planId = commit.json.planId;
    const db = t.deps.database.db;
    // a kindergarten in the township; population entered by the township
    kg = await addUnit(db, c.township.id, "school", "东坡镇中心幼儿园", {
      schoolType: "kindergarten",
      ownership: "public",
    });
    await setValue(db, "ENROLL_KG", kg, "2025", 80);
    await setValue(db, "POP_3_5", c.township.id, "2025", 100);
  }, 60_000);
  afterAll(() => t.close());

  const kgTarget = async () => {
    const r = await staff.request("GET", `/api/plans/${planId}/indicator-links`);
    expect(r.status, r.body).toBe(200);
    return r.json.targets.find((x: { indicator: string }) => x.indicator.includes("毛入园率"));
  };

  it("commit suggests an indicator for each target it recognises, measured on the county", async () => {
    const r = await staff.request("GET", `/api/plans/${planId}/indicator-links`);
    const byCode = Object.fromEntries(
      r.json.targets
        .filter((x: { link: unknown }) => x.link)
        .map((x: { indicator: string; link: { indicatorCode: string } }) => [x.link.indicatorCode, x]),
    );
    expect(Object.keys(byCode).sort()).toEqual(["COMPULSORY_RETENTION", "KG_GER"]);
    expect(byCode.KG_GER.link).toMatchObject({ status: "suggested", orgUnitId: c.county.id, year: 2025 });
    // targets without a catalogue indicator (校舍面积, 培训人次) stay unlinked
    expect(r.json.targets.filter((x: { link: unknown }) => !x.link).length).toBeGreaterThan(0);
    // a suggestion alone does not measure the task
    const task = await staff.request("GET", `/api/tasks/${byCode.KG_GER.taskId}/indicators`);
    expect(task.json.targets.find((x: { check: unknown }) => x.check)).toBeUndefined();
  });

  it("the reviewer confirms; the task shows achieved vs target, 未达标 and the gap", async () => {
    const target = await kgTarget();
    const bad = await staff.request("PUT", `/api/targets/${target.targetId}/indicator-link`, {
      status: "confirmed",
      indicatorCode: "NEW_PLACES",
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.code).toBe("TARGET_LINK_INVALID");
    const ok = await staff.request("PUT", `/api/targets/${target.targetId}/indicator-link`, {
      status: "confirmed",
      version: target.link.version,
    });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.link).toMatchObject({ status: "confirmed", indicatorCode: "KG_GER" });
    const stale = await staff.request("PUT", `/api/targets/${target.targetId}/indicator-link`, {
      status: "rejected",
      version: target.link.version,
    });
    expect(stale.status).toBe(409);
    const r = await leader.request("GET", `/api/tasks/${target.taskId}/indicators`);
    expect(r.status, r.body).toBe(200);
    const check = r.json.targets.find((x: { targetId: number }) => x.targetId === target.targetId).check;
    expect(check).toMatchObject({
      indicatorCode: "KG_GER",
      achieved: 80,
      target: 92,
      met: false,
      status: "未达标",
      op: ">=",
    });
    expect(check.gap).toBeCloseTo(12, 9);
  });

  it("an unmet target turns the task red on its deadline day, and it clears when the data meets it", async () => {
    const target = await kgTarget();
    const taskId = target.taskId as number;
    const assign = await staff.request("PUT", `/api/tasks/${taskId}/assignment`, {
      version: await version(staff, taskId),
      leadUnitId: c.dept.basic.id,
      coUnitIds: [],
      deputyUserId: null,
      deadline: daysFromNow(t, 0),
      cadence: "adhoc",
      milestones: [],
    });
    expect(assign.status, assign.body).toBe(200);
    expect((await transition(staff, taskId, "dispatch")).status).toBe(200);
    let s = (await supervision(leader, taskId)).status;
    expect(s.color).toBe("red");
    expect(s.reason).toContain("指标「");
    expect(s.reason).toContain("未达标（实际 80%，目标 92%）");
    // the kindergarten's census figure is corrected: 95 / 100 ≥ 92 — the same read sees it
    await setValue(t.deps.database.db, "ENROLL_KG", kg, "2025", 95);
    s = (await supervision(leader, taskId)).status;
    expect(s.color).toBe("yellow");
    expect(s.reason).toBe("今天到期");
    // within the yellow window, an unmet target adds its reason
    await setValue(t.deps.database.db, "ENROLL_KG", kg, "2025", 70);
    const v2 = await version(staff, taskId);
    const later = await staff.request("PUT", `/api/tasks/${taskId}/assignment`, {
      version: v2,
      leadUnitId: c.dept.basic.id,
      coUnitIds: [],
      deputyUserId: null,
      deadline: daysFromNow(t, 3),
      cadence: "adhoc",
      milestones: [],
    });
    expect(later.status, later.body).toBe(200);
    s = (await supervision(leader, taskId)).status;
    expect(s.color).toBe("yellow");
    expect(s.reasons).toContain("指标「学前三年毛入园率」未达标（实际 70%，目标 92%），距完成时限还有 3 天");
  });

  it("the explorer is live: a school's change shows in the county's value on the next request", async () => {
    const read = async () => {
      const r = await leader.request(
        "GET",
        `/api/indicators/values?root=${c.county.id}&depth=0&years=2025&codes=KG_GER`,
      );
      expect(r.status, r.body).toBe(200);
      return r.json.units[0].values.KG_GER["2025"];
    };
    const before = await read();
    await setValue(t.deps.database.db, "ENROLL_KG", kg, "2025", before.numerator + 7);
    const after = await read();
    expect(after.numerator).toBe(before.numerator + 7);
    expect(after.value).toBeCloseTo(((before.numerator + 7) / 100) * 100, 9);
    // another county's user reads nothing here
    const out = await outsider.request("GET", `/api/indicators/values?root=${c.county.id}&depth=0&years=2025`);
    expect(out.status).toBe(404);
    // a school user sees the county's aggregate but not the other branches below it
    const mine = await school.request(
      "GET",
      `/api/indicators/values?root=${c.bureau.id}&depth=1&years=2025&codes=KG_GER`,
    );
    expect(mine.status).toBe(200);
    expect(mine.json.units.map((u: { id: number }) => u.id)).toEqual([c.bureau.id, c.township.id]);
    // department staff (股室) read the whole county, as on the data pages, not only their department
    const all = await staff.request(
      "GET",
      `/api/indicators/values?root=${c.county.id}&depth=2&years=2025&codes=KG_GER`,
    );
    expect(all.status, all.body).toBe(200);
    expect(all.json.units.map((u: { id: number }) => u.id)).toEqual(
      expect.arrayContaining([c.bureau.id, c.township.id]),
    );
  });

  it("a 督导评估 template becomes the task's targets, linked and measured", async () => {
    const { taskId } = await kgTarget();
    const denied = await school.request("POST", `/api/tasks/${taskId}/target-templates`, {
      template: "XUEQIAN_SHUANGPU",
      year: 2025,
    });
    expect([403, 404]).toContain(denied.status);
    const r = await staff.request("POST", `/api/tasks/${taskId}/target-templates`, {
      template: "XUEQIAN_SHUANGPU",
      year: 2025,
    });
    expect(r.status, r.body).toBe(201);
    expect(r.json.targetIds).toHaveLength(3);
    const ind = await leader.request("GET", `/api/tasks/${taskId}/indicators`);
    const mine = ind.json.targets.filter((x: { targetId: number }) => r.json.targetIds.includes(x.targetId));
    expect(
      mine.map((x: { check: { indicatorCode: string; target: number; status: string } }) => [
        x.check.indicatorCode,
        x.check.target,
        x.check.status,
      ]),
    ).toEqual([
      ["KG_GER", 85, "未达标"],
      ["KG_PUHUI_COVERAGE", 80, "达标"],
      ["KG_PUBLIC_SHARE", 50, "达标"],
    ]);
  });

  it("series and threshold evaluation", async () => {
    const s = await leader.request("GET", `/api/indicators/series?code=KG_GER&unit=${c.county.id}&years=2024-2025`);
    expect(s.status, s.body).toBe(200);
    expect(s.json.points.map((p: { year: number; value: number | null }) => [p.year, p.value === null])).toEqual([
      [2024, true],
      [2025, false],
    ]);
    const e = await leader.request(
      "GET",
      `/api/indicators/evaluation?template=XUEQIAN_SHUANGPU&unit=${c.county.id}&year=2025`,
    );
    expect(e.status, e.body).toBe(200);
    expect(e.json.results.map((r: { indicator: string; met: boolean | null }) => [r.indicator, r.met])).toEqual([
      ["KG_GER", false],
      ["KG_PUHUI_COVERAGE", true],
      ["KG_PUBLIC_SHARE", true],
    ]);
  });
});

describe("the status rule with unmet targets (pure)", () => {
  it("is yellow inside the due-soon window, red on and after the deadline, silent before", async () => {
    const { statusOf } = await import("../../supervision/status.ts");
    const now = new Date("2025-06-10T02:00:00Z"); // 10:00 in China
    const task = (deadline: string, unmet: boolean) => ({
      state: "accepted" as const,
      deadline,
      cadence: "adhoc" as const,
      progress: 100,
      assignedAt: "2025-06-01T02:00:00Z",
      lastReportAt: null,
      unmetTargets: unmet ? [{ label: "学前三年毛入园率", achieved: 80, target: 92, unit: "%" }] : [],
    });
    const cfg = { DUE_SOON_DAYS: 7, BEHIND_POINTS: 20 };
    expect(statusOf(task("2025-07-30", true), [], now, cfg).color).toBe("green");
    const soon = statusOf(task("2025-06-13", true), [], now, cfg);
    expect(soon.color).toBe("yellow");
    expect(soon.reasons).toContain("指标「学前三年毛入园率」未达标（实际 80%，目标 92%），距完成时限还有 3 天");
    expect(statusOf(task("2025-06-10", false), [], now, cfg).color).toBe("yellow");
    const today = statusOf(task("2025-06-10", true), [], now, cfg);
    expect(today.color).toBe("red");
    expect(today.reasons).toEqual(["指标「学前三年毛入园率」未达标（实际 80%，目标 92%），今天到期"]);
    const late = statusOf(task("2025-06-08", true), [], now, cfg);
    expect(late.color).toBe("red");
    expect(late.reasons).toHaveLength(2);
  });
});
