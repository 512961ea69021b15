// Helpers for the calculation side's tests: units with registry attributes and data values by SQL
// (the data side's entry rules are tested there; here only the arithmetic matters).
import { sql } from "drizzle-orm";
import { run, type Db, type Tx } from "../../../platform/db.ts";

export interface UnitAttrs {
  schoolType?: string;
  ownership?: "public" | "private";
  inclusive?: boolean;
}

export async function addUnit(db: Db, parentId: number | null, type: string, name: string, a: UnitAttrs = {}) {
  const r = await run(
    db,
    sql`INSERT INTO org_units (parent_id, type, name, school_type, ownership, inclusive)
        VALUES (${parentId}, ${type}, ${name}, ${a.schoolType ?? null}, ${a.ownership ?? null}, ${a.inclusive ?? null})
        RETURNING id`,
  );
  const id = Number(r.rows[0]!.id);
  await run(
    db,
    sql`UPDATE org_units SET path = COALESCE((SELECT p.path FROM org_units p WHERE p.id = ${parentId}), '/') || ${id}::text || '/'
        WHERE id = ${id}`,
  );
  return id;
}

/** Upsert one value (category '' = not disaggregated). */
export async function setValue(
  db: Db | Tx,
  code: string,
  unitId: number,
  period: string,
  value: number,
  category = "",
) {
  await run(
    db,
    sql`INSERT INTO data_values (element_id, org_unit_id, period, category, value, updated_at)
        SELECT id, ${unitId}, ${period}, ${category}, ${value}, now() FROM data_elements WHERE code = ${code}
        ON CONFLICT (element_id, org_unit_id, period, category) DO UPDATE SET value = excluded.value, updated_at = now()`,
  );
}

export async function deleteValue(db: Db, code: string, unitId: number, period: string, category = "") {
  await run(
    db,
    sql`DELETE FROM data_values WHERE element_id = (SELECT id FROM data_elements WHERE code = ${code})
        AND org_unit_id = ${unitId} AND period = ${period} AND category = ${category}`,
  );
}

/** Every live total with data, as sorted text lines (to compare the trigger's work with a rebuild). */
export async function totalsSnapshot(db: Db): Promise<string[]> {
  const r = await run(
    db,
    sql`SELECT org_unit_id, element_id, filter_id, period, category, value::float8 AS value, n FROM data_totals
        WHERE n <> 0 OR value <> 0 ORDER BY 1, 2, 3, 4, 5`,
  );
  return r.rows.map(
    (x) => `${x.org_unit_id}|${x.element_id}|${x.filter_id}|${x.period}|${x.category}|${Number(x.value)}|${x.n}`,
  );
}
