// The reader's data model: what each stage takes and returns. Pure data, no behaviour.
// Offsets (Span) are UTF-16 code-unit indexes into Decoded.text, the decoded source text,
// so a reviewer can always be shown the exact source a thing came from.

export type SourceFormat = "txt" | "html" | "docx" | "doc";

/** Half-open range [start, end) of offsets into Decoded.text. */
export interface Span {
  start: number;
  end: number;
}

/** A paragraph (or line) of decoded source text. */
export interface Block extends Span {
  text: string;
}

export interface ReaderWarning {
  /** Stable code, e.g. MOJIBAKE, FURNITURE_REMOVED, SPAM_REMOVED, DUPLICATE_REMOVED, ENCODING_GUESSED. */
  code: string;
  /** zh-CN message for the reviewer. */
  message: string;
  span?: Span;
}

/** Output of decode(): the document as text, split into blocks, with hints from the container. */
export interface Decoded {
  format: SourceFormat;
  /** Character encoding the bytes were read with ("utf-8", "gb18030", "big5", "utf-16le", …; "docx"/"doc" for Word). */
  encoding: string;
  text: string;
  blocks: Block[];
  /** Container metadata when present: html <title>, Word core properties (title, creator, created). */
  meta: Record<string, string>;
  warnings: ReaderWarning[];
}

export type RemovedKind = "blank" | "furniture" | "spam" | "duplicate";

export interface RemovedBlock extends Span {
  kind: RemovedKind;
  text: string;
}

/** A cleaned paragraph: normalised, simplified text, with a map back to the source. */
export interface CleanLine {
  text: string;
  /** Source span of the whole line. */
  src: Span;
  /** For each char of text, its offset in Decoded.text (same length as text). */
  map: Int32Array;
  /** Character ranges of `text` that are unreadable mojibake. */
  garbled: Span[];
}

/** Key/value facts read off page furniture before it is dropped (发布机构, 发布日期, 来源 …). */
export interface MetaHint {
  key: "issuer" | "date" | "doc_number" | "title" | "source";
  value: string;
  src: Span;
}

export interface Cleaned {
  lines: CleanLine[];
  removed: RemovedBlock[];
  hints: MetaHint[];
  warnings: ReaderWarning[];
}

export type Level = "province" | "city" | "county";
export type DocType = "key_points" | "work_plan" | "summary" | "action_plan" | "notice";
export type QuantityKind = "target" | "actual" | "change" | "baseline";

export interface DraftQuantity {
  /** Shortest span of the cleaned text that carries the quantity. */
  text: string;
  indicator: string;
  value: number;
  /** Unit as written (%, 万元, 所, 个百分点, 元/生·年 …). */
  unit: string;
  /** Approximation words as written: 余, 多, 约, 以上, 左右, 不少于 … */
  qualifier: string | null;
  year: number | null;
  kind: QuantityKind;
  /** Deadline attached to a time-phased target ("6月底前"), else null. */
  deadline: string | null;
  src: Span;
}

export interface Responsibility {
  unit: string;
  role: "lead" | "support";
  src: Span;
}

export interface Deadline {
  text: string;
  /** Last day the deadline allows, YYYY-MM-DD, when a year is known. */
  date: string | null;
  src: Span;
}

export interface DraftItem {
  level: number;
  /** Numeral without punctuation: 一, 1, 一是, ①. */
  num: string;
  /** Marker as written: "一、", "(一)", "1.", "一是". */
  marker: string;
  title: string;
  /** Full text of the item's own paragraph(s), without the marker. */
  text: string;
  src: Span;
  titleSrc: Span;
  /** Index of the parent item in DraftDocument.items, or null at the top. */
  parent: number | null;
  owners: Responsibility[];
  deadlines: Deadline[];
}

export interface DraftDocument {
  title: string | null;
  issuer: string | null;
  region: string | null;
  level: Level | null;
  docType: DocType | null;
  years: number[];
  docNumber: string | null;
  date: string | null;
  src: Span;
  items: DraftItem[];
  /** Quantities in reading order; item is the index into items (null for the preamble). */
  quantities: (DraftQuantity & { item: number | null })[];
}

export interface PlanDraft {
  file: string;
  format: SourceFormat;
  encoding: string;
  /** The decoded source text all spans point into. */
  source: string;
  documents: DraftDocument[];
  removed: RemovedBlock[];
  warnings: ReaderWarning[];
}

/** Options shared by the reader's entry point and the CLI. */
export interface ReadOptions {
  /** Largest accepted input file, bytes. Default 50 MB. */
  maxBytes?: number;
  /** Largest total uncompressed size read from a .docx zip, bytes. Default 200 MB. */
  maxInflatedBytes?: number;
}
