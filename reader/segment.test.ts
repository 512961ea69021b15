import { describe, expect, it } from "vitest";
import { decodedOf } from "../test/helpers/decoded.ts";
import { clean } from "./clean.ts";
import { matchMarker, segment, titleEnd } from "./segment.ts";

const outline = (text: string) =>
  segment(clean(decodedOf(text))).documents.map((d) => d.items.map((it) => `${it.level} ${it.num} ${it.title}`));

describe("numbering grammar", () => {
  it.each([
    ["一、总体要求", "cn", "一"],
    ["十二、加强安全", "cn", "十二"],
    ["(三)学前教育", "pcn", "三"],
    ["（三）学前教育", "pcn", "三"],
    ["1.加强管理", "ar", "1"],
    ["12、加强管理", "ar", "12"],
    ["(2)开展培训", "par", "2"],
    ["③完善制度", "circ", "3"],
    ["一是城乡差距", "shi", "一是"],
    ["第二部分 主要任务", "part", "二"],
    ["第一篇", "pian", "一"],
  ])("%s", (text, style, num) => {
    const m = matchMarker(text);
    expect(m?.style ?? null).toBe(style);
    expect(m?.num ?? null).toBe(num);
  });

  it.each(["1.5万人次参加培训", "2024年全县教育工作", "一、二年级学生", "15", "一是"])("%s is not an item", (text) => {
    expect(matchMarker(text)).toBeNull();
  });
});

describe("titles", () => {
  it("stops at the first 。 of a run-on item", () => {
    const t = "(三)学前教育办学行为进一步规范。持续加强治理。";
    expect(t.slice(3, titleEnd(t, 3))).toBe("学前教育办学行为进一步规范");
  });
  it("stops at the gap after a short heading followed by running text", () => {
    const t = "二、存在的困难和问题 在县委、县政府的领导下,各项工作稳步推进。";
    expect(t.slice(2, titleEnd(t, 2))).toBe("存在的困难和问题");
  });
  it("does not stop at a space inside a sentence", () => {
    const t = "3.人均受教育年限提升至 10.5年。";
    expect(t.slice(2, titleEnd(t, 2))).toBe("人均受教育年限提升至 10.5年");
  });
});

describe("outline", () => {
  it("gives each numbering style the next level under its parent", () => {
    expect(
      outline(
        "一、总体要求\n(一)指导思想。坚持育人为本。\n二、主要任务\n(一)加强党建\n1.健全制度。\n(1)完善议事规则。\n①按月召开。\n2.强化监督。\n(二)提高质量",
      ),
    ).toEqual([
      [
        "1 一 总体要求",
        "2 一 指导思想",
        "1 二 主要任务",
        "2 一 加强党建",
        "3 1 健全制度",
        "4 1 完善议事规则",
        "5 1 按月召开",
        "3 2 强化监督",
        "2 二 提高质量",
      ],
    ]);
  });

  it("starts at level 1 with whatever numbering the plan starts with", () => {
    expect(outline("(一)实施均衡发展工程\n1.发展学前教育。新建幼儿园。\n(二)实施质量提升工程")).toEqual([
      ["1 一 实施均衡发展工程", "2 1 发展学前教育", "1 二 实施质量提升工程"],
    ]);
  });

  it("splits a one-line web text before each marker, but not 一是 inside a paragraph", () => {
    expect(outline("前言。 一、主要成绩 (一)抓好党建。一是健全制度,二是强化监督。 (二)提高质量。")).toEqual([
      ["1 一 主要成绩", "2 一 抓好党建", "2 二 提高质量"],
    ]);
  });

  it("takes 一是 items that start their own paragraph", () => {
    expect(outline("二、存在的问题\n一是学位紧张。\n二是师资不足。")).toEqual([
      ["1 二 存在的问题", "2 一是 学位紧张", "2 二是 师资不足"],
    ]);
  });
});

describe("documents in one file", () => {
  it("splits 第一篇 / 第二篇 into two documents titled by the page", () => {
    const s = segment(
      clean(decodedOf("全市教育工作要点2篇\n第一篇\n一、加强党建\n1.落实责任。\n第二篇\n一、推进改革\n1.深化评价。")),
    );
    expect(s.documents.map((d) => d.items.length)).toEqual([2, 2]);
    expect(s.documents.every((d) => d.origin === "part" && d.titleHint?.text === "全市教育工作要点2篇")).toBe(true);
  });

  it("splits a summary from next year's plan that shares its numbering", () => {
    const s = segment(
      clean(
        decodedOf(
          "一、2024年工作完成情况\n(一)新建幼儿园3所。\n二、存在的问题\n一是学位紧张。\n三、2025年工作要点\n(一)扩充学位。新增学位500个。\n(二)加强师资。",
        ),
      ),
    );
    expect(s.documents.map((d) => d.origin)).toEqual(["summary", "plan"]);
    expect(s.documents[1]!.titleHint!.text).toBe("2025年工作要点");
    expect(s.documents[1]!.items.map((it) => `${it.level} ${it.num}`)).toEqual(["1 一", "1 二"]);
    expect(s.documents[0]!.items.map((it) => `${it.level} ${it.num}`)).toEqual(["1 一", "2 一", "1 二", "2 一是"]);
  });

  it("keeps a plan whose last section is titled 工作要求 as one document", () => {
    const s = segment(
      clean(decodedOf("一、主要目标\n(一)提高质量。\n二、重点任务\n(一)扩充学位。\n三、工作要求\n(一)加强领导。")),
    );
    expect(s.documents).toHaveLength(1);
  });
});

describe("text pasted without paragraph breaks", () => {
  it("starts a new item at 二、 or （二） right after a full stop, but not at 二是", () => {
    expect(
      outline(
        "一、主要成绩。全年新建幼儿园3所。二、存在问题。(一)学位紧张。一是城区学位不足,二是师资短缺。(二)经费不足。",
      ),
    ).toEqual([["1 一 主要成绩", "1 二 存在问题", "2 一 学位紧张", "2 二 经费不足"]]);
  });
});
