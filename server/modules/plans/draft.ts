// The review draft, pure: the reader's PlanDraft → an editable ReviewDraft, the edit ops, and the
// outline → task tree used by commit. No database here; tested in draft.test.ts.
import { AppError } from "../../../common/errors.ts";
import type {
  DraftOp,
  ReviewDocument,
  ReviewDraft,
  ReviewItem,
  ReviewQuantity,
  SourceSpan,
} from "../../../common/schemas/plans.ts";
import type { PlanDraft } from "../../../reader/index.ts";

/**
 * The marker as the source writes it: the reader normalises it ("（一）" → "(一)"), the reviewer should see the
 * document's own "（一）". Taken from the source at the item's start when it is the same marker there.
 */
function writtenMarker(source: string, start: number, marker: string): string {
  const there = source.slice(start, start + marker.length);
  return there.normalize("NFKC") === marker.normalize("NFKC") ? there : marker;
}

/** The reader's output reshaped for review: flat items with keys, each carrying its quantities. */
export function fromReader(pd: PlanDraft): ReviewDraft {
  let n = 1;
  const documents: ReviewDocument[] = pd.documents.map((d) => {
    const items: ReviewItem[] = d.items.map((it) => ({
      key: `i${n++}`,
      level: it.level,
      num: it.num,
      marker: writtenMarker(pd.source, it.src.start, it.marker),
      title: it.title,
      text: it.text,
      src: { start: it.src.start, end: it.src.end },
      owners: it.owners.map((o) => ({ unit: o.unit, role: o.role, src: o.src })),
      deadlines: it.deadlines.map((x) => ({ text: x.text, date: x.date, src: x.src })),
      quantities: [],
    }));
    for (const q of d.quantities) {
      if (q.item === null || !items[q.item]) continue; // preamble figures have no task to belong to
      items[q.item]!.quantities.push({
        key: `q${n++}`,
        indicator: q.indicator,
        value: q.value,
        unit: q.unit,
        year: q.year,
        kind: q.kind,
        deadline: q.deadline,
        qualifier: q.qualifier,
        text: q.text,
        src: { start: q.src.start, end: q.src.end },
        isTarget: q.kind === "target",
      });
    }
    return {
      title: d.title,
      issuer: d.issuer,
      region: d.region,
      level: d.level,
      docType: d.docType,
      years: d.years,
      docNumber: d.docNumber,
      date: d.date,
      items,
    };
  });
  return {
    documents,
    warnings: pd.warnings.map((w) => ({ code: w.code, message: w.message, ...(w.span ? { span: w.span } : {}) })),
    removed: pd.removed.map((r) => ({ kind: r.kind, text: r.text, start: r.start, end: r.end })),
    nextKey: n,
  };
}

// ---------------------------------------------------------------------------------------------
// Edit ops. applyOps works on a copy and throws on the first bad op, so a list applies whole or not at all.

function invalid(index: number, message: string): never {
  throw new AppError("DRAFT_OP_INVALID", { op: index, message });
}

function findItem(d: ReviewDraft, key: string, index: number) {
  for (const doc of d.documents) {
    const i = doc.items.findIndex((x) => x.key === key);
    if (i >= 0) return { doc, i, item: doc.items[i]! };
  }
  throw new AppError("DRAFT_ITEM_NOT_FOUND", { op: index, key });
}

function findQuantity(d: ReviewDraft, key: string, index: number) {
  for (const doc of d.documents)
    for (const item of doc.items) {
      const i = item.quantities.findIndex((q) => q.key === key);
      if (i >= 0) return { item, i, q: item.quantities[i]! };
    }
  throw new AppError("DRAFT_ITEM_NOT_FOUND", { op: index, key });
}

/** A title from the start of a text: up to the first full stop or semicolon, at most 60 characters. */
export function titleOf(text: string): string {
  const t = text.trim();
  const m = /[。；;！!？?\n]/u.exec(t);
  const end = Math.min(m ? m.index : t.length, 60);
  return t.slice(0, end).replace(/[，,：:、]$/u, "") || t.slice(0, 60);
}

const union = (a: SourceSpan | null, b: SourceSpan | null): SourceSpan | null =>
  a && b ? { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) } : (a ?? b);

/** The items from i on that hang under items[i] (deeper level, contiguous). */
function subtreeEnd(items: ReviewItem[], i: number): number {
  let j = i + 1;
  while (j < items.length && items[j]!.level > items[i]!.level) j++;
  return j;
}

export function applyOps(draft: ReviewDraft, ops: DraftOp[], source: string): ReviewDraft {
  const d = structuredClone(draft);
  const newKey = (p: "i" | "q") => `${p}${d.nextKey++}`;
  ops.forEach((op, index) => {
    switch (op.op) {
      case "rename": {
        findItem(d, op.itemKey, index).item.title = op.title;
        break;
      }
      case "move": {
        const { doc, i, item } = findItem(d, op.itemKey, index);
        const end = op.withChildren ? subtreeEnd(doc.items, i) : i + 1;
        const block = doc.items.splice(i, end - i);
        const delta = op.level - item.level;
        for (const b of block) b.level = Math.max(1, b.level + delta);
        if (op.toIndex > doc.items.length) invalid(index, `toIndex 超出范围（最大 ${doc.items.length}）`);
        doc.items.splice(op.toIndex, 0, ...block);
        break;
      }
      case "merge": {
        if (op.itemKey === op.intoKey) invalid(index, "不能把条目合并到自身");
        const from = findItem(d, op.itemKey, index);
        const into = findItem(d, op.intoKey, index);
        if (from.doc !== into.doc) invalid(index, "只能合并同一文件中的条目");
        const first = from.i < into.i ? from.item : into.item;
        const second = first === from.item ? into.item : from.item;
        into.item.text = [first.text, second.text].filter(Boolean).join("\n");
        into.item.quantities = [...first.quantities, ...second.quantities];
        into.item.owners = [...first.owners, ...second.owners];
        into.item.deadlines = [...first.deadlines, ...second.deadlines];
        into.item.src = union(into.item.src, from.item.src);
        from.doc.items.splice(from.i, 1);
        break;
      }
      case "split": {
        const { doc, i, item } = findItem(d, op.itemKey, index);
        if (op.at >= item.text.length) invalid(index, `拆分位置须小于正文长度 ${item.text.length}`);
        const head = item.text.slice(0, op.at).trimEnd();
        const tail = item.text.slice(op.at).trimStart();
        if (!head || !tail) invalid(index, "拆分后的两部分都不能为空");
        const cut = sourceCut(source, item.src, tail, op.at / item.text.length);
        const inTail = (needle: string) => !!needle && item.text.indexOf(needle) >= op.at;
        const part = <T>(xs: T[], textOf: (x: T) => string) => {
          const a: T[] = [];
          const b: T[] = [];
          for (const x of xs) (inTail(textOf(x)) ? b : a).push(x);
          return [a, b] as const;
        };
        const [qa, qb] = partQuantities(item.text, item.quantities, op.at);
        const [oa, ob] = part(item.owners, (o) => o.unit);
        const [da, db] = part(item.deadlines, (x) => x.text);
        const marker = /^(?:(\d{1,2})[.、．]|[（(](\d{1,2})[)）]|([①-⑳]))/u.exec(tail);
        const next: ReviewItem = {
          key: newKey("i"),
          level: item.level,
          num: marker ? (marker[1] ?? marker[2] ?? marker[3]!) : "",
          marker: marker ? marker[0] : "",
          title: op.title ?? titleOf(marker ? tail.slice(marker[0].length) : tail),
          text: tail,
          src: cut && item.src ? { start: cut, end: item.src.end } : null,
          owners: [...ob],
          deadlines: [...db],
          quantities: qb,
        };
        item.text = head;
        item.quantities = qa;
        item.owners = [...oa];
        item.deadlines = [...da];
        if (cut && item.src) item.src = { start: item.src.start, end: cut };
        doc.items.splice(i + 1, 0, next);
        break;
      }
      case "delete": {
        const { doc, i } = findItem(d, op.itemKey, index);
        doc.items.splice(i, 1);
        break;
      }
      case "setQuantity": {
        const { q } = findQuantity(d, op.quantityKey, index);
        const { op: _op, quantityKey: _k, ...set } = op;
        for (const [k, v] of Object.entries(set)) if (v !== undefined) (q as unknown as Record<string, unknown>)[k] = v;
        break;
      }
      case "deleteQuantity": {
        const { item, i } = findQuantity(d, op.quantityKey, index);
        item.quantities.splice(i, 1);
        break;
      }
      case "addQuantity": {
        const { item } = findItem(d, op.itemKey, index);
        const kind = op.kind ?? "target";
        item.quantities.push({
          key: newKey("q"),
          indicator: op.indicator,
          value: op.value,
          unit: op.unit,
          year: op.year ?? null,
          kind,
          deadline: op.deadline ?? null,
          qualifier: op.qualifier ?? null,
          text: "",
          src: null,
          isTarget: op.isTarget ?? kind === "target",
        });
        break;
      }
      case "setDocument": {
        const doc = d.documents[op.documentIndex];
        if (!doc) invalid(index, `没有第 ${op.documentIndex + 1} 个文件`);
        const { op: _op, documentIndex: _i, ...set } = op;
        for (const [k, v] of Object.entries(set))
          if (v !== undefined) (doc as unknown as Record<string, unknown>)[k] = v;
        break;
      }
    }
  });
  return d;
}

/** Quantities whose words lie in the tail (offset ≥ at) of the text go with the tail. */
function partQuantities(text: string, qs: ReviewQuantity[], at: number): [ReviewQuantity[], ReviewQuantity[]] {
  const a: ReviewQuantity[] = [];
  const b: ReviewQuantity[] = [];
  let from = 0;
  for (const q of qs) {
    const p = q.text ? text.indexOf(q.text, from) : -1;
    if (p >= 0) from = p + 1;
    (p >= at ? b : a).push(q);
  }
  return [a, b];
}

/** Where in the source the tail starts: its first words found inside the item's span, else proportional. */
function sourceCut(source: string, src: SourceSpan | null, tail: string, ratio: number): number | null {
  if (!src) return null;
  const probe = tail.slice(0, 8);
  const p = probe ? source.slice(src.start, src.end).indexOf(probe) : -1;
  if (p > 0) return src.start + p;
  return src.start + Math.round((src.end - src.start) * ratio);
}

// ---------------------------------------------------------------------------------------------
// Outline → tree: an item's parent is the nearest earlier item of smaller level; an item with
// children is a section, a leaf is a task.

export interface TreeNode {
  item: ReviewItem;
  /** Index of the parent in the same list, or null at the top. */
  parent: number | null;
  kind: "section" | "task";
}

export function toTree(items: ReviewItem[]): TreeNode[] {
  const stack: number[] = [];
  const nodes: TreeNode[] = [];
  items.forEach((item, i) => {
    while (stack.length && items[stack.at(-1)!]!.level >= item.level) stack.pop();
    nodes.push({ item, parent: stack.at(-1) ?? null, kind: "task" });
    stack.push(i);
  });
  for (const n of nodes) if (n.parent !== null) nodes[n.parent]!.kind = "section";
  return nodes;
}

/** The latest date among an item's deadlines (YYYY-MM-DD strings sort as dates). */
export function latestDeadline(item: ReviewItem): string | null {
  const dates = item.deadlines.map((x) => x.date).filter((x): x is string => !!x && /^\d{4}-\d{2}-\d{2}$/u.test(x));
  return dates.length ? dates.sort().at(-1)! : null;
}

/** The document commit takes when none is named: the first plan-like one with items. */
export function defaultDocument(d: ReviewDraft): number {
  const i = d.documents.findIndex((x) => x.items.length && x.docType !== "summary" && x.docType !== "notice");
  if (i >= 0) return i;
  const j = d.documents.findIndex((x) => x.items.length);
  return j >= 0 ? j : 0;
}
