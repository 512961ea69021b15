// The demo plan: samples/demo-plan.txt (青川县教育局2025年教育工作要点) imported by the bureau office
// through the plans module, committed, assigned and dispatched; then two months of work replayed on a
// clock of its own: units accept, file progress reports (with figures and a milestone), one task is
// closed, one awaits approval, a 督办单 and a 催办 go to lagging tasks. Finally a supervision sweep at the
// real time colours the board green, yellow and red. Every step is a public use case, under the app's
// rules (the office edits the plan, lead units accept and report, leaders issue orders).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TaskAction } from "../../../common/schemas/supervision.ts";
import type { Actor } from "../../platform/actor.ts";
import { DAY_MS, MovableClock, cstDate } from "../../platform/clock.ts";
import type { Deps } from "../../platform/deps.ts";
import { actorOf, getUserByUsername } from "../orgs/index.ts";
import { addTask, assignTask, commitDraft, getPlan, getTask, importDocument, listTasks } from "../plans/index.ts";
import { decideTargetLink, planLinks } from "../indicators/index.ts";
import { fileReport, issueOrder, reviewReport, runSweep, transitionTask, urge } from "../supervision/index.ts";
import type { DemoCounty } from "./seed.ts";

export const DEMO_PLAN_FILE = fileURLToPath(new URL("../../../samples/demo-plan.txt", import.meta.url));

export interface DemoPlanSummary {
  planId: number;
  title: string;
  tasks: number;
  dispatched: number;
  accepted: number;
  reports: number;
  /** Status colours of the dispatched tasks (drafts have none yet). */
  colors: Record<string, number>;
}

type Report = {
  /** days before today */
  ago: number;
  by: string;
  percent: number;
  text: string;
  /** report achieved figures: this share of each target's value */
  figures?: number;
  milestone?: string;
  evidence?: string;
  /** The office's review a day later (default: accepted, which moves the task's progress). */
  review?: "pending" | { return: string };
};

interface Spec {
  /** The task's title as the reader found it (its start). */
  title: string;
  /** Lead unit by name; default: what commit found in the document (由…牵头). */
  lead?: string;
  /** Co-units by name, added to those found in the document. */
  co?: string[];
  /** Deadline, days from today (negative: already past). */
  due: number;
  cadence?: "weekly" | "monthly" | "quarterly" | "adhoc";
  milestones?: { title: string; due: number }[];
  /** Days ago it was dispatched (交办); absent: left as a draft. */
  dispatched?: number;
  /** Who accepts (签收) and how many days ago; absent: not yet accepted. */
  accepted?: { by: string; ago: number };
  reports?: Report[];
  /** Completion requested (申请办结) days ago, then approved (办结) days ago. */
  completion?: { by: string; ago: number; approvedAgo?: number };
  urge?: { by: string; ago: number; message: string };
  order?: { by: string; ago: number; reason: string; requirement: string; dueIn: number };
  /** Broken down to schools (分解到校): the task becomes a section with these tasks under it. */
  split?: Spec[];
}

const YEAR_END = Math.max(20, Math.round((Date.UTC(new Date().getUTCFullYear(), 11, 31) - Date.now()) / DAY_MS));
const D = 62; // the plan was dispatched about two months ago

const PLAN: Spec[] = [
  {
    title: "扩大普惠性学前教育资源",
    due: YEAR_END,
    milestones: [{ title: "新建幼儿园主体完工", due: -15 }],
    dispatched: D,
    accepted: { by: "jichu", ago: D - 2 },
    reports: [
      { ago: 35, by: "jichu", percent: 40, text: "城关镇第二幼儿园主体施工过半，新增学位规划已报县政府审定。" },
      {
        ago: 12,
        by: "jichu",
        percent: 75,
        figures: 0.7,
        milestone: "新建幼儿园主体完工",
        text: "3所新建、改扩建幼儿园中2所主体完工，新增学位630个；普惠性幼儿园覆盖率达到88%。",
        evidence: "幼儿园建设进度表.txt",
      },
    ],
  },
  {
    title: "提升保育教育质量",
    due: YEAR_END,
    dispatched: D,
    accepted: { by: "jichu", ago: D - 3 },
    reports: [
      { ago: 9, by: "jichu", percent: 60, figures: 0.6, text: "已组织结对帮扶8对，培训园长和骨干教师120人次。" },
    ],
  },
  {
    title: "规范幼儿园办园行为",
    due: 5,
    dispatched: D,
    accepted: { by: "jichu", ago: D - 2 },
    reports: [
      {
        ago: 10,
        by: "jichu",
        percent: 70,
        text: "无证园专项治理已完成排查，民办幼儿园年检完成5所，剩余2所本周内完成。",
      },
    ],
  },
  {
    title: "巩固控辍保学成果",
    co: ["城关镇教管中心", "青溪镇教管中心", "木鱼镇教管中心", "白石乡教管中心", "桥楼乡教管中心"],
    due: YEAR_END,
    cadence: "quarterly",
    dispatched: D,
    accepted: { by: "jichu", ago: D - 1 },
    reports: [
      { ago: 20, by: "jichu", percent: 80, text: "秋季学期开学劝返2人，义务教育巩固率98.7%。" },
      {
        ago: 14,
        by: "chengguan",
        percent: 80,
        text: "城关镇教管中心：辖区学校“七长”责任书已全部签订，无辍学学生。",
        review: "pending",
      },
    ],
  },
  {
    title: "改善办学条件",
    due: YEAR_END,
    milestones: [
      { title: "项目资金执行80%", due: -10 },
      { title: "项目资金执行100%", due: 8 },
    ],
    dispatched: D,
    accepted: { by: "jicai", ago: D - 2 },
    reports: [
      {
        ago: 8,
        by: "jicai",
        percent: 55,
        text: "8个薄弱学校改造项目已开工6个，资金执行62%，低于“9月底前执行80%”的要求。",
      },
    ],
  },
  {
    title: "深化集团化办学",
    due: -12,
    dispatched: D,
    accepted: { by: "renshi", ago: D - 4 },
    reports: [
      {
        ago: 30,
        by: "renshi",
        percent: 40,
        text: "已组建教育集团3个，另外2个集团章程待审定。",
        review: { return: "请补充各集团覆盖的乡村学校名单。" },
      },
      { ago: 5, by: "renshi", percent: 60, text: "已组建教育集团4个，覆盖乡村学校15所；交流轮岗教师38名。" },
    ],
    urge: { by: "fujuzhang.zhang", ago: 3, message: "集团组建已超过时限，请人事股本周内报送第5个集团的组建方案。" },
  },
  {
    title: "提升课后服务水平",
    lead: "青川县实验小学",
    co: ["城关镇第一小学", "城关镇第二小学"],
    due: YEAR_END,
    dispatched: D,
    accepted: { by: "shiyanxiaoxue", ago: D - 1 },
    reports: [
      {
        ago: 7,
        by: "shiyanxiaoxue",
        percent: 55,
        text: "课后服务覆盖全部学生，已开设特色课程5门（书法、篮球、合唱、科创、非遗剪纸）。",
      },
    ],
  },
  {
    title: "规范校外培训",
    due: YEAR_END,
    dispatched: D,
    accepted: { by: "xiaowai", ago: D - 2 },
    reports: [
      {
        ago: 6,
        by: "xiaowai",
        percent: 30,
        figures: 0.25,
        text: "联合市场监管部门开展专项检查1次，查处无证培训点2个。",
        review: "pending",
      },
    ],
  },
  {
    title: "提高高中阶段教育普及水平",
    due: YEAR_END,
    cadence: "quarterly",
    dispatched: 20,
  },
  {
    title: "提升普通高中教育质量",
    co: ["青川县第一高级中学", "青川中学", "青川县博雅高级中学"],
    due: YEAR_END,
    dispatched: D,
    accepted: { by: "jiaoyan", ago: D - 3 },
    reports: [
      { ago: 11, by: "jiaoyan", percent: 50, text: "完成新课程新教材实施视导2轮，各高中学校已制订学科教学改进方案。" },
    ],
  },
  {
    title: "办好中等职业教育",
    co: ["青川县职业高级中学"],
    due: YEAR_END,
    dispatched: D,
    accepted: { by: "zhicheng", ago: D - 2 },
    reports: [
      {
        ago: 13,
        by: "zhicheng",
        percent: 55,
        figures: 0.6,
        text: "新增“智慧农业”专业已获市教育局备案，校企合作项目签约2项。",
      },
      {
        ago: 9,
        by: "zhigao",
        percent: 55,
        text: "青川县职业高级中学：与县农旅公司共建实训基地，首批实习学生42人。",
        review: "pending",
      },
    ],
  },
  {
    title: "补充师资力量",
    due: -30,
    dispatched: D,
    accepted: { by: "renshi", ago: D - 1 },
    reports: [
      {
        ago: 45,
        by: "renshi",
        percent: 100,
        figures: 1,
        text: "公开招聘和特岗计划共补充教师82名，其中音体美教师21名，已全部到岗。",
      },
    ],
    completion: { by: "renshi", ago: 44, approvedAgo: 42 },
  },
  {
    title: "加强教师培训",
    due: YEAR_END,
    dispatched: D,
    accepted: { by: "jiaoshi", ago: D - 2 },
    reports: [
      {
        ago: 4,
        by: "jiaoshi",
        percent: 65,
        figures: 0.65,
        text: "全员培训完成2100人次，县级骨干教师遴选进入公示阶段。",
      },
    ],
  },
  { title: "落实教师待遇", due: YEAR_END },
  {
    title: "加强校园安全管理",
    due: YEAR_END,
    split: [
      {
        title: "青川县第一高级中学：专职保安配备和封闭化管理达标",
        lead: "青川县第一高级中学",
        due: YEAR_END,
        dispatched: D,
        accepted: { by: "yizhong", ago: D - 1 },
        reports: [{ ago: 8, by: "yizhong", percent: 80, text: "新增专职保安2名，校门硬质隔离和人脸识别门禁已安装。" }],
      },
      {
        title: "城关镇中心幼儿园：一键式紧急报警装置安装并联网",
        lead: "城关镇中心幼儿园",
        due: 10,
        dispatched: D,
        accepted: { by: "chengguanyou", ago: D - 2 },
        reports: [
          {
            ago: 4,
            by: "chengguanyou",
            percent: 100,
            text: "一键式紧急报警装置已安装并与县公安局指挥中心联网测试。",
            evidence: "报警装置联网测试记录.txt",
          },
        ],
        completion: { by: "chengguanyou", ago: 3 },
      },
      {
        title: "木鱼镇九年制学校：校园封闭化管理达标",
        lead: "木鱼镇九年制学校",
        due: 3,
        dispatched: 20,
      },
    ],
  },
  {
    title: "开展防溺水专项教育",
    due: -20,
    dispatched: D,
    accepted: { by: "anquan", ago: D - 1 },
    reports: [{ ago: 25, by: "anquan", percent: 60, text: "已组织防溺水专题教育1次，家长告知书发放率92%。" }],
    order: {
      by: "juzhang",
      ago: 2,
      reason: "防溺水专项教育已超过完成时限，专题活动和家长告知书发放均未达到要求。",
      requirement: "请安全股会同德育股一周内补齐第2次专题教育活动，家长告知书发放率达到100%，并书面报告。",
      dueIn: 7,
    },
  },
  {
    title: "健全督查督办机制",
    due: YEAR_END,
    dispatched: D,
    accepted: { by: "bangongshi", ago: D },
    reports: [
      {
        ago: 6,
        by: "bangongshi",
        percent: 70,
        text: "重点任务清单化管理已上线，建立月调度、季通报制度，已发布季度通报1期。",
      },
    ],
  },
  {
    title: "做好教育统计工作",
    due: 4,
    dispatched: D,
    accepted: { by: "guihua", ago: D - 2 },
    reports: [
      {
        ago: 5,
        by: "guihua",
        percent: 80,
        text: "全县学校基础统计报表已填报完成，正在进行数据审核。",
        review: "pending",
      },
    ],
  },
];

/** Departments in a deputy's charge decide the task's 分管领导; the office and 督导室 report to the leader. */
function deputyFor(leadName: string, county: DemoCounty, accounts: Map<string, Actor>): number {
  const li = accounts.get("fujuzhang.li")!;
  const zhang = accounts.get("fujuzhang.zhang")!;
  const unit = county.units.get(leadName);
  if (unit && li.departmentIds.includes(unit.id)) return li.id;
  if (unit && zhang.departmentIds.includes(unit.id)) return zhang.id;
  if (unit?.type === "school") return leadName.includes("小学") ? li.id : zhang.id;
  return accounts.get("juzhang")!.id;
}

export async function seedDemoPlan(deps: Deps, county: DemoCounty): Promise<DemoPlanSummary | null> {
  const planYear = Number(cstDate(deps.clock.now()).slice(0, 4));
  // the story is replayed on a clock of its own; the final sweep runs at the real time
  const clock = new MovableClock();
  const now = deps.clock.now();
  clock.set(now);
  const at = (daysAgo: number) => clock.set(new Date(now.getTime() - daysAgo * DAY_MS));
  const replay: Deps = { ...deps, clock };
  const dayFromNow = (days: number) => cstDate(new Date(now.getTime() + days * DAY_MS));

  const accounts = new Map<string, Actor>();
  for (const a of county.accounts) {
    const user = await getUserByUsername(deps.database.db, a.username);
    accounts.set(a.username, await actorOf(user!, "", deps.database));
  }
  const as = (username: string) => accounts.get(username)!;
  const office = as("bangongshi");
  const unitId = (name: string) => {
    const u = county.units.get(name);
    if (!u) throw new Error(`demo: unknown unit ${name}`);
    return u.id;
  };

  // 1. import and commit, as the office would (about two months ago)
  at(D + 1);
  const { draftId } = await importDocument(
    office,
    {
      bytes: new TextEncoder().encode(demoPlanText(planYear, new Map(PLAN.map((t) => [t.title, dayFromNow(t.due)])))),
      fileName: `青川县教育局${planYear}年教育工作要点.txt`,
      orgUnitId: county.bureau.id,
    },
    replay,
  );
  const { planId } = await commitDraft(office, draftId, {}, replay);
  // the office confirms the indicator links the commit suggested ("学前三年毛入园率达93%" → KG_GER on the
  // county), so those targets are measured on the census data rather than on reported figures
  for (const t of (await planLinks(office, planId, replay)).targets)
    if (t.link?.status === "suggested")
      await decideTargetLink(office, t.targetId, { status: "confirmed", version: t.link.version }, replay);
  const plan = await getPlan(office, planId, replay);
  type Node = (typeof plan.tree)[number];
  const byTitle = new Map<string, Node>();
  const walk = (nodes: Node[]) => nodes.forEach((n) => (byTitle.set(n.title, n), walk(n.children)));
  walk(plan.tree);

  // 2. break tasks down to schools, then assign every task
  const assigned: { spec: Spec; taskId: number }[] = [];
  const assign = async (spec: Spec, taskId: number) => {
    const task = await getTask(office, taskId, replay);
    const leadName = spec.lead ?? task.leadUnit?.name;
    if (!leadName) throw new Error(`demo: no lead unit for ${spec.title}`);
    await assignTask(
      office,
      taskId,
      {
        version: task.version,
        leadUnitId: unitId(leadName),
        coUnitIds: [...task.coUnits.map((c) => c.id), ...(spec.co ?? []).map(unitId)],
        deputyUserId: deputyFor(leadName, county, accounts),
        deadline: dayFromNow(spec.due),
        cadence: spec.cadence ?? "monthly",
        milestones: (spec.milestones ?? []).map((m) => ({ title: m.title, dueOn: dayFromNow(m.due) })),
      },
      replay,
    );
    assigned.push({ spec, taskId });
  };
  for (const spec of PLAN) {
    const node = [...byTitle.entries()].find(([title]) => title.startsWith(spec.title))?.[1];
    if (!node) throw new Error(`demo: the reader found no item "${spec.title}" in the demo plan`);
    if (spec.split) {
      for (const part of spec.split) {
        const { taskId } = await addTask(
          office,
          planId,
          { parentId: node.id, kind: "task", title: part.title },
          replay,
        );
        await assign(part, taskId);
      }
    } else await assign(spec, node.id);
  }

  const transition = async (by: Actor, taskId: number, action: TaskAction, reason?: string) => {
    const { version } = await getTask(by, taskId, replay);
    await transitionTask(by, taskId, { action, version, ...(reason ? { reason } : {}) }, replay);
  };
  let dispatched = 0;
  let accepted = 0;
  let reports = 0;
  {
    // 3. the story, in time order: dispatch, accept, report, review, complete, urge, order
    type Event = { ago: number; order: number; run: () => Promise<void> };
    const events: Event[] = [];
    for (const { spec, taskId } of assigned) {
      if (spec.dispatched !== undefined)
        events.push({
          ago: spec.dispatched,
          order: 0,
          run: async () => (await transition(office, taskId, "dispatch"), void dispatched++),
        });
      if (spec.accepted) {
        const { by, ago } = spec.accepted;
        events.push({ ago, order: 1, run: async () => (await transition(as(by), taskId, "accept"), void accepted++) });
      }
      for (const r of spec.reports ?? [])
        events.push({
          ago: r.ago,
          order: 2,
          run: async () => (await fileDemoReport(as(r.by), taskId, r), void reports++),
        });
      if (spec.completion) {
        const c = spec.completion;
        events.push({
          ago: c.ago,
          order: 3,
          run: () => transition(as(c.by), taskId, "request_completion", "任务已全部完成，申请办结。"),
        });
        if (c.approvedAgo !== undefined)
          events.push({ ago: c.approvedAgo, order: 4, run: () => transition(office, taskId, "approve") });
      }
      if (spec.urge) {
        const u = spec.urge;
        events.push({
          ago: u.ago,
          order: 5,
          run: async () => void (await urge(as(u.by), taskId, { message: u.message }, replay)),
        });
      }
      if (spec.order) {
        const o = spec.order;
        events.push({
          ago: o.ago,
          order: 6,
          run: async () =>
            void (await issueOrder(
              as(o.by),
              taskId,
              { reason: o.reason, requirement: o.requirement, dueOn: dayFromNow(o.dueIn) },
              replay,
            )),
        });
      }
    }
    events.sort((a, b) => b.ago - a.ago || a.order - b.order);
    for (const e of events) {
      at(e.ago);
      await e.run();
    }
  }

  async function fileDemoReport(by: Actor, taskId: number, r: Report) {
    const task = await getTask(by, taskId, replay);
    const milestoneId = r.milestone ? task.milestones.find((m) => m.title === r.milestone)?.id : undefined;
    const figures =
      r.figures === undefined
        ? undefined
        : task.targets
            .filter((t) => t.kind === "target" && typeof t.value === "number")
            .map((t) => ({ targetId: t.id, value: demoFigure(Number(t.value), t.unit, r.figures!) }));
    const { reportId } = await fileReport(
      by,
      taskId,
      {
        text: r.text,
        percent: r.percent,
        ...(milestoneId ? { milestoneId } : {}),
        ...(figures?.length ? { figures } : {}),
        ...(r.evidence
          ? {
              files: [
                {
                  fileName: r.evidence,
                  mime: "text/plain",
                  bytes: new TextEncoder().encode(`${r.evidence.replace(/\.txt$/u, "")}\n${r.text}\n`),
                },
              ],
            }
          : {}),
      },
      replay,
    );
    if (r.review === "pending") return;
    at(r.ago - 1);
    await reviewReport(
      office,
      reportId,
      r.review ? { decision: "return", reason: r.review.return } : { decision: "accept" },
      replay,
    );
  }

  // 4. colours, reminders and escalations as of now
  await runSweep(deps);
  const list = await listTasks(office, { planId, kind: "task", limit: 500, offset: 0 }, deps);
  const colors: Record<string, number> = {};
  for (const t of list.tasks) if (t.state !== "draft") colors[t.statusColor] = (colors[t.statusColor] ?? 0) + 1;
  return { planId, title: plan.plan.title, tasks: list.total, dispatched, accepted, reports, colors };
}

/**
 * A plausible achieved figure for a demo report at `share` of the way: counts are whole ("2 所", not "2.1 所");
 * a rate ends up a few points short of its target rather than at `share` × the target ("65.1% 的毛入园率").
 */
function demoFigure(target: number, unit: string, share: number): number {
  if (unit === "%") return Math.round(Math.max(0, target - (1 - share) * Math.min(target, 10)) * 10) / 10;
  return Number.isInteger(target) ? Math.round(target * share) : Math.round(target * share * 10) / 10;
}

/**
 * The sample plan (written for 2025) moved to `year`: every year in it shifts by the same amount. With
 * `deadlines` (task title → YYYY-MM-DD), a task's written completion date ("2025年6月底前完成") becomes the
 * date the demo's story gives it, so the text and the 完成时限 on screen agree.
 */
export function demoPlanText(year: number, deadlines: ReadonlyMap<string, string> = new Map()): string {
  const shifted = readFileSync(DEMO_PLAN_FILE, "utf8").replace(/20[0-9]{2}(?=年|〕|）|\))/gu, (y) =>
    String(Number(y) + year - 2025),
  );
  return shifted
    .split("\n")
    .map((line) => {
      const title = [...deadlines.keys()].find((t) => line.includes(`${t}。`));
      if (!title) return line;
      const [y, m, d] = deadlines.get(title)!.split("-").map(Number) as [number, number, number];
      return line.replace(/20[0-9]{2}年[0-9]{1,2}月(?:底|[0-9]{1,2}日)前完成/u, `${y}年${m}月${d}日前完成`);
    })
    .join("\n");
}
