// The live totals (data_totals): kept by statement-level triggers on data_values (migration 003), rebuilt
// in full by recomputeAll() after a bulk load. Bulk loaders switch the trigger off for their session with
// withTotalsOff(), load, then recompute (docs/decisions/007-live-indicator-aggregation.md).
import { sql } from "drizzle-orm";
import { run, type Db, type Tx } from "../../../platform/db.ts";
import { countTotals, recomputeTotals } from "./calc.repo.ts";

/** Rebuild every total from data_values; returns the number of total rows and the time it took. */
export async function recomputeAll(db: Db | Tx): Promise<{ totals: number; ms: number }> {
  const t0 = performance.now();
  await recomputeTotals(db);
  const ms = Math.round(performance.now() - t0);
  return { totals: await countTotals(db), ms };
}

/**
 * Run a bulk load inside one transaction with the totals trigger off, then rebuild the totals in the same
 * transaction: readers see the old totals until the commit, then the new ones.
 */
export async function withTotalsOff<T>(db: Db, load: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await run(tx, sql`SELECT set_config('luoshi.totals', 'off', true)`);
    const out = await load(tx);
    await run(tx, sql`SELECT set_config('luoshi.totals', 'on', true)`);
    await recomputeTotals(tx);
    return out;
  });
}
