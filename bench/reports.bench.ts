// Documents out: `npm run bench:reports`.
//
// 1. Bulletin: a county plan of 500 tasks (10 sections × 50, imported as a 台账 through the plans module,
//    states, colours and closing days set through its updateTaskFields), lead units across 8 departments
//    and 30 schools; issues two bulletins (the second compares with the first) and times build + render.
// 2. Indicator workbook: a synthetic province of 16,611 org units (1 province, 14 cities, 140 counties,
//    1,400 townships, 15,056 schools, a quarter of them kindergartens; bulk SQL) with census values for
//    two years (bulk upsert with the totals trigger off, then one rebuild), streamed to a file from the
//    province down to the schools (4 levels): every non-CV indicator, 4 sheets.
// Prints time and peak RSS (sampled every 20 ms during each phase, and the process maximum) and a JSON line.
// BENCH_TASKS, BENCH_KEEP=1 (keep the temp dir and the files).
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { migrate } from "../server/db/migrate.ts";
import { indicatorTable, listElementRows, upsertValues, withTotalsOff } from "../server/modules/indicators/index.ts";
import { actorOf, createUser, getUserByUsername, insertUnit } from "../server/modules/orgs/index.ts";
import { getPlan, importLedger, updateTaskFields } from "../server/modules/plans/index.ts";
import {
  bulletinDocument,
  indicatorWorkbook,
  issueBulletin,
  workbookGroups,
  writeIndicatorWorkbook,
} from "../server/modules/reports/index.ts";
import { MovableClock } from "../server/platform/clock.ts";
import { loadConfig } from "../server/platform/config.ts";
import { openDatabase, run } from "../server/platform/db.ts";
import type { Deps } from "../server/platform/deps.ts";

const TASKS = Number(process.env.BENCH_TASKS ?? 500);
const dir = mkdtempSync(join(tmpdir(), "luoshi-bench-reports-"));
const MB = (b: number) => Math.round(b / 1024 / 1024);

/** Time a phase and the highest RSS seen while it runs. */
async function phase<T>(
  name: string,
  f: () => Promise<T>,
): Promise<{ value: T; ms: number; peakRssMb: number; startRssMb: number; peakHeapMb: number; name: string }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 20);
  const t0 = performance.now();
  try {
    const value = await f();
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      value,
      ms: Math.round(performance.now() - t0),
      peakRssMb: MB(peak),
      startRssMb: MB(start),
      peakHeapMb: MB(heap),
      name,
    };
  } finally {
    clearInterval(timer);
  }
}

const database = await openDatabase({ dataDir: join(dir, "data") });
await migrate(database);
const clock = new MovableClock();
clock.set(new Date("2025-12-10T02:00:00Z"));
const deps: Deps = { database, config: loadConfig({}, { LOG_LEVEL: "silent" }), clock, mailer: null };
const { db } = database;

// ---- 1. the bulletin of a 500-task plan ------------------------------------------------------------
const county = await insertUnit(db, { parentId: null, type: "county", name: "基准县" });
const bureau = await insertUnit(db, { parentId: county.id, type: "bureau", name: "基准县教育局" });
const depts = [];
for (const name of ["办公室", "基础教育股", "学前教育股", "人事股", "计财股", "安全股", "督导室", "教研室"])
  depts.push(await insertUnit(db, { parentId: bureau.id, type: "department", name }));
const schools = [];
for (let i = 0; i < 30; i++)
  schools.push(await insertUnit(db, { parentId: bureau.id, type: "school", name: `基准县第${i + 1}小学` }));
await createUser(
  null,
  { username: "leader", displayName: "局长", role: "leader", orgUnitId: bureau.id, password: "bench-pass-2025" },
  deps,
);
const leader = await actorOf((await getUserByUsername(db, "leader"))!, "", database);

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet("台账");
ws.addRow(["序号", "任务", "目标", "牵头单位", "配合单位", "完成时限"]);
const sections = 10;
for (let s = 0; s < sections; s++) {
  ws.addRow([`${"一二三四五六七八九十"[s]}、`, `第${s + 1}部分重点工作`]);
  for (let i = 0; i < TASKS / sections; i++) {
    const n = s * (TASKS / sections) + i;
    const lead = n % 3 === 0 ? schools[n % schools.length]!.name : depts[n % depts.length]!.name;
    ws.addRow([
      String(i + 1),
      `推进第${n + 1}项重点任务的落实工作`,
      n % 4 === 0 ? `完成率达到${80 + (n % 15)}%` : null,
      lead,
      depts[(n + 1) % depts.length]!.name,
      `2025年${(n % 12) + 1}月${(n % 27) + 1}日`,
    ]);
  }
}
const { planId } = await importLedger(
  leader,
  {
    bytes: new Uint8Array(await wb.xlsx.writeBuffer()),
    fileName: "台账.xlsx",
    planTitle: "基准县教育局2025年教育工作要点",
  },
  deps,
);
const { tree } = await getPlan(leader, planId, deps);
const taskIds = tree.flatMap((s) => s.children.map((t) => ({ id: t.id, deadline: t.deadline! })));
const colours = ["green", "yellow", "red", "green", "green"] as const;
const setStates = async (round: number) => {
  for (const [k, t] of taskIds.entries()) {
    const closed = (k + round) % 4 === 0;
    const day = new Date(`${t.deadline}T02:00:00Z`).getTime() + ((k % 5) - 2) * 86_400_000;
    await updateTaskFields(db, t.id, {
      state: closed ? "closed" : "accepted",
      progress: closed ? 100 : (k * 7) % 100,
      statusColor: closed ? "grey" : colours[(k + round) % colours.length]!,
      closedAt: closed ? new Date(day) : null,
    });
  }
};
await setStates(0);
clock.set(new Date("2025-11-05T02:00:00Z"));
const b1 = await phase("bulletin #1 (500 tasks): build + store", () => issueBulletin(leader, planId, {}, deps));
clock.set(new Date("2025-12-10T02:00:00Z"));
await setStates(1);
const b2 = await phase("bulletin #2 (500 tasks): build + store (vs #1)", () => issueBulletin(leader, planId, {}, deps));
const doc = await phase("bulletin #2: render .docx", () => bulletinDocument(leader, b2.value.bulletinId, deps));

// ---- 2. the workbook of a synthetic province --------------------------------------------------------
const setup0 = performance.now();
async function bulk(parents: number[], type: string, names: string[], schoolType: (i: number) => string | null) {
  const r = await run(
    db,
    sql`INSERT INTO org_units (parent_id, type, name, school_type, ownership, sort)
        SELECT p, ${type}, n, st, CASE WHEN st IS NULL THEN NULL ELSE 'public' END, o
        FROM unnest(${`{${parents.join(",")}}`}::int[], ${`{${names.map((n) => `"${n}"`).join(",")}}`}::text[],
                    ${`{${names.map((_, i) => (schoolType(i) ? `"${schoolType(i)}"` : "NULL")).join(",")}}`}::text[],
                    ${`{${names.map((_, i) => i).join(",")}}`}::int[]) AS t(p, n, st, o)
        RETURNING id`,
  );
  await run(
    db,
    sql`UPDATE org_units c SET path = p.path || c.id::text || '/' FROM org_units p WHERE c.parent_id = p.id AND c.path = ''`,
  );
  return r.rows.map((x) => Number(x.id));
}
const province = await insertUnit(db, { parentId: null, type: "province", name: "基准省" });
const cities = await bulk(
  Array(14).fill(province.id),
  "city",
  Array.from({ length: 14 }, (_, i) => `第${i + 1}市`),
  () => null,
);
const counties = await bulk(
  cities.flatMap((c) => Array(10).fill(c)),
  "county",
  Array.from({ length: 140 }, (_, i) => `第${i + 1}县`),
  () => null,
);
const townships = await bulk(
  counties.flatMap((c) => Array(10).fill(c)),
  "township",
  Array.from({ length: 1400 }, (_, i) => `第${i + 1}镇`),
  () => null,
);
const schoolParents = townships.flatMap((t, i) => Array(i < 1056 ? 11 : 10).fill(t));
const provinceSchools = await bulk(
  schoolParents,
  "school",
  schoolParents.map((_, i) => `第${i + 1}校`),
  (i) => (i % 4 === 0 ? "kindergarten" : "primary"),
);
const units = 1 + cities.length + counties.length + townships.length + provinceSchools.length;
const elements = new Map((await listElementRows(db)).map((e) => [e.code, e.id]));
const el = (code: string) => elements.get(code)!;
await withTotalsOff(db, async (tx) => {
  for (const [y, year] of ["2024", "2025"].entries()) {
    const cells: { elementId: number; orgUnitId: number; category: string; value: number }[] = [];
    provinceSchools.forEach((id, i) => {
      if (i % 4 === 0)
        cells.push({ elementId: el("ENROLL_KG"), orgUnitId: id, category: "", value: 80 + ((i * 7 + y * 5) % 60) });
      cells.push({ elementId: el("TEACHERS"), orgUnitId: id, category: "", value: 20 + (i % 30) });
      cells.push({ elementId: el("TEACHERS_BACHELOR"), orgUnitId: id, category: "", value: 10 + ((i + y) % 20) });
    });
    townships.forEach((id, i) =>
      cells.push({ elementId: el("POP_3_5"), orgUnitId: id, category: "", value: 400 + ((i * 13) % 200) }),
    );
    for (let k = 0; k < cells.length; k += 5000)
      await upsertValues(tx, year, null, null, new Date(), cells.slice(k, k + 5000));
  }
});
const setupMs = Math.round(performance.now() - setup0);
const admin = { ...leader, role: "admin" as const, scopePath: "/" };
const file = join(dir, "province.xlsx");
const book = await phase(`indicator workbook (${units} units, 4 levels, 2 years): stream to file`, async () => {
  const w = await indicatorWorkbook(admin, { unitId: province.id, level: 4, years: [2024, 2025] }, deps);
  const out = createWriteStream(file);
  const r = await w.write(out);
  await finished(out);
  return { ...r, sheets: w.groups.length, indicators: w.groups.reduce((n, g) => n + g.indicators.length, 0) };
});

// the indicator reads alone, in the workbook's call shape (per sheet: the province and its cities, then
// each city's subtree down to the schools): what the indicators module costs of the workbook
const reads = await phase(`indicator reads alone (workbook call shape)`, async () => {
  let calls = 0;
  for (const g of await workbookGroups(db, undefined)) {
    const codes = g.indicators.map((i) => i.code);
    await indicatorTable(deps, { rootUnitId: province.id, depth: 1, years: [2024, 2025], codes });
    calls++;
    for (const city of cities) {
      await indicatorTable(deps, { rootUnitId: city, depth: 3, years: [2024, 2025], codes });
      calls++;
    }
  }
  return calls;
});

// the streaming writer alone (rows from a generator, no database): what the reports module itself costs
const groups = await workbookGroups(db, undefined);
const writerFile = join(dir, "writer-only.xlsx");
const writer = await phase(`writer only: ${units} rows × ${groups.length} sheets from a generator`, async () => {
  const out = createWriteStream(writerFile);
  const r = await writeIndicatorWorkbook(
    out,
    { title: "教育指标汇总表", rootName: "基准省", level: 4, years: [2024, 2025], groups },
    function* (g) {
      for (let i = 0; i < units; i++) {
        const cells: Record<string, { target: number | null; actual: number | null }> = {};
        for (const ind of g.indicators)
          for (const y of [2024, 2025])
            cells[`${ind.code}:${y}`] = { target: i % 7 ? null : 90, actual: 50 + ((i * 31 + y) % 500) / 10 };
        yield { unitId: i, unitName: `第${i + 1}单位`, level: i === 0 ? 0 : 1 + (i % 4), cells };
      }
    },
  );
  await finished(out);
  return r;
});

const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(`\n文档输出基准 (documents out)`);
for (const p of [b1, b2, doc])
  console.log(`  ${p.name}: ${p.ms} ms, RSS ${p.startRssMb} → peak ${p.peakRssMb} MB, peak JS heap ${p.peakHeapMb} MB`);
console.log(`  .docx size: ${Math.round(doc.value.bytes.length / 1024)} KB`);
console.log(`  province setup (bulk SQL + values): ${setupMs} ms`);
console.log(
  `  ${book.name}: ${book.ms} ms, ${book.value.rows} rows in ${book.value.sheets} sheets (${book.value.indicators} indicators), ` +
    `${Math.round(statSync(file).size / 1024)} KB, RSS ${book.startRssMb} → peak ${book.peakRssMb} MB, peak JS heap ${book.peakHeapMb} MB`,
);
console.log(`  ${reads.name}: ${reads.ms} ms in ${reads.value} indicatorTable calls`);
console.log(
  `  ${writer.name}: ${writer.ms} ms, ${writer.value.rows} rows, ${Math.round(statSync(writerFile).size / 1024)} KB, ` +
    `RSS ${writer.startRssMb} → peak ${writer.peakRssMb} MB, peak JS heap ${writer.peakHeapMb} MB`,
);
console.log(`  process max RSS: ${maxRssMb} MB (PGlite's WebAssembly heap included)`);
console.log(
  JSON.stringify({
    bulletinTasks: taskIds.length,
    bulletin1Ms: b1.ms,
    bulletin2Ms: b2.ms,
    renderMs: doc.ms,
    bulletinPeakRssMb: Math.max(b1.peakRssMb, b2.peakRssMb, doc.peakRssMb),
    provinceUnits: units,
    workbookRows: book.value.rows,
    workbookMs: book.ms,
    workbookStartRssMb: book.startRssMb,
    workbookPeakRssMb: book.peakRssMb,
    workbookPeakHeapMb: book.peakHeapMb,
    workbookKb: Math.round(statSync(file).size / 1024),
    indicatorReadsMs: reads.ms,
    writerOnlyMs: writer.ms,
    writerOnlyPeakRssMb: writer.peakRssMb,
    writerOnlyStartRssMb: writer.startRssMb,
    maxRssMb,
  }),
);
await database.close();
if (process.env.BENCH_KEEP !== "1") rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
