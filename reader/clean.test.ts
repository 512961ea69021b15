import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodedOf } from "../test/helpers/decoded.ts";
import { clean } from "./clean.ts";

const linesOf = (text: string) => clean(decodedOf(text)).lines.map((l) => l.text);

describe("clean", () => {
  it("normalises full-width forms but keeps circled numbers", () => {
    expect(linesOf("（一）覆盖率达到９５％，①加强管理")).toEqual(["(一)覆盖率达到95%,①加强管理"]);
  });

  it("removes pinyin glosses and converts traditional characters to simplified", () => {
    expect(linesOf("推動教育高質量發(fā)展,科學規(guī)劃學校布局。")).toEqual([
      "推动教育高质量发展,科学规划学校布局。",
    ]);
  });

  it("keeps Latin text in brackets that is not a gloss", () => {
    expect(linesOf("推进人工智能(AI)教育,建设(一)类学校")).toEqual(["推进人工智能(AI)教育,建设(一)类学校"]);
  });

  it("does not convert simplified text that merely contains a few shared characters", () => {
    expect(linesOf("全面加强党的建设,着力提高教育质量。")).toEqual(["全面加强党的建设,着力提高教育质量。"]);
  });

  it("drops '?' that stand for lost spaces and marks '?' inside words as unreadable", () => {
    const c = clean(decodedOf("?一、总体要求\n??????????????县教育局\n实施学??茖W素养提升行动"));
    expect(c.lines.map((l) => l.text)).toEqual(["一、总体要求", "县教育局", "实施学??茖W素养提升行动"]);
    expect(c.lines[2]!.garbled.length).toBe(1);
    expect(c.warnings.some((w) => w.code === "MOJIBAKE")).toBe(true);
  });

  it("marks text decoded with the wrong code page as unreadable, not ordinary text", () => {
    const c = clean(
      decodedOf(
        "加强师德建设。鍏ㄥ勾寮€灞曟牎鍥畨鍏ㄩ殣鎮f帓鏌ヤ笉灏戜簬4娆★紝闅愭偅鏁存敼\n学前三年毛入园率达到94.5%,普惠性幼儿园覆盖率达到90%。",
      ),
    );
    const [garbled, plain] = c.lines;
    expect(garbled!.garbled.length).toBeGreaterThan(0);
    expect(garbled!.text.slice(garbled!.garbled[0]!.start)).toMatch(/^鍏ㄥ/u);
    expect(plain!.garbled).toEqual([]);
  });

  it("drops page furniture after reading issuer and date from it", () => {
    const c = clean(
      decodedOf("首页 > 政务公开 > 规划计划\n发布时间:2024-02-01 来源:青山县教育局 浏览次数:88\n分享到:\n一、加强党建"),
    );
    expect(c.lines.map((l) => l.text)).toEqual(["一、加强党建"]);
    expect(c.hints.map((h) => `${h.key}=${h.value}`)).toEqual(["date=2024-02-01", "issuer=青山县教育局"]);
    expect(c.removed.every((r) => r.kind === "furniture")).toBe(true);
  });

  it("reads a value that a web table put on the next line", () => {
    const c = clean(
      decodedOf("所属机构: | 县融媒体中心 | 发布机构: |\n青山县教育局 | |\n正文第一段内容较长,不是表格。"),
    );
    expect(c.hints).toMatchObject([{ key: "issuer", value: "青山县教育局" }]);
  });

  it("drops spam lines but not plan text that mentions free textbooks", () => {
    const c = clean(decodedOf("继续免费提供教科书,点击率不是指标。\n亚洲婷婷五月综合,无码免费视频网站www.example.cc"));
    expect(c.lines.map((l) => l.text)).toEqual(["继续免费提供教科书,点击率不是指标。"]);
    expect(c.removed[0]!.kind).toBe("spam");
  });

  it("keeps a document printed twice once, and a title shown twice once", () => {
    const body = [
      "青山县教育工作要点",
      "青山县教育工作要点",
      "一、扩充学前教育资源,新建公办幼儿园三所,新增学位六百个,逐步提高公办幼儿园在园幼儿占比。",
      "二、推进义务教育优质均衡发展,实施薄弱学校改造工程,改善农村学校办学条件和寄宿条件。",
      "三、加强教师队伍建设,完善教师补充机制,落实乡村教师生活补助政策,稳定乡村教师队伍。",
      "四、深化教育评价改革,完善学生综合素质评价,规范考试招生管理,减轻学生过重课业负担。",
      "五、守牢校园安全底线,健全校园安全管理制度,开展防溺水和交通安全教育,保障师生安全。",
    ];
    const c = clean(decodedOf([...body, "发布日期:2024-03-01", ...body.slice(1)].join("\n")));
    expect(c.lines.map((l) => l.text)).toEqual(body.slice(1));
    expect(c.removed.filter((r) => r.kind === "duplicate")).toHaveLength(body.length);
  });

  it("does not drop one sentence that happens to repeat", () => {
    const c = clean(decodedOf("一、加强党建。落实全面从严治党。\n二、提高质量。落实全面从严治党。\n三、保障安全。"));
    expect(c.lines).toHaveLength(3);
  });

  it("maps every cleaned character back into the source", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const d = decodedOf(s);
        for (const line of clean(d).lines) {
          expect(line.map.length).toBe(line.text.length);
          for (const at of line.map)
            expect(at >= line.src.start && at < Math.max(line.src.end, line.src.start + 1)).toBe(true);
        }
      }),
    );
  });

  it("maps unchanged characters to themselves", () => {
    const d = decodedOf("首页 > 通知\n  一、新建幼儿园3所。");
    const line = clean(d).lines[0]!;
    for (let i = 0; i < line.text.length; i++) expect(d.text[line.map[i]!]).toBe(line.text[i]);
  });
});

describe("furniture is not content", () => {
  it("keeps a target written with >", () => {
    expect(linesOf("(三)工作目标:学前三年毛入园率>90%\n首页 > 通知公告 > 正文")).toEqual([
      "(三)工作目标:学前三年毛入园率>90%",
    ]);
  });
});

describe("spam is not content", () => {
  it("keeps a plan line that mentions Macao and a website", () => {
    expect(linesOf("加强与香港、澳门的教育交流合作,详见www.example.gov.cn")).toHaveLength(1);
  });
});
