// The review draft, pure: reshaping the reader's output, each edit op, the outline → tree rule.
import { describe, expect, it } from "vitest";
import type { ReviewDraft, ReviewItem } from "../../../common/schemas/plans.ts";
import { readDocument } from "../../../reader/index.ts";
import { applyOps, defaultDocument, fromReader, latestDeadline, titleOf, toTree } from "./draft.ts";
import { KEY_POINTS } from "./test-support.ts";

const item = (key: string, level: number, title: string, extra: Partial<ReviewItem> = {}): ReviewItem => ({
  key,
  level,
  num: "",
  title,
  text: title,
  src: null,
  owners: [],
  deadlines: [],
  quantities: [],
  ...extra,
});

const draftOf = (items: ReviewItem[]): ReviewDraft => ({
  documents: [
    {
      title: "t",
      issuer: null,
      region: null,
      level: null,
      docType: "key_points",
      years: [2025],
      docNumber: null,
      date: null,
      items,
    },
  ],
  warnings: [],
  removed: [],
  nextKey: 100,
});
const outline = (d: ReviewDraft) => d.documents[0]!.items.map((i) => `${i.level}${i.title}`);

describe("fromReader", () => {
  it("gives every item and quantity a unique key and attaches quantities to their items", async () => {
    const pd = await readDocument(new TextEncoder().encode(KEY_POINTS), "k.txt");
    const d = fromReader(pd);
    const keys = d.documents.flatMap((doc) => doc.items.flatMap((i) => [i.key, ...i.quantities.map((q) => q.key)]));
    expect(new Set(keys).size).toBe(keys.length);
    expect(d.nextKey).toBe(keys.length + 1);
    const q = d.documents[0]!.items.flatMap((i) => i.quantities);
    expect(q).toHaveLength(pd.documents[0]!.quantities.filter((x) => x.item !== null).length);
    expect(q.every((x) => x.isTarget === (x.kind === "target"))).toBe(true);
    // the numbering as written comes along with the bare numeral
    const items = d.documents[0]!.items;
    // (the reader normalises "（一）" to "(一)"; the review shows the source's own full-width brackets)
    const norm = (s: string | undefined) => s?.normalize("NFKC");
    expect(items.map((i) => norm(i.marker))).toEqual(pd.documents[0]!.items.map((i) => norm(i.marker)));
    expect(items.filter((i) => i.level === 2).every((i) => /^（.+）$/u.test(i.marker!))).toBe(true);
    expect(items.filter((i) => i.level === 1).every((i) => /^.+、$/u.test(i.marker!))).toBe(true);
  });
});

describe("applyOps", () => {
  const base = () =>
    draftOf([item("a", 1, "A"), item("a1", 2, "A1"), item("a2", 2, "A2"), item("b", 1, "B"), item("b1", 2, "B1")]);

  it("moves an item alone, or with its children, to a new place and level", () => {
    expect(outline(applyOps(base(), [{ op: "move", itemKey: "a2", toIndex: 4, level: 3 }], ""))).toEqual([
      "1A",
      "2A1",
      "1B",
      "2B1",
      "3A2",
    ]);
    expect(
      outline(applyOps(base(), [{ op: "move", itemKey: "a", toIndex: 2, level: 2, withChildren: true }], "")),
    ).toEqual(["1B", "2B1", "2A", "3A1", "3A2"]);
  });

  it("merges text, owners and quantities in document order into the target", () => {
    const d = base();
    d.documents[0]!.items[2]!.quantities.push({
      key: "q1",
      indicator: "x",
      value: 1,
      unit: "所",
      year: null,
      kind: "target",
      deadline: null,
      qualifier: null,
      text: "x1所",
      src: null,
      isTarget: true,
    });
    d.documents[0]!.items[1]!.src = { start: 10, end: 20 };
    d.documents[0]!.items[2]!.src = { start: 21, end: 30 };
    const out = applyOps(d, [{ op: "merge", itemKey: "a2", intoKey: "a1" }], "");
    const a1 = out.documents[0]!.items[1]!;
    expect(a1.text).toBe("A1\nA2");
    expect(a1.quantities.map((q) => q.key)).toEqual(["q1"]);
    expect(a1.src).toEqual({ start: 10, end: 30 });
    expect(outline(out)).toEqual(["1A", "2A1", "1B", "2B1"]);
  });

  it("splits at a character offset, sending the tail's quantities, owners and deadlines along", () => {
    const source = "xx（一）做好甲。由安全股牵头。2.做好乙，达到90%。2025年6月底前完成。";
    const text = "做好甲。由安全股牵头。2.做好乙，达到90%。2025年6月底前完成。";
    const d = draftOf([
      item("a", 2, "做好甲", {
        text,
        src: { start: 5, end: source.length },
        owners: [{ unit: "安全股", role: "lead" }],
        deadlines: [{ text: "2025年6月底前", date: "2025-06-30" }],
        quantities: [
          {
            key: "q1",
            indicator: "达到",
            value: 90,
            unit: "%",
            year: 2025,
            kind: "target",
            deadline: null,
            qualifier: null,
            text: "达到90%",
            src: null,
            isTarget: true,
          },
        ],
      }),
    ]);
    const out = applyOps(d, [{ op: "split", itemKey: "a", at: text.indexOf("2.") }], source);
    const [head, tail] = out.documents[0]!.items;
    expect(head).toMatchObject({
      text: "做好甲。由安全股牵头。",
      owners: [{ unit: "安全股" }],
      deadlines: [],
      quantities: [],
    });
    expect(tail).toMatchObject({ key: "i100", level: 2, num: "2", marker: "2.", title: "做好乙，达到90%" });
    expect(tail!.quantities.map((q) => q.key)).toEqual(["q1"]);
    expect(tail!.deadlines.map((x) => x.date)).toEqual(["2025-06-30"]);
    expect(source.slice(tail!.src!.start, tail!.src!.end)).toBe("2.做好乙，达到90%。2025年6月底前完成。");
    expect(out.nextKey).toBe(101);
  });

  it("sets, deletes and adds quantities, and fixes document metadata", () => {
    const d = base();
    let out = applyOps(
      d,
      [{ op: "addQuantity", itemKey: "b1", indicator: "建成", value: 3, unit: "所", year: 2026 }],
      "",
    );
    const q = out.documents[0]!.items[4]!.quantities[0]!;
    expect(q).toMatchObject({ key: "q100", kind: "target", isTarget: true, year: 2026 });
    out = applyOps(out, [{ op: "setQuantity", quantityKey: q.key, value: 4, kind: "baseline", isTarget: false }], "");
    expect(out.documents[0]!.items[4]!.quantities[0]).toMatchObject({ value: 4, kind: "baseline", isTarget: false });
    out = applyOps(out, [{ op: "deleteQuantity", quantityKey: q.key }], "");
    expect(out.documents[0]!.items[4]!.quantities).toEqual([]);
    out = applyOps(out, [{ op: "setDocument", documentIndex: 0, title: "新标题", years: [2025, 2026] }], "");
    expect(out.documents[0]).toMatchObject({ title: "新标题", years: [2025, 2026] });
  });

  it("throws on a bad op and leaves the input untouched", () => {
    const d = base();
    expect(() =>
      applyOps(
        d,
        [
          { op: "rename", itemKey: "a", title: "X" },
          { op: "move", itemKey: "b", toIndex: 9, level: 1 },
        ],
        "",
      ),
    ).toThrow(/DRAFT_OP_INVALID/u);
    expect(() => applyOps(d, [{ op: "split", itemKey: "a", at: 5 }], "")).toThrow(/DRAFT_OP_INVALID/u);
    expect(() => applyOps(d, [{ op: "delete", itemKey: "zz" }], "")).toThrow(/DRAFT_ITEM_NOT_FOUND/u);
    expect(outline(d)).toEqual(["1A", "2A1", "2A2", "1B", "2B1"]);
  });
});

describe("outline to tree", () => {
  it("takes parents from levels (gaps allowed) and makes items with children sections", () => {
    const nodes = toTree([item("a", 1, "A"), item("b", 3, "B"), item("c", 2, "C"), item("d", 1, "D")]);
    expect(nodes.map((n) => [n.item.key, n.parent, n.kind])).toEqual([
      ["a", null, "section"],
      ["b", 0, "task"],
      ["c", 0, "task"],
      ["d", null, "task"],
    ]);
  });

  it("takes the latest deadline, a title from the first sentence, and the first plan-like document", () => {
    const it1 = item("a", 1, "A", {
      deadlines: [
        { text: "6月底前", date: "2025-06-30" },
        { text: "年底前", date: "2025-12-31" },
        { text: "适时", date: null },
      ],
    });
    expect(latestDeadline(it1)).toBe("2025-12-31");
    expect(titleOf("落实控辍保学。巩固率保持在98%以上")).toBe("落实控辍保学");
    const d = draftOf([item("a", 1, "A")]);
    d.documents.unshift({ ...d.documents[0]!, docType: "summary" });
    expect(defaultDocument(d)).toBe(1);
  });
});
