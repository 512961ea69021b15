// The reader: bytes + file name → PlanDraft. Pure: no database, no HTTP, no file system.
// Stages (each exported and tested on its own): decode → clean → segment → extract.
import { decode } from "./decode.ts";
import { clean } from "./clean.ts";
import { segment } from "./segment.ts";
import { extract } from "./extract.ts";
import type { PlanDraft, ReadOptions } from "./types.ts";

export type * from "./types.ts";
export { decode } from "./decode.ts";
export { clean } from "./clean.ts";
export { segment } from "./segment.ts";
export { extract } from "./extract.ts";
export { toGold, type GoldFile } from "./gold.ts";
// Helpers the server reuses on single cells of a spreadsheet (台账): the same rules as for documents.
export { findQuantities, type QuantityContext } from "./quantities.ts";
export { chineseToNumber } from "./numbers.ts";

export async function readDocument(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): Promise<PlanDraft> {
  const decoded = await decode(bytes, fileName, opts);
  const cleaned = clean(decoded);
  const segmented = segment(cleaned);
  const documents = extract(segmented, cleaned, decoded);
  return {
    file: fileName,
    format: decoded.format,
    encoding: decoded.encoding,
    source: decoded.text,
    documents,
    removed: cleaned.removed,
    warnings: [...decoded.warnings, ...cleaned.warnings],
  };
}
