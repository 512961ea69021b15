// Achieved figures from the indicators module, for targets linked to an indicator (a confirmed link:
// indicators' targetChecksForTasks gives the value for the link's unit and year, indicatorValue the year
// before). A target without a confirmed link, or without data for the year, keeps the figure the
// supervision module recorded against it (targets.achieved, set when a report with figures is accepted).
import type { Deps } from "../../../platform/deps.ts";
import { indicatorCatalogue, indicatorValue, targetChecksForTasks } from "../../indicators/index.ts";

/** target id + year → the indicators module's value, or null. */
export type IndicatorLookup = (targetId: number, year: number) => { value: number; code: string } | null;

export async function indicatorFigures(deps: Deps, taskIds: number[]): Promise<IndicatorLookup> {
  const { db } = deps.database;
  const found = new Map<string, { value: number; code: string }>();
  // as the explorer shows it: rounded to the indicator's decimals (built-in or custom)
  const decimals = new Map((await indicatorCatalogue(db)).map((d) => [d.code, d.decimals]));
  const round = (code: string, v: number) => {
    const f = 10 ** (decimals.get(code) ?? 2);
    return Math.round(v * f) / f;
  };
  for (const checks of (await targetChecksForTasks(db, taskIds)).values())
    for (const c of checks) {
      if (c.year === null) continue;
      if (c.achieved !== null)
        found.set(`${c.targetId}|${c.year}`, { value: round(c.indicatorCode, c.achieved), code: c.indicatorCode });
      const prev = await indicatorValue(db, { code: c.indicatorCode, orgUnitId: c.orgUnitId, year: c.year - 1 });
      if (prev.value !== null)
        found.set(`${c.targetId}|${c.year - 1}`, { value: round(c.indicatorCode, prev.value), code: c.indicatorCode });
    }
  return (targetId, year) => found.get(`${targetId}|${year}`) ?? null;
}
