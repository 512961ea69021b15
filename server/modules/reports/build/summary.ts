// The year-end work summary (年度工作总结) draft as plain data, in the shape bureaus write it:
// 一、工作完成情况 (per section, a paragraph per task from its accepted progress reports and its achieved
// figures against the targets, with the change on the year before), 二、存在的困难和问题 (unmet targets,
// red tasks, figures never reported), 三、下一年工作要点 (what carries over).
import type { Figure, Summary, SummaryQuery, SummaryTask } from "../../../../common/schemas/reports.ts";
import type { Actor } from "../../../platform/actor.ts";
import type { Deps } from "../../../platform/deps.ts";
import { taskSupervision } from "../../supervision/index.ts";
import { cnDate, diff, figureSentence, fmt, isCeiling, targetMet, withUnit } from "./figures.ts";
import { indicatorFigures, type IndicatorLookup } from "./indicator-source.ts";
import { loadPlan, type LoadedTask, type PlanTarget } from "./plan-data.ts";
import { countTasks } from "./ranking.ts";

const end = (s: string) => (/[。！？；]$/u.test(s.trim()) ? s.trim() : `${s.trim()}。`);

/** The year a summary is about: asked for, else the plan's last year, else this year. */
export function summaryYear(years: number[], today: string, asked?: number): number {
  return asked ?? (years.length ? Math.max(...years) : Number(today.slice(0, 4)));
}

/**
 * Figures of a task for `year`: each quantified target of that year (or of no year) with what was
 * achieved, the year before (an achieved or stated figure of the same indicator in the plan, or the
 * indicator module's value), and whether the target is met.
 */
export function figuresOf(targets: PlanTarget[], year: number, lookup: IndicatorLookup): Figure[] {
  const out: Figure[] = [];
  for (const t of targets) {
    if (t.kind !== "target" || (t.year !== null && t.year !== year)) continue;
    const ind = lookup(t.id, year);
    const value = ind?.value ?? t.achieved;
    const previous =
      lookup(t.id, year - 1)?.value ??
      targets
        .filter((x) => x.indicator === t.indicator && x.year === year - 1)
        .map((x) => x.achieved ?? (x.kind === "actual" || x.kind === "baseline" ? x.value : null))
        .find((v) => v !== null) ??
      null;
    const ceiling = isCeiling({ qualifier: t.qualifier, sourceText: t.source?.text ?? null });
    const met = targetMet(t.value, value, ceiling);
    out.push({
      indicator: t.indicator,
      unit: t.unit,
      year: t.year,
      value,
      target: t.value,
      qualifier: t.qualifier,
      previous,
      met,
      source: ind ? "indicator" : "target",
      sentence:
        value === null
          ? `${t.indicator}目标${withUnit(t.value, t.unit)}，完成情况尚未填报`
          : figureSentence({ indicator: t.indicator, unit: t.unit, value, previous, target: t.value, met, ceiling }),
    });
  }
  return out;
}

async function acceptedReports(actor: Actor, taskId: number, deps: Deps): Promise<string[]> {
  const s = await taskSupervision(actor, taskId, deps);
  const texts = s.reports
    .filter((r) => r.reviewState === "accepted")
    .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))
    .map((r) => r.text.trim())
    .filter(Boolean);
  return [...new Set(texts)];
}

function stateWords(t: LoadedTask): string {
  if (t.state === "closed") return "该项任务已办结";
  if (t.state === "draft") return "该项任务尚未启动";
  return `该项任务正在推进，完成进度${t.progress}%`;
}

export async function buildSummary(actor: Actor, planId: number, q: SummaryQuery, deps: Deps): Promise<Summary> {
  const loaded = await loadPlan(actor, planId, deps);
  const { plan, today } = loaded;
  const year = summaryYear(plan.years, today, q.year);
  const lookup = await indicatorFigures(
    deps,
    loaded.tasks.map((t) => t.id),
  );

  const byTask = new Map<number, SummaryTask>();
  for (const t of loaded.tasks) {
    const reports = t.state === "draft" ? [] : await acceptedReports(actor, t.id, deps);
    const figures = figuresOf(t.targetRows, year, lookup);
    const reported = figures.filter((f) => f.value !== null);
    const parts = [...reports.map(end), ...(reported.length ? [end(reported.map((f) => f.sentence).join("；"))] : [])];
    if (!reports.length) parts.push(end(stateWords(t)));
    byTask.set(t.id, {
      id: t.id,
      num: t.num,
      title: t.title,
      state: t.state,
      color: t.color,
      paragraph: `${end(t.title)}${parts.join("")}`,
      figures,
    });
  }

  const figures = [...byTask.values()].flatMap((t) => t.figures.map((f) => ({ task: t, f })));
  const unmet = figures.filter((x) => x.f.met === false);
  const unreported = figures.filter((x) => x.f.value === null);
  const red = loaded.tasks.filter((t) => t.state !== "closed" && t.state !== "draft" && t.color === "red");
  const problems: string[] = [];
  if (unmet.length)
    problems.push(
      `部分量化目标尚未达成。` +
        unmet
          .map(({ f }) => {
            const gap = Math.abs(diff(f.target!, f.value!));
            return `${f.indicator}目标${withUnit(f.target!, f.unit)}，实际${withUnit(f.value!, f.unit)}，尚差${f.unit === "%" ? `${fmt(gap)}个百分点` : withUnit(gap, f.unit)}`;
          })
          .join("；") +
        "。",
    );
  if (red.length)
    problems.push(
      `部分任务进展滞后。` +
        red
          .map(
            (t) =>
              `“${t.title}”${t.leadUnit ? `（${t.leadUnit}牵头）` : ""}${t.statusReason ? `${t.statusReason}` : "进展滞后"}`,
          )
          .join("；") +
        "。",
    );
  if (unreported.length)
    problems.push(
      `部分目标完成情况尚未填报。${unreported.map(({ f }) => f.indicator).join("、")}等${unreported.length}项目标尚无完成数据，需及时统计报送。`,
    );

  const unfinished = loaded.tasks.filter((t) => t.state !== "closed");
  const metLater = new Set(unmet.map((x) => x.task.id));
  const nextYear = [
    ...unfinished.map((t) => ({
      num: t.num,
      title: t.title,
      leadUnit: t.leadUnit,
      reason:
        t.state === "draft"
          ? "本年度未启动，转入下一年度实施。"
          : `本年度完成进度${t.progress}%，转入下一年度继续推进。`,
    })),
    ...loaded.tasks
      .filter((t) => t.state === "closed" && metLater.has(t.id))
      .map((t) => ({
        num: t.num,
        title: t.title,
        leadUnit: t.leadUnit,
        reason: "任务已办结，但量化目标尚未达成，下一年度继续推进。",
      })),
  ];

  const counts = countTasks(loaded.tasks, today);
  const targetsTotal = figures.length;
  const intro =
    `${year}年，${plan.unitName}围绕《${plan.title}》确定的${counts.tasks}项重点任务，` +
    `逐项明确牵头单位、配合单位和完成时限，实行督查督办、定期通报。截至${cnDate(today)}，已办结${counts.closed}项` +
    `${counts.closedRate !== null ? `，办结率${counts.closedRate}%` : ""}` +
    (targetsTotal ? `；量化目标${targetsTotal}项，已达成${figures.filter((x) => x.f.met === true).length}项` : "") +
    `。现将有关情况总结如下。`;

  return {
    planId,
    planTitle: plan.title,
    issuer: plan.unitName,
    year,
    intro,
    sections: loaded.sections.map((s) => ({
      num: s.num,
      title: s.title,
      tasks: s.tasks.map((t) => byTask.get(t.id)!),
    })),
    problems,
    nextYear,
  };
}
