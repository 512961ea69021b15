import { describe, expect, it } from "vitest";
import { readDocument } from "./index.ts";

const read = (text: string, name = "plan.txt") => readDocument(Buffer.from(text, "utf8"), name);

describe("document metadata", () => {
  it("reads a notice wrapping a multi-year plan as the plan, with the notice's number and date", async () => {
    const d = await read(
      [
        "关于印发《青山县教育强县三年行动计划(2024—2026年)》的通知",
        "青山教发〔2024〕15号",
        "各乡镇中心学校:",
        "现将《青山县教育强县三年行动计划(2024—2026年)》印发给你们,请认真贯彻执行。",
        "青山县教育局",
        "2024年3月8日",
        "青山县教育强县三年行动计划(2024—2026年)",
        "一、发展目标",
        "到2026年,学前三年毛入园率达到95%。",
      ].join("\n"),
    );
    expect(d.documents).toHaveLength(1);
    expect(d.documents[0]).toMatchObject({
      title: "青山县教育强县三年行动计划(2024—2026年)",
      issuer: "青山县教育局",
      region: "青山县",
      level: "county",
      docType: "action_plan",
      years: [2024, 2025, 2026],
      docNumber: "青山教发〔2024〕15号",
      date: "2024-03-08",
    });
  });

  it("names a document without a title line after its genre and scope", async () => {
    const d = await read(
      "2025年全市教育工作的总体要求是:坚持立德树人,办好人民满意的教育。\n一、加强党的建设\n1.落实责任。全市新建幼儿园5所。",
    );
    expect(d.documents[0]).toMatchObject({
      title: "2025年全市教育工作要点",
      level: "city",
      docType: "key_points",
      years: [2025],
      issuer: null,
    });
  });

  it("leaves placeholder places unknown", async () => {
    const d = await read(
      "xx县教育局工作思路\nxxxx年全县教育工作以质量为重点。\n(一)实施均衡发展工程\n1.发展学前教育。新建x所幼儿园。",
    );
    expect(d.documents[0]).toMatchObject({
      issuer: null,
      region: null,
      level: "county",
      docType: "work_plan",
      years: [],
    });
    expect(d.documents[0]!.quantities).toEqual([]);
  });
});

describe("items", () => {
  it("reads lead and co-responsible units and deadlines", async () => {
    const d = await read(
      "青山县2025年教育工作要点\n一、扩充学位\n(一)新建幼儿园。新建公办幼儿园2所,由基础教育股牵头,计财股、发展规划股配合,2025年8月底前完成。\n(二)加强党建。(牵头单位:机关党委;配合单位:人事股)\n(三)落实资助。教育行政部门要牵头,到2025年底前全面完成。",
    );
    const [, a, b, c] = d.documents[0]!.items;
    expect(a!.owners.map((o) => `${o.role}:${o.unit}`)).toEqual([
      "lead:基础教育股",
      "support:计财股",
      "support:发展规划股",
    ]);
    expect(a!.deadlines.map((x) => x.date)).toEqual(["2025-08-31"]);
    expect(b!.owners.map((o) => `${o.role}:${o.unit}`)).toEqual(["lead:机关党委", "support:人事股"]);
    expect(c!.owners.map((o) => `${o.role}:${o.unit}`)).toEqual(["lead:教育行政部门"]);
    expect(c!.deadlines.map((x) => x.date)).toEqual(["2025-12-31"]);
  });

  it("keeps the source span of every item title and quantity", async () => {
    const text =
      "首页 > 通知\n青山县2025年教育工作要点\n一、扩充学位\n(一)新建幼儿园。新建公办幼儿园2所,新增学位540个。";
    const d = await read(text);
    const doc = d.documents[0]!;
    for (const it of doc.items) expect(text.slice(it.titleSrc.start, it.titleSrc.end)).toBe(it.title);
    expect(doc.quantities.map((q) => text.slice(q.src.start, q.src.end))).toEqual(["2所", "540个"]);
  });

  it("reads traditional text and points spans at the traditional source", async () => {
    const text = "一、擴大學位供給\n(一)新建幼兒園。新建公辦幼兒園2所,新增學位540個,學前三年毛入園率達到92%。";
    const d = await read(text);
    const q = d.documents[0]!.quantities;
    expect(q.map((x) => x.indicator)).toContain("学前三年毛入园率");
    expect(text.slice(q[2]!.src.start, q[2]!.src.end)).toBe("92%");
  });
});
