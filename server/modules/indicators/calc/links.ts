// Targets linked to plans: suggestions when a plan is committed, the reviewer's decision, and the
// achieved value vs the target on the task (达标 / 未达标 / 差距), which also feeds the status colour.
import { AppError } from "../../../../common/errors.ts";
import type { Actor } from "../../../platform/actor.ts";
import type { Db, Tx } from "../../../platform/db.ts";
import type { Deps } from "../../../platform/deps.ts";
import { recordAudit } from "../../audit/index.ts";
import { insertTarget, isPlanEditor, onPlanCommitted, requireTaskVisible, seesWholePlan } from "../../plans/index.ts";
import * as repo from "./calc.repo.ts";
import { TARGET_TEMPLATES, indicatorByCode, meets, type ThresholdOp } from "./catalogue.ts";
import { indicatorCatalogue } from "./custom.ts";
import { evaluate } from "./evaluate.ts";
import { matchTarget, targetDirection, unitCompatible, type MatchCandidate } from "./match.ts";

type Conn = Db | Tx;

const COUNTY_TYPES = new Set(["county", "city", "province"]);

/**
 * The unit whose statistics a plan's targets are measured on: a bureau's (or its department's) plan is
 * about its county — the county unit holds the county-level figures (population) entered above the
 * bureau; a township's or school's plan is about itself.
 */
export async function statsUnitOf(db: Conn, unitId: number): Promise<number> {
  const unit = await repo.unitById(db, unitId);
  if (!unit) return unitId;
  if (unit.type !== "bureau" && unit.type !== "department") return unit.id;
  const ids = unit.path.split("/").filter(Boolean).map(Number).reverse();
  for (const id of ids.slice(1)) {
    const u = await repo.unitById(db, id);
    if (u && COUNTY_TYPES.has(u.type)) return u.id;
  }
  return unit.id;
}

function yearOf(t: repo.TargetForLink): number | null {
  return t.year ?? (t.planYears.length ? Math.max(...t.planYears) : null);
}

// A committed plan's targets get indicator suggestions in the same transaction, whoever commits it (the
// import route, the demo at first start, a test): registered when this module loads, not with the routes.
onPlanCommitted("indicator-links", (tx, planId) => suggestPlanLinks(tx, planId).then(() => undefined));

/** Suggest an indicator for every target of the plan that has no link yet; returns how many. */
export async function suggestPlanLinks(tx: Conn, planId: number): Promise<number> {
  const targets = (await repo.planTargets(tx, planId)).filter((t) => t.kind === "target");
  if (!targets.length) return 0;
  const ids = new Map((await repo.indicatorRows(tx)).map((r) => [r.code, r.id]));
  const defs = await indicatorCatalogue(tx);
  const unitId = await statsUnitOf(tx, targets[0]!.planUnitId);
  let n = 0;
  for (const t of targets) {
    const best = matchTarget(t, defs)[0];
    const indicatorId = best ? ids.get(best.code) : undefined;
    if (!best || indicatorId === undefined) continue;
    if (
      await repo.suggestLink(tx, {
        targetId: t.targetId,
        indicatorId,
        orgUnitId: unitId,
        year: yearOf(t),
        score: best.score,
      })
    )
      n++;
  }
  return n;
}

async function unitPath(db: Conn, unitId: number): Promise<string> {
  return (await repo.unitById(db, unitId))?.path ?? "";
}

export interface LinkView {
  targetId: number;
  taskId: number;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  link: repo.LinkRow | null;
  candidates: MatchCandidate[];
}

/** The plan's targets with their links and candidate indicators (plan readers). */
export async function planLinks(actor: Actor, planId: number, deps: Deps): Promise<{ targets: LinkView[] }> {
  const db = deps.database.db;
  const targets = await repo.planTargets(db, planId);
  const planUnit = await repo.planUnitPath(db, planId);
  if (planUnit === null || !seesWholePlan(actor, planUnit)) throw new AppError("NOT_FOUND", { planId });
  const links = await repo.linksFor(
    db,
    targets.map((t) => t.targetId),
  );
  const defs = await indicatorCatalogue(db);
  return {
    targets: targets
      .filter((t) => t.kind === "target")
      .map((t) => ({
        targetId: t.targetId,
        taskId: t.taskId,
        indicator: t.indicator,
        value: t.value,
        unit: t.unit,
        year: yearOf(t),
        link: links.get(t.targetId) ?? null,
        candidates: matchTarget(t, defs).slice(0, 5),
      })),
  };
}

/** Re-run the suggestions for a plan (plan editors): targets added by hand or from a 台账 get theirs. */
export async function resuggestPlanLinks(actor: Actor, planId: number, deps: Deps): Promise<{ suggested: number }> {
  const db = deps.database.db;
  const path = await repo.planUnitPath(db, planId);
  if (path === null || !seesWholePlan(actor, path)) throw new AppError("NOT_FOUND", { planId });
  if (!isPlanEditor(actor, path)) throw new AppError("FORBIDDEN");
  const at = deps.clock.now();
  return db.transaction(async (tx) => {
    const suggested = await suggestPlanLinks(tx, planId);
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "plan.indicator_links_suggested",
      entity: "plan",
      entityId: planId,
      after: { suggested },
    });
    return { suggested };
  });
}

export interface DecideLinkInput {
  status: "confirmed" | "rejected";
  indicatorCode?: string | undefined;
  year?: number | null | undefined;
  version?: number | undefined;
}

/** The reviewer confirms the suggestion, points the target at another indicator, or rejects the link. */
export async function decideTargetLink(actor: Actor, targetId: number, input: DecideLinkInput, deps: Deps) {
  const db = deps.database.db;
  const target = await repo.targetById(db, targetId);
  if (!target) throw new AppError("NOT_FOUND", { targetId });
  await requireTaskVisible(actor, target.taskId, deps);
  const path = await unitPath(db, target.planUnitId);
  if (!isPlanEditor(actor, path)) throw new AppError("FORBIDDEN");
  const current = (await repo.linksFor(db, [targetId])).get(targetId) ?? null;
  let indicatorId: number | null = null;
  if (input.status === "confirmed") {
    const code = input.indicatorCode ?? current?.indicatorCode;
    const def = code ? (await indicatorCatalogue(db)).find((d) => d.code === code) : undefined;
    if (!code || !def) throw new AppError("INDICATOR_UNKNOWN", { code: code ?? null });
    if (!unitCompatible(def.unit, target.unit))
      throw new AppError("TARGET_LINK_INVALID", { indicatorUnit: def.unit, targetUnit: target.unit });
    indicatorId = (await repo.indicatorRows(db)).find((r) => r.code === code)?.id ?? null;
  }
  if (current && input.version !== undefined && input.version !== current.version)
    throw new AppError("STALE_VERSION", { targetId });
  const at = deps.clock.now();
  const orgUnitId = current?.orgUnitId ?? (await statsUnitOf(db, target.planUnitId));
  const year = input.year !== undefined ? input.year : (current?.year ?? yearOf(target));
  await db.transaction(async (tx) => {
    const ok = await repo.decideLink(tx, {
      targetId,
      indicatorId,
      orgUnitId,
      year,
      status: input.status,
      by: actor.id,
      at,
      version: current ? current.version : null,
    });
    if (!ok) throw new AppError("STALE_VERSION", { targetId });
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: `target_link.${input.status}`,
      entity: "target",
      entityId: targetId,
      taskId: target.taskId,
      before: current ? { status: current.status, indicator: current.indicatorCode, year: current.year } : null,
      after: {
        status: input.status,
        indicator: input.status === "confirmed" ? (input.indicatorCode ?? current?.indicatorCode) : null,
        year,
      },
    });
  });
  return { link: (await repo.linksFor(db, [targetId])).get(targetId)! };
}

export interface TargetCheck {
  targetId: number;
  taskId: number;
  label: string;
  indicatorCode: string;
  indicatorName: string;
  unit: string;
  orgUnitId: number;
  year: number | null;
  target: number;
  op: ThresholdOp;
  achieved: number | null;
  /** null = no data yet (or no year) */
  met: boolean | null;
  /** target − achieved in the direction that matters (positive = still to go); null without data */
  gap: number | null;
  status: "达标" | "未达标" | "无数据";
}

/** Achieved vs target for the confirmed links of these tasks, grouped by task. */
export async function targetChecksForTasks(db: Conn, taskIds: number[]): Promise<Map<number, TargetCheck[]>> {
  const links = await repo.confirmedLinksOfTasks(db, taskIds);
  const out = new Map<number, TargetCheck[]>();
  if (!links.length) return out;
  const byCode = new Map((await indicatorCatalogue(db)).map((d) => [d.code, d]));
  const groups = new Map<string, typeof links>();
  for (const l of links) {
    if (!byCode.has(l.indicatorCode) || l.year === null) continue;
    const k = `${l.orgUnitId}|${l.year}`;
    groups.set(k, [...(groups.get(k) ?? []), l]);
  }
  const values = new Map<string, number | null>();
  for (const [k, ls] of groups) {
    const [unitId, year] = k.split("|").map(Number) as [number, number];
    const unit = await repo.unitById(db, unitId);
    if (!unit) continue;
    const defs = [...new Set(ls.map((l) => l.indicatorCode))].map((c) => byCode.get(c)!);
    const grid = await evaluate(db, { units: [unit], years: [year], defs });
    for (const d of defs) values.set(`${k}|${d.code}`, grid.get(unitId)?.get(d.code)?.get(year)?.value ?? null);
  }
  for (const l of links) {
    const def = byCode.get(l.indicatorCode);
    if (!def) continue;
    const achieved = l.year === null ? null : (values.get(`${l.orgUnitId}|${l.year}|${l.indicatorCode}`) ?? null);
    const op = targetDirection(def, l.qualifier);
    const met = meets(achieved, op, l.value);
    const gap = achieved === null ? null : op === "<=" || op === "<" ? achieved - l.value : l.value - achieved;
    const check: TargetCheck = {
      targetId: l.targetId,
      taskId: l.taskId,
      label: l.indicator || def.name,
      indicatorCode: def.code,
      indicatorName: def.name,
      unit: def.unit,
      orgUnitId: l.orgUnitId,
      year: l.year,
      target: l.value,
      op,
      achieved,
      met,
      gap: gap === null ? null : Math.max(0, gap),
      status: met === null ? "无数据" : met ? "达标" : "未达标",
    };
    out.set(l.taskId, [...(out.get(l.taskId) ?? []), check]);
  }
  return out;
}

/** The task's targets with their links and, for confirmed ones, achieved vs target. */
export async function taskIndicators(actor: Actor, taskId: number, deps: Deps) {
  await requireTaskVisible(actor, taskId, deps);
  const db = deps.database.db;
  const targets = await repo.taskTargets(db, taskId);
  const links = await repo.linksFor(
    db,
    targets.map((t) => t.targetId),
  );
  const checks = new Map(((await targetChecksForTasks(db, [taskId])).get(taskId) ?? []).map((c) => [c.targetId, c]));
  return {
    targets: targets.map((t) => ({
      targetId: t.targetId,
      indicator: t.indicator,
      value: t.value,
      unit: t.unit,
      year: yearOf(t),
      kind: t.kind,
      link: links.get(t.targetId) ?? null,
      check: checks.get(t.targetId) ?? null,
    })),
  };
}

/**
 * A 督导评估 threshold set chosen as the task's targets (学前双普, 优质均衡): one target per threshold for
 * the year, each already linked (confirmed) to its indicator on the plan's county. Plan editors.
 */
export async function applyTargetTemplate(
  actor: Actor,
  taskId: number,
  input: { template: string; year: number },
  deps: Deps,
): Promise<{ targetIds: number[] }> {
  const db = deps.database.db;
  const scope = await requireTaskVisible(actor, taskId, deps);
  if (!isPlanEditor(actor, scope.planUnitPath)) throw new AppError("FORBIDDEN");
  const template = TARGET_TEMPLATES.find((t) => t.code === input.template);
  if (!template) throw new AppError("INDICATOR_UNKNOWN", { template: input.template });
  const ids = new Map((await repo.indicatorRows(db)).map((r) => [r.code, r.id]));
  const planUnitId = Number(scope.planUnitPath.split("/").filter(Boolean).pop());
  const orgUnitId = await statsUnitOf(db, planUnitId);
  const at = deps.clock.now();
  return db.transaction(async (tx) => {
    const first = await repo.nextTargetPosition(tx, taskId);
    const targetIds: number[] = [];
    for (const [i, th] of template.thresholds.entries()) {
      const def = indicatorByCode(th.indicator)!;
      await insertTarget(tx, {
        taskId,
        indicator: def.name,
        value: th.value,
        unit: def.unit,
        year: input.year,
        kind: "target",
        deadline: null,
        qualifier: th.op === "<=" || th.op === "<" ? "不超过" : "不低于",
        sourceStart: null,
        sourceEnd: null,
        sourceText: `${template.name}：${th.label}`,
        position: first + i,
      });
      const targetId = await repo.lastTargetId(tx, taskId);
      await repo.decideLink(tx, {
        targetId,
        indicatorId: ids.get(def.code) ?? null,
        orgUnitId,
        year: input.year,
        status: "confirmed",
        by: actor.id,
        at,
        version: null,
      });
      targetIds.push(targetId);
    }
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "task.target_template_applied",
      entity: "task",
      entityId: taskId,
      taskId,
      after: { template: template.code, year: input.year, targetIds },
    });
    return { targetIds };
  });
}
