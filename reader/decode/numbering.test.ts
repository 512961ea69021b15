import { AlignmentType, Document, LevelFormat, Packer, Paragraph } from "docx";
import { describe, expect, it } from "vitest";
import { readDocument } from "../index.ts";
import { formatNumber, numberedParagraphs } from "./numbering.ts";

/** A plan whose headings are numbered by Word (一、 / （一） / 1.), not typed. */
async function autoNumberedPlan(): Promise<Uint8Array> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: "plan",
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: "%1、", alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: "（%2）", alignment: AlignmentType.LEFT },
            { level: 2, format: LevelFormat.DECIMAL, text: "%3.", alignment: AlignmentType.LEFT },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph("云岭县2025年教育工作要点"),
          new Paragraph({ text: "总体要求", numbering: { reference: "plan", level: 0 } }),
          new Paragraph({ text: "指导思想。坚持立德树人。", numbering: { reference: "plan", level: 1 } }),
          new Paragraph({ text: "重点任务", numbering: { reference: "plan", level: 0 } }),
          new Paragraph({
            text: "扩充学前教育资源。新建幼儿园3所，新增学位600个。",
            numbering: { reference: "plan", level: 1 },
          }),
          new Paragraph({ text: "推进城区幼儿园建设。", numbering: { reference: "plan", level: 2 } }),
          new Paragraph({ text: "加强农村幼儿园管理。", numbering: { reference: "plan", level: 2 } }),
          new Paragraph({ text: "保障校园安全。", numbering: { reference: "plan", level: 1 } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe("Word automatic numbering", () => {
  it("formats counters as Word would", () => {
    expect([1, 10, 11, 20, 23].map((n) => formatNumber(n, "chineseCounting"))).toEqual([
      "一",
      "十",
      "十一",
      "二十",
      "二十三",
    ]);
    expect(formatNumber(4, "decimalEnclosedCircle")).toBe("④");
    expect(formatNumber(4, "bullet")).toBe("");
  });

  it("rebuilds the labels so the outline survives", async () => {
    const draft = await readDocument(await autoNumberedPlan(), "要点.docx");
    const outline = draft.documents[0]!.items.map((it) => `${it.level} ${it.num} ${it.title}`);
    expect(outline).toEqual([
      "1 一 总体要求",
      "2 一 指导思想",
      "1 二 重点任务",
      "2 一 扩充学前教育资源",
      "3 1 推进城区幼儿园建设",
      "3 2 加强农村幼儿园管理",
      "2 二 保障校园安全",
    ]);
    expect(draft.documents[0]!.quantities.map((q) => `${q.value}${q.unit}`)).toEqual(["3所", "600个"]);
  });

  it("stays linear on unclosed tags", () => {
    const t = performance.now();
    expect(
      numberedParagraphs(
        "<w:p>".repeat(200_000) + "</w:p>",
        "<w:abstractNum ".repeat(100_000),
        "<w:style ".repeat(100_000),
      ),
    ).toBeNull();
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
