// Import throughput: how fast the reader turns documents into PlanDrafts, and where the time goes.
// `npm run bench:import` — corpus: ../shared/seeds/*.txt (when present), test/fixtures/documents/**
// (.txt/.html) and samples/*.txt, repeated until it reaches 10 MB. One warm-up pass, then RUNS timed
// passes; figures are medians. Prints one line per figure and a final JSON line.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { clean, decode, extract, readDocument, segment } from "../reader/index.ts";
import type { Cleaned, Decoded } from "../reader/types.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TARGET_BYTES = 10 * 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MB = 1024 * 1024;

interface Doc {
  name: string;
  bytes: Uint8Array;
}

function filesUnder(dir: string, exts: string[], recurse: boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory() && recurse) out.push(...filesUnder(path, exts, recurse));
    else if (st.isFile() && exts.some((e) => name.toLowerCase().endsWith(e))) out.push(path);
  }
  return out;
}

function corpus(): { docs: Doc[]; sources: string[]; distinctBytes: number } {
  const sources = [
    ...filesUnder(join(ROOT, "../shared/seeds"), [".txt"], false),
    ...filesUnder(join(ROOT, "test/fixtures/documents"), [".txt", ".html", ".htm"], true),
    ...filesUnder(join(ROOT, "samples"), [".txt"], false),
  ];
  if (sources.length === 0) throw new Error("no documents found for the corpus");
  const distinct = sources.map((path) => ({ name: relative(ROOT, path), bytes: new Uint8Array(readFileSync(path)) }));
  const distinctBytes = distinct.reduce((n, d) => n + d.bytes.length, 0);
  const docs: Doc[] = [];
  let total = 0;
  for (let round = 0; total < TARGET_BYTES; round++) {
    for (const d of distinct) {
      // the file name carries its extension, which the reader uses; keep it last
      docs.push({ name: `r${round}-${d.name.replaceAll("/", "_")}`, bytes: d.bytes });
      total += d.bytes.length;
    }
  }
  return { docs, sources: sources.map((s) => relative(ROOT, s)), distinctBytes };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function timed(fn: () => Promise<void> | void): Promise<number[]> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function run() {
  const { docs, sources, distinctBytes } = corpus();
  const totalBytes = docs.reduce((n, d) => n + d.bytes.length, 0);
  console.log(
    `corpus: ${docs.length} documents, ${fmt(totalBytes / MB, 2)} MB (${sources.length} distinct files, ${fmt(distinctBytes / 1024, 0)} KB, repeated)`,
  );

  let failures = 0;
  const whole = await timed(async () => {
    failures = 0;
    for (const d of docs) {
      try {
        await readDocument(d.bytes, d.name);
      } catch {
        failures++;
      }
    }
  });
  const ms = median(whole);
  const mbPerS = totalBytes / MB / (ms / 1000);
  const docsPerS = docs.length / (ms / 1000);
  console.log(`readDocument: median ${fmt(ms, 0)} ms per pass over ${RUNS} passes (after 1 warm-up)`);
  console.log(`throughput: ${fmt(mbPerS, 2)} MB/s`);
  console.log(`throughput: ${fmt(docsPerS, 0)} documents/s`);
  if (failures) console.log(`failures: ${failures} documents per pass threw`);

  // Each stage on its own, fed with the previous stage's output computed once beforehand.
  const decoded: Decoded[] = [];
  for (const d of docs) decoded.push(await decode(d.bytes, d.name));
  const cleaned: Cleaned[] = decoded.map((d) => clean(d));
  const segmented = cleaned.map((c) => segment(c));

  const stages: Record<string, number> = {};
  stages.decode = median(
    await timed(async () => {
      for (const d of docs) await decode(d.bytes, d.name);
    }),
  );
  stages.clean = median(await timed(() => void decoded.forEach((d) => clean(d))));
  stages.segment = median(await timed(() => void cleaned.forEach((c) => segment(c))));
  stages.extract = median(await timed(() => void segmented.forEach((s, i) => extract(s, cleaned[i]!, decoded[i]!))));
  const stageTotal = Object.values(stages).reduce((a, b) => a + b, 0);
  for (const [name, t] of Object.entries(stages)) {
    console.log(
      `stage ${name.padEnd(7)}: median ${fmt(t, 0).padStart(6)} ms per pass, ${fmt(totalBytes / MB / (t / 1000), 2).padStart(7)} MB/s, ${fmt((100 * t) / stageTotal, 0).padStart(3)}% of stage time`,
    );
  }

  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`peak RSS: ${fmt(peakRssMb, 0)} MB`);
  console.log(
    JSON.stringify({
      bench: "import",
      documents: docs.length,
      bytes: totalBytes,
      runs: RUNS,
      medianPassMs: Math.round(ms),
      mbPerS: Number(fmt(mbPerS, 3)),
      documentsPerS: Math.round(docsPerS),
      stagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v)])),
      peakRssMb: Math.round(peakRssMb),
      failuresPerPass: failures,
      node: process.version,
    }),
  );
}

await run();
