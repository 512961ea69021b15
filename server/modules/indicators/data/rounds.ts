// Data elements, data sets, validation rules (list, add a rule) and collection rounds (采集轮次): create a
// round for a data set and period over a subtree, list rounds, a round's progress and its units.
import { AppError } from "../../../../common/errors.ts";
import { inSubtree, type Actor } from "../../../platform/actor.ts";
import type { Deps } from "../../../platform/deps.ts";
import type { Db, Tx } from "../../../platform/db.ts";
import { cstDate } from "../../../platform/clock.ts";
import { recordAudit } from "../../audit/index.ts";
import { getUnit } from "../../orgs/index.ts";
import { exprRefs } from "../expr.ts";
import { parseRuleExpr } from "./rule-expr.ts";
import * as repo from "./data.repo.ts";
import { dataScope, requireCountyWriter, type DataScope } from "./scope.ts";

const PERIOD_SHAPE = { year: /^\d{4}$/u, quarter: /^\d{4}Q[1-4]$/u, month: /^\d{4}(0[1-9]|1[0-2])$/u };

export async function listElements(_actor: Actor, deps: Deps) {
  return repo.listElements(deps.database.db);
}

export async function listDataSets(_actor: Actor, deps: Deps) {
  return repo.listDataSets(deps.database.db);
}

export async function listRules(_actor: Actor, deps: Deps) {
  return repo.listRules(deps.database.db);
}

export async function createRule(
  actor: Actor,
  input: { code: string; name: string; left: string; op: repo.RuleRow["op"]; right: string; importance: "error" | "warning" },
  deps: Deps,
) {
  const { db } = deps.database;
  requireCountyWriter(await dataScope(actor, db));
  const known = new Set((await repo.listElements(db)).map((e) => e.code));
  for (const side of [input.left, input.right]) {
    const unknown = exprRefs(parseRuleExpr(side)).map((r) => r.code).filter((c) => !known.has(c));
    if (unknown.length) throw new AppError("EXPR_INVALID", { expr: side, unknownCodes: unknown, message: `未知的数据元代码：${unknown.join("、")}` });
  }
  return db.transaction(async (tx) => {
    if (await repo.ruleByCode(tx, input.code)) throw new AppError("CONFLICT", { code: input.code });
    const id = await repo.insertRule(tx, input);
    await recordAudit(tx, { at: deps.clock.now(), actorId: actor.id, action: "validation_rule.created", entity: "validation_rule", entityId: id, after: input });
    return { id, ...input, builtin: false };
  });
}

/** The round, if the actor's subtree meets it (404 otherwise). */
export async function loadRound(db: Db | Tx, scope: DataScope, id: number): Promise<repo.RoundRow> {
  const round = await repo.getRound(db, id);
  if (!round || !(inSubtree(round.rootPath, scope.path) || inSubtree(scope.path, round.rootPath)))
    throw new AppError("NOT_FOUND");
  return round;
}

/** The part of the round the actor sees: the deeper of the round's root and the actor's subtree. */
export function visiblePath(scope: DataScope, round: repo.RoundRow): string {
  return scope.path.length > round.rootPath.length ? scope.path : round.rootPath;
}

export async function createRound(
  actor: Actor,
  input: { dataSetId: number; name: string; period: string; rootUnitId?: number | undefined; opensOn: string; dueOn: string },
  deps: Deps,
) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  requireCountyWriter(scope);
  const set = await repo.getDataSet(db, input.dataSetId);
  if (!set) throw new AppError("NOT_FOUND", { dataSetId: input.dataSetId });
  if (!PERIOD_SHAPE[set.periodType].test(input.period))
    throw new AppError("VALIDATION", { field: "period", message: `该数据集的统计期类型为 ${set.periodType}` });
  if (input.dueOn < input.opensOn) throw new AppError("VALIDATION", { field: "dueOn", message: "截止日期不能早于开始日期" });
  if (input.rootUnitId === undefined && !scope.unitId)
    throw new AppError("VALIDATION", { field: "rootUnitId", message: "请指定采集范围（根单位）" });
  const rootId = input.rootUnitId ?? scope.unitId;
  const root = await getUnit(db, rootId);
  if (!root || !inSubtree(root.path, scope.path)) throw new AppError("NOT_FOUND", { rootUnitId: rootId });
  return db.transaction(async (tx) => {
    const other = await repo.overlappingRound(tx, set.id, input.period, root.path);
    if (other) throw new AppError("CONFLICT", { roundId: other, message: "该数据集本统计期已有覆盖这些单位的采集轮次" });
    const at = deps.clock.now();
    const id = await repo.insertRound(tx, { ...input, dataSetId: set.id, rootUnitId: root.id, createdBy: actor.id, at });
    const units = await repo.assignRoundUnits(tx, id, root.id, root.path, at);
    await recordAudit(tx, { at, actorId: actor.id, action: "collection_round.created", entity: "collection_round", entityId: id, after: { ...input, rootUnitId: root.id, units } });
    return { round: (await repo.getRound(tx, id))!, units };
  });
}

/** Close (no more entry, uploads or submissions; still readable) or re-open a round: county staff and the admin. */
export async function setRoundStatus(actor: Actor, id: number, to: "open" | "closed", version: number, deps: Deps) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  requireCountyWriter(scope);
  const round = await loadRound(db, scope, id);
  // a round rooted above the actor's county (a city's round) is the city's to close
  if (!inSubtree(round.rootPath, scope.path)) throw new AppError("FORBIDDEN");
  return db.transaction(async (tx) => {
    const cur = (await repo.getRound(tx, id))!;
    if (cur.version !== version) throw new AppError("STALE_VERSION", { roundId: id });
    if (cur.status === to)
      throw new AppError("CONFLICT", { status: cur.status, message: to === "closed" ? "该采集轮次已关闭" : "该采集轮次未关闭" });
    if (!(await repo.setRoundStatus(tx, id, version, to))) throw new AppError("STALE_VERSION", { roundId: id });
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: to === "closed" ? "collection_round.closed" : "collection_round.reopened",
      entity: "collection_round",
      entityId: id,
      before: { status: cur.status, version: cur.version },
      after: { status: to },
    });
    return { round: (await repo.getRound(tx, id))! };
  });
}

/** Refuse entry, uploads and submissions in a closed round (read under a share lock inside the write's transaction). */
export async function requireRoundOpen(tx: Db | Tx, roundId: number): Promise<void> {
  if ((await repo.roundStatusForShare(tx, roundId)) !== "open") throw new AppError("ROUND_CLOSED", { roundId });
}

/** 逾期未报: the due date has passed (China Standard Time) and the unit has not submitted. */
export function isOverdue(round: { dueOn: string }, unitStatus: string, today: string): boolean {
  return unitStatus === "open" && round.dueOn < today;
}

function progressOf(rows: { status: string; type: string; n: number }[], overdue: boolean) {
  const p = { total: 0, open: 0, submitted: 0, approved: 0, locked: 0, schools: 0, schoolsDone: 0, overdue: 0 };
  for (const r of rows) {
    if (overdue && r.status === "open") p.overdue += r.n;
    p.total += r.n;
    p[r.status as "open" | "submitted" | "approved" | "locked"] += r.n;
    if (r.type === "school") {
      p.schools += r.n;
      if (r.status !== "open") p.schoolsDone += r.n;
    }
  }
  return p;
}

export async function listRounds(actor: Actor, deps: Deps) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  const rounds = await repo.listRounds(db, scope.path);
  const today = cstDate(deps.clock.now());
  return Promise.all(
    rounds.map(async (r) => ({
      ...r,
      progress: progressOf(await repo.roundProgress(db, r.id, visiblePath(scope, r)), isOverdue(r, "open", today)),
    })),
  );
}

/** A round with its units in the actor's subtree (approval screen) and the progress counts. */
export async function getRoundDetail(actor: Actor, id: number, deps: Deps) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  const round = await loadRound(db, scope, id);
  const path = visiblePath(scope, round);
  const units = await repo.roundUnits(db, id, path);
  const today = cstDate(deps.clock.now());
  return {
    round,
    progress: progressOf(await repo.roundProgress(db, id, path), isOverdue(round, "open", today)),
    units: units.map((u) => ({ ...u, overdue: isOverdue(round, u.status, today) })),
  };
}
