// Run the reader stages on a fixture file, for tests.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { clean, decode, extract, segment, toGold } from "../../reader/index.ts";

export async function stagesOf(path: string) {
  const bytes = readFileSync(path);
  const decoded = await decode(bytes, basename(path));
  const cleaned = clean(decoded);
  const segmented = segment(cleaned);
  const documents = extract(segmented, cleaned, decoded);
  return { decoded, cleaned, segmented, documents };
}

/** The stage outputs reduced to what a reviewer checks: texts, kinds, levels, titles. */
export async function stageViews(path: string) {
  const { decoded, cleaned, segmented, documents } = await stagesOf(path);
  return {
    clean: {
      lines: cleaned.lines.map((l) => l.text),
      removed: cleaned.removed.map((r) => `${r.kind}: ${r.text.slice(0, 40)}`),
      hints: cleaned.hints.map((h) => `${h.key}=${h.value}`),
      warnings: cleaned.warnings.map((w) => w.code),
    },
    segment: segmented.documents.map((d) => ({
      origin: d.origin,
      header: d.header.map((p) => p.text.slice(0, 40)),
      outline: d.items.map((it) => `${"  ".repeat(it.level - 1)}${it.marker} ${it.title}`),
    })),
    extract: toGold({
      file: basename(path),
      format: decoded.format,
      encoding: decoded.encoding,
      source: decoded.text,
      documents,
      removed: [],
      warnings: [],
    }),
  };
}
