// The gold-annotation view of a PlanDraft (schema: ../shared/gold/SCHEMA.md), used by
// `luoshi import --format gold-json` and by the scorer.
import type { DocType, Level, PlanDraft, QuantityKind } from "./types.ts";

export interface GoldQuantity {
  text: string;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  kind: QuantityKind;
}

export interface GoldDocument {
  title: string | null;
  issuer: string | null;
  region: string | null;
  level: Level | null;
  doc_type: DocType | null;
  years: number[];
  doc_number: string | null;
  date: string | null;
  outline: { level: number; num: string; title: string }[];
  quantities: GoldQuantity[];
}

export interface GoldFile {
  file: string;
  documents: GoldDocument[];
}

export function toGold(draft: PlanDraft): GoldFile {
  return {
    file: draft.file,
    documents: draft.documents.map((d) => ({
      title: d.title,
      issuer: d.issuer,
      region: d.region,
      level: d.level,
      doc_type: d.docType,
      years: d.years,
      doc_number: d.docNumber,
      date: d.date,
      outline: d.items.map((it) => ({ level: it.level, num: it.num, title: it.title })),
      quantities: d.quantities.map((q) => ({
        text: q.text,
        indicator: q.indicator,
        value: q.value,
        unit: q.unit,
        year: q.year,
        kind: q.kind,
      })),
    })),
  };
}
