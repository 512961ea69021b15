// A plan worked on through a year, for the reports tests: a 台账 with two sections and targets, tasks
// closed on time and late by three departments and a school, progress reports with figures, one task
// never dispatched. Everything goes through the modules' use cases, on a moving clock.
import ExcelJS from "exceljs";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { actorOf, createUser, getUserByUsername } from "../orgs/index.ts";
import { getPlan, getTaskRow, importLedger, insertTarget } from "../plans/index.ts";
import { fileReport, reviewReport, runSweep, transitionTask } from "../supervision/index.ts";
import type { County } from "../../../test/factories.ts";
import { PASSWORD } from "../../../test/factories.ts";

export const at = (day: string) => new Date(`${day}T02:00:00Z`); // 10:00 China time

export async function actor(deps: Deps, username: string): Promise<Actor> {
  const u = await getUserByUsername(deps.database.db, username);
  if (!u) throw new Error(`no user ${username}`);
  return actorOf(u, "test", deps.database);
}

/** The 台账 rows: 序号, 任务, 目标, 牵头单位, 配合单位, 完成时限. */
export const LEDGER: (string | null)[][] = [
  ["一、", "学前教育", null, null, null, null],
  ["1", "普及学前三年教育", "学前三年毛入园率达到93%", "基础教育股", "计财股", "2025年10月31日"],
  ["2", "新建公办幼儿园", "新建幼儿园3所", "基础教育股", null, "2025年10月25日"],
  ["3", "落实学前教育资助", null, "计财股", null, "2025年10月20日"],
  ["4", "规范民办园收费", null, "计财股", null, "2025年11月20日"],
  ["5", "化解大班额", "大班额比例控制在5%以内", "计财股", "基础教育股", "2025年12月5日"],
  ["二、", "校园安全", null, null, null, null],
  ["1", "开展校园安全隐患排查", null, "安全股", null, "2025年10月31日"],
  ["2", "建设平安校园", null, "安全股", null, "2025年11月10日"],
  ["3", "完善学校安全制度", "义务教育巩固率达到98%", "东坡镇中心小学", null, "2025年12月31日"],
  ["4", "开展防溺水专题教育", null, "东坡镇中心小学", null, "2025年12月1日"],
  ["5", "研究制定校车管理办法", null, "安全股", null, "2025年12月31日"],
];

async function ledgerBytes(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("台账");
  ws.addRow(["序号", "任务", "目标", "牵头单位", "配合单位", "完成时限"]);
  for (const r of LEDGER) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export interface Scenario {
  planId: number;
  ids: Record<string, number>;
  /** The figures reported and accepted: target id → value. */
  achieved: Map<number, number>;
}

/** `midway` runs on 2025-11-05 (after a sweep): the tests issue the first bulletin there. */
export async function buildScenario(
  deps: Deps,
  c: County,
  midway?: (planId: number) => Promise<void>,
): Promise<Scenario> {
  const { db } = deps.database;
  await createUser(
    null,
    { username: "safety", displayName: "safety", role: "staff", orgUnitId: c.dept.safety.id, password: PASSWORD },
    deps,
  );
  deps.clock.set(at("2025-10-01"));
  const staff = await actor(deps, "staff");
  const finance = await actor(deps, "finance");
  const safety = await actor(deps, "safety");
  const school = await actor(deps, "school");
  const leader = await actor(deps, "leader");

  const { planId } = await importLedger(
    staff,
    { bytes: await ledgerBytes(), fileName: "台账.xlsx", planTitle: "青山县教育局2025年教育工作要点" },
    deps,
  );
  const { tree } = await getPlan(staff, planId, deps);
  const ids: Record<string, number> = {};
  for (const s of tree) for (const t of s.children) ids[t.title] = t.id;
  const version = async (id: number) => (await getTaskRow(db, id))!.version;
  const step = async (who: Actor, id: number, action: "dispatch" | "accept" | "request_completion" | "approve") =>
    transitionTask(who, id, { action, version: await version(id) }, deps);

  // the 2024 figure of the enrolment rate, as a multi-year plan states it
  const enrol = (await getPlan(staff, planId, deps)).tree[0]!.children[0]!.targets[0]!;
  await insertTarget(db, {
    taskId: ids["普及学前三年教育"]!,
    indicator: enrol.indicator,
    value: 89.61,
    unit: "%",
    year: 2024,
    kind: "baseline",
    deadline: null,
    qualifier: null,
    sourceStart: null,
    sourceEnd: null,
    sourceText: null,
    position: 9,
  });

  const lead: Record<string, Actor> = {
    普及学前三年教育: staff,
    新建公办幼儿园: staff,
    落实学前教育资助: finance,
    规范民办园收费: finance,
    化解大班额: finance,
    开展校园安全隐患排查: safety,
    建设平安校园: safety,
    完善学校安全制度: school,
    开展防溺水专题教育: school,
  };
  for (const title of Object.keys(lead)) await step(staff, ids[title]!, "dispatch");
  for (const [title, who] of Object.entries(lead)) await step(who, ids[title]!, "accept");

  const achieved = new Map<number, number>();
  const report = async (title: string, text: string, percent: number, figures: number[] = []) => {
    const id = ids[title]!;
    const targets = (await getPlan(staff, planId, deps)).tree
      .flatMap((s) => s.children)
      .find((t) => t.id === id)!
      .targets.filter((x) => x.kind === "target");
    const figs = figures.map((value, i) => ({ targetId: targets[i]!.id, value }));
    const { reportId } = await fileReport(lead[title]!, id, { text, percent, figures: figs }, deps);
    await reviewReport(leader, reportId, { decision: "accept" }, deps);
    for (const f of figs) achieved.set(f.targetId, f.value);
  };
  const close = async (title: string) => {
    await step(lead[title]!, ids[title]!, "request_completion");
    await step(staff, ids[title]!, "approve");
  };

  deps.clock.set(at("2025-10-15"));
  await report("落实学前教育资助", "已发放学前教育资助资金120万元，惠及幼儿1500名", 100);
  await close("落实学前教育资助");
  deps.clock.set(at("2025-10-20"));
  await report("普及学前三年教育", "新增学位600个，开展学前教育宣传月活动", 100, [92.4]);
  await close("普及学前三年教育");
  await report("新建公办幼儿园", "县第六、第七、第八幼儿园建成开园", 100, [3]);
  await close("新建公办幼儿园");
  await report("完善学校安全制度", "修订学校安全管理制度12项", 50, [97.2]);
  await runSweep(deps);

  deps.clock.set(at("2025-11-05"));
  await runSweep(deps);
  if (midway) await midway(planId);

  deps.clock.set(at("2025-11-08"));
  await report("建设平安校园", "完成平安校园创建验收", 100);
  await close("建设平安校园");
  deps.clock.set(at("2025-11-20"));
  await report("开展校园安全隐患排查", "排查整改隐患86处", 100);
  await close("开展校园安全隐患排查");
  deps.clock.set(at("2025-11-25"));
  await report("规范民办园收费", "完成民办园收费备案", 100);
  await close("规范民办园收费");
  await report("化解大班额", "大班额比例降至6.5%", 60, [6.5]);
  deps.clock.set(at("2025-12-10"));
  await runSweep(deps);
  return { planId, ids, achieved };
}

/** A logged-in downloader: the raw bytes and headers of a GET (the test client decodes bodies as text). */
export async function downloader(app: import("fastify").FastifyInstance, username: string) {
  const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password: PASSWORD } });
  const cookie = login.cookies.find((x) => x.name === "luoshi_session")!.value;
  return async (url: string) => {
    const r = await app.inject({ method: "GET", url, cookies: { luoshi_session: cookie } });
    return { status: r.statusCode, bytes: r.rawPayload, headers: r.headers, text: r.body };
  };
}
