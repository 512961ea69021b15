// Live indicator aggregation at province scale: `npm run bench:indicators`.
//
// 1. A synthetic province on PGlite (a fresh temp dir): 1 province → 10 cities → 100 counties → 1,500
//    townships → 15,000 schools (kindergartens, primary, junior, senior; public / 普惠性民办 / 民办), built
//    with INSERT … SELECT generate_series; 30 school data elements × 3 years loaded in one INSERT … SELECT
//    with the totals trigger off (≈ 1.35 M values), plus population figures at townships and counties.
// 2. Full recompute of the totals (data_totals_recompute: kept for the 111 units with grandchildren, the
//    townships being read from their schools), then every ratio indicator at every level above the
//    schools (1,611 units, one set-based read) and every 差异系数 at the 111 upper units (one query for
//    both levels); each part twice, best of 2, and the combined figure (rebuild + ratios + 差异系数).
// 3. Change-to-visible: update one kindergarten's 在园幼儿数 (the trigger updates its ancestors in the
//    same statement), then read 学前三年毛入园率 for its county, city and province — BENCH_CHANGES (50)
//    times; median and p95.
// 4. The straightforward approach in the same run, as a baseline: no totals; each read is one recursive
//    aggregate query over data_values for the unit's subtree (WITH RECURSIVE over parent_id). The same
//    changes and reads, and every indicator at every level computed that way; ratios printed.
// With BENCH_DATABASE_URL (or TEST_DATABASE_URL) = postgres://…, the same runs on PostgreSQL in a scratch
// database. Goals: full recompute ≤ 2 s on PGlite, change-to-visible ≤ 100 ms.
// Settings: BENCH_CHANGES (50), BENCH_BASELINE_FULL=0 skips the slow baseline full computation,
// BENCH_SKIP_PGLITE=1 runs PostgreSQL only.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { migrate } from "../server/db/migrate.ts";
import { recomputeAll } from "../server/modules/indicators/calc/aggregate.ts";
import { BUILTIN_INDICATORS } from "../server/modules/indicators/calc/catalogue.ts";
import { evaluate } from "../server/modules/indicators/calc/evaluate.ts";
import type { UnitInfo } from "../server/modules/indicators/calc/calc.repo.ts";
import { openDatabase, type Database } from "../server/platform/db.ts";

const CHANGES = Number(process.env.BENCH_CHANGES ?? 50);
const BASELINE_FULL = process.env.BENCH_BASELINE_FULL !== "0";
const YEARS = [2023, 2024, 2025];
const YEAR = 2025;

const ms = (t0: number) => performance.now() - t0;
/** CPU time of this process since `c0`, in ms: on PGlite (in process) it is the engine's work, whatever
 *  else the machine is doing; on PostgreSQL it is only the client's share. */
const cpu = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const fmt = (x: number) => `${x.toFixed(1)} ms`;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

// ids: province 1; cities 2–11; counties 12–111; townships 112–1611; schools 1612–16611
const CITY0 = 2;
const COUNTY0 = 12;
const TOWN0 = 112;
const SCHOOL0 = 1612;
const N_SCHOOLS = 15_000;

async function buildProvince(database: Database) {
  await database.exec(`
    INSERT INTO org_units (id, parent_id, type, name, path) VALUES (1, NULL, 'province', '模拟省', '/1/');
    INSERT INTO org_units (id, parent_id, type, name, path)
      SELECT ${CITY0} + i, 1, 'city', '模拟市' || i, '/1/' || (${CITY0} + i) || '/' FROM generate_series(0, 9) i;
    INSERT INTO org_units (id, parent_id, type, name, path)
      SELECT ${COUNTY0} + i, ${CITY0} + i / 10, 'county', '模拟县' || i,
             '/1/' || (${CITY0} + i / 10) || '/' || (${COUNTY0} + i) || '/'
      FROM generate_series(0, 99) i;
    INSERT INTO org_units (id, parent_id, type, name, path)
      SELECT ${TOWN0} + i, ${COUNTY0} + i / 15, 'township', '模拟乡镇' || i,
             '/1/' || (${CITY0} + i / 150) || '/' || (${COUNTY0} + i / 15) || '/' || (${TOWN0} + i) || '/'
      FROM generate_series(0, 1499) i;
    INSERT INTO org_units (id, parent_id, type, name, path, school_type, ownership, inclusive)
      SELECT ${SCHOOL0} + i, ${TOWN0} + i / 10, 'school', '模拟学校' || i,
             '/1/' || (${CITY0} + i / 1500) || '/' || (${COUNTY0} + i / 150) || '/' || (${TOWN0} + i / 10) || '/' || (${SCHOOL0} + i) || '/',
             (ARRAY['kindergarten','kindergarten','kindergarten','primary','primary','primary','primary','junior','junior','senior'])[i % 10 + 1],
             CASE WHEN i % 10 < 3 AND i % 3 > 0 THEN 'private' ELSE 'public' END,
             CASE WHEN i % 10 < 3 THEN i % 3 = 1 ELSE NULL END
      FROM generate_series(0, ${N_SCHOOLS - 1}) i;
    SELECT setval('org_units_id_seq', ${SCHOOL0 + N_SCHOOLS});
    INSERT INTO data_elements (code, name, value_type, time_aggregation, entry_level)
      SELECT 'BENCH_EXTRA_' || i, '压测附加指标' || i, 'integer', 'last', 'school' FROM generate_series(1, 3) i;`);
}

async function loadValues(database: Database) {
  // every school element (27 built-in + 3 extra = 30) at every school, every year, with the trigger off
  await database.exec(`
    BEGIN;
    SELECT set_config('luoshi.totals', 'off', true);
    INSERT INTO data_values (element_id, org_unit_id, period, category, value, updated_at)
      SELECT e.id, s.id, y::text, '',
             CASE WHEN e.code LIKE 'ENROLL%' THEN 100 + (s.id * 7 + e.id * 13 + y) % 400
                  WHEN e.code LIKE 'FUNDS%' OR e.code LIKE '%VALUE' THEN 10000 + (s.id * 31 + y) % 90000
                  ELSE 1 + (s.id * 11 + e.id * 17 + y) % 60 END,
             now()
      FROM org_units s
      CROSS JOIN data_elements e
      CROSS JOIN generate_series(${YEARS[0]}, ${YEARS[YEARS.length - 1]}) y
      WHERE s.type = 'school' AND e.entry_level = 'school';
    INSERT INTO data_values (element_id, org_unit_id, period, category, value, updated_at)
      SELECT e.id, u.id, y::text, '', 300 + (u.id * 3 + y) % 500, now()
      FROM org_units u
      CROSS JOIN data_elements e
      CROSS JOIN generate_series(${YEARS[0]}, ${YEARS[YEARS.length - 1]}) y
      WHERE (u.type = 'township' AND e.entry_level = 'township') OR (u.type = 'county' AND e.entry_level = 'county');
    COMMIT;`);
  return (await database.query<{ n: number }>("SELECT count(*)::int AS n FROM data_values"))[0]!.n;
}

async function units(database: Database, where: string): Promise<UnitInfo[]> {
  return database.query<UnitInfo>(
    `SELECT id, parent_id AS "parentId", type, name, path, school_type AS "schoolType" FROM org_units WHERE ${where} ORDER BY id`,
  );
}

/** The baseline: one recursive aggregate query over data_values for a unit's subtree. */
async function baselineSums(database: Database, unitId: number, elementIds: number[], year: number) {
  return database.query<{ element_id: number; value: number }>(
    `WITH RECURSIVE sub AS (
       SELECT id FROM org_units WHERE id = $1
       UNION ALL SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id
     )
     SELECT d.element_id, sum(d.value)::float8 AS value FROM data_values d
     WHERE d.org_unit_id IN (SELECT id FROM sub) AND d.element_id = ANY($2::int[])
       AND d.period >= $3 AND d.period < $4
     GROUP BY d.element_id`,
    [unitId, `{${elementIds.join(",")}}`, String(year), String(year + 1)],
  );
}

async function run(label: string, database: Database) {
  const out: Record<string, number> = {};
  console.log(`\n== ${label} ==`);
  let t0 = performance.now();
  await migrate(database);
  await buildProvince(database);
  out.unitsMs = ms(t0);
  console.log(`units (16,611) built in ${fmt(out.unitsMs)}`);

  t0 = performance.now();
  const values = await loadValues(database);
  out.values = values;
  out.loadMs = ms(t0);
  console.log(`load: ${values.toLocaleString()} values in ${fmt(out.loadMs)} (trigger off)`);

  const recomputes: number[] = [];
  const recomputeCpu: number[] = [];
  for (let i = 0; i < 2; i++) {
    t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await recomputeAll(database.db);
    recomputes.push(ms(t0));
    recomputeCpu.push(cpu(c0));
    out.totals = r.totals;
  }
  out.recomputeMs = Math.min(...recomputes);
  out.recomputeCpuMs = Math.min(...recomputeCpu);
  console.log(
    `full recompute of the totals: ${recomputes.map(fmt).join(", ")} wall (cpu ${recomputeCpu.map(fmt).join(", ")}) → ` +
      `${(out.totals ?? 0).toLocaleString()} total rows (goal ≤ 2000 ms on PGlite)`,
  );
  await database.exec("ANALYZE");

  const upper = await units(database, "type <> 'school'");
  const top = await units(database, "type IN ('province', 'city', 'county')");
  const ratios = BUILTIN_INDICATORS.filter((d) => d.kind !== "cv");
  const cvs = BUILTIN_INDICATORS.filter((d) => d.kind === "cv");
  // twice, like the rebuild: the first read of a freshly loaded database pays for cold pages
  const runs: { ratiosMs: number; ratiosCpuMs: number; cvsMs: number; cvsCpuMs: number }[] = [];
  let grid: Awaited<ReturnType<typeof evaluate>> | undefined;
  for (let i = 0; i < 2; i++) {
    t0 = performance.now();
    let c0 = process.cpuUsage();
    grid = await evaluate(database.db, { units: upper, years: [YEAR], defs: ratios });
    const [ratiosMs, ratiosCpuMs] = [ms(t0), cpu(c0)];
    t0 = performance.now();
    c0 = process.cpuUsage();
    await evaluate(database.db, { units: top, years: [YEAR], defs: cvs });
    runs.push({ ratiosMs, ratiosCpuMs, cvsMs: ms(t0), cvsCpuMs: cpu(c0) });
  }
  const best = (k: keyof (typeof runs)[number]) => Math.min(...runs.map((r) => r[k]));
  [out.allRatiosMs, out.allRatiosCpuMs, out.allCvsMs, out.allCvsCpuMs] = [
    best("ratiosMs"),
    best("ratiosCpuMs"),
    best("cvsMs"),
    best("cvsCpuMs"),
  ];
  const list = (k: keyof (typeof runs)[number]) => runs.map((r) => fmt(r[k])).join(", ");
  console.log(
    `every indicator at every level from the totals: ${ratios.length} ratios × ${upper.length} units in ${list("ratiosMs")} ` +
      `(cpu ${list("ratiosCpuMs")}); ${cvs.length} 差异系数 × ${top.length} units in ${list("cvsMs")} (cpu ${list("cvsCpuMs")})`,
  );
  out.indicatorsMs = out.allRatiosMs + out.allCvsMs;
  out.fullMs = out.recomputeMs + out.indicatorsMs;
  out.fullCpuMs = out.recomputeCpuMs + out.allRatiosCpuMs + out.allCvsCpuMs;
  console.log(
    `full recompute (totals rebuild + every indicator at every level, best of 2 each): ` +
      `${fmt(out.recomputeMs)} + ${fmt(out.allRatiosMs)} + ${fmt(out.allCvsMs)} = ${fmt(out.fullMs)} wall; ` +
      `cpu ${fmt(out.recomputeCpuMs)} + ${fmt(out.allRatiosCpuMs)} + ${fmt(out.allCvsCpuMs)} = ${fmt(out.fullCpuMs)} (goal ≤ 2000 ms on PGlite)`,
  );
  const provinceGer = grid!.get(1)!.get("KG_GER")!.get(YEAR)!;

  // change-to-visible, live totals
  const [kg, pop] = [
    (await database.query<{ id: number }>("SELECT id FROM data_elements WHERE code = 'ENROLL_KG'"))[0]!.id,
    (await database.query<{ id: number }>("SELECT id FROM data_elements WHERE code = 'POP_3_5'"))[0]!.id,
  ];
  const kindergartens = await units(database, "type = 'school' AND school_type = 'kindergarten'");
  const pick = (i: number) => kindergartens[(i * 7919) % kindergartens.length]!;
  const ancestorsOf = (u: UnitInfo) => {
    const ids = u.path.split("/").filter(Boolean).map(Number);
    return [ids[2]!, ids[1]!, ids[0]!]; // county, city, province
  };
  const byId = new Map(upper.map((u) => [u.id, u]));
  const ger = BUILTIN_INDICATORS.filter((d) => d.code === "KG_GER");
  const live: number[] = [];
  const liveWrite: number[] = [];
  let expectedNum = provinceGer.numerator!;
  for (let i = 0; i < CHANGES; i++) {
    const school = pick(i);
    t0 = performance.now();
    await database.query(
      `UPDATE data_values SET value = value + 1, updated_at = now()
       WHERE element_id = $1 AND org_unit_id = $2 AND period = $3 AND category = ''`,
      [kg, school.id, String(YEAR)],
    );
    liveWrite.push(ms(t0));
    const g = await evaluate(database.db, {
      units: ancestorsOf(school).map((id) => byId.get(id)!),
      years: [YEAR],
      defs: ger,
    });
    live.push(ms(t0));
    expectedNum += 1;
    const got = g.get(1)!.get("KG_GER")!.get(YEAR)!.numerator;
    if (got !== expectedNum) throw new Error(`live read is stale: province numerator ${got}, expected ${expectedNum}`);
  }
  out.liveMedianMs = quantile(live, 0.5);
  out.liveP95Ms = quantile(live, 0.95);
  out.liveWriteMedianMs = quantile(liveWrite, 0.5);
  console.log(
    `change-to-visible (update 1 school + read county/city/province 学前三年毛入园率), ${CHANGES} changes: ` +
      `median ${fmt(out.liveMedianMs)}, p95 ${fmt(out.liveP95Ms)} (of which the write + trigger: median ${fmt(out.liveWriteMedianMs)}) — goal ≤ 100 ms`,
  );

  // the baseline: no totals (the trigger is off for its writes), a recursive aggregate per unit read
  const base: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const school = pick(i + CHANGES);
    t0 = performance.now();
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('luoshi.totals', 'off', true)`);
      await tx.execute(
        sql`UPDATE data_values SET value = value + 1, updated_at = now()
            WHERE element_id = ${kg} AND org_unit_id = ${school.id} AND period = ${String(YEAR)} AND category = ''`,
      );
    });
    for (const id of ancestorsOf(school)) await baselineSums(database, id, [kg, pop], YEAR);
    base.push(ms(t0));
  }
  out.baselineMedianMs = quantile(base, 0.5);
  out.baselineP95Ms = quantile(base, 0.95);
  console.log(
    `baseline change-to-visible (recursive aggregate per read): median ${fmt(out.baselineMedianMs)}, p95 ${fmt(out.baselineP95Ms)} — ` +
      `live is ${(out.baselineMedianMs / out.liveMedianMs).toFixed(1)}× faster (median)`,
  );
  if (BASELINE_FULL) {
    const elementIds = (await database.query<{ id: number }>("SELECT id FROM data_elements")).map((r) => r.id);
    t0 = performance.now();
    for (const u of upper) await baselineSums(database, u.id, elementIds, YEAR);
    out.baselineFullMs = ms(t0);
    console.log(
      `baseline every element's sum at every level (${upper.length} recursive queries, before any arithmetic): ` +
        `${fmt(out.baselineFullMs)} — ${(out.baselineFullMs / out.allRatiosMs).toFixed(1)}× the live reading of every ratio ` +
        `at every level (${fmt(out.allRatiosMs)}); the live totals' rebuild (${fmt(out.recomputeMs)}) is only needed after a bulk load`,
    );
  }
  return out;
}

async function main() {
  const results: Record<string, Record<string, number>> = {};
  if (process.env.BENCH_SKIP_PGLITE !== "1") {
    const dir = mkdtempSync(join(tmpdir(), "luoshi-bench-ind-"));
    try {
      const database = await openDatabase({ dataDir: dir });
      try {
        results.pglite = await run("PGlite (embedded)", database);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `luoshi_bench_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openDatabase({ url: u.toString() });
    try {
      results.postgres = await run("PostgreSQL", database);
    } finally {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  const round = (o: Record<string, number>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  console.log(JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, round(v)]))));
}

await main();
