import { describe, expect, it } from "vitest";
import { findQuantities, type QuantityContext } from "./quantities.ts";

const plan2024: QuantityContext = { mode: "plan", years: [2024] };
const summary2020: QuantityContext = { mode: "summary", years: [2020] };
const plan2325: QuantityContext = { mode: "plan", years: [2023, 2024, 2025] };
const pick = (text: string, ctx = plan2024) =>
  findQuantities(text, ctx).map(({ indicator, value, unit, year, kind }) => ({ indicator, value, unit, year, kind }));

describe("quantities", () => {
  it("reads a target with indicator, value, unit, year and kind", () => {
    expect(pick("力争到2024年底,学前三年毛入园率达94.5%,普惠性幼儿园覆盖率达97%。")).toEqual([
      { indicator: "学前三年毛入园率", value: 94.5, unit: "%", year: 2024, kind: "target" },
      { indicator: "普惠性幼儿园覆盖率", value: 97, unit: "%", year: 2024, kind: "target" },
    ]);
  });

  it("keeps approximation words out of the value", () => {
    const [q] = findQuantities("新增学位1500余个", plan2024);
    expect(q).toMatchObject({ value: 1500, unit: "个", qualifier: "余" });
    expect(findQuantities("高中阶段毛入学率达到94%以上", plan2024)[0]).toMatchObject({ value: 94, qualifier: "以上" });
  });

  it("tells actual figures, changes and planned figures apart in a summary", () => {
    expect(
      pick("高考一本上线904人,上线率19.26%,较去年提高了2.79个百分点。规划投入资金6300万元。", summary2020),
    ).toEqual([
      { indicator: "高考一本上线", value: 904, unit: "人", year: 2020, kind: "actual" },
      { indicator: "高考一本上线上线率", value: 19.26, unit: "%", year: 2020, kind: "actual" },
      { indicator: "较去年提高", value: 2.79, unit: "个百分点", year: 2020, kind: "change" },
      { indicator: "规划投入资金", value: 6300, unit: "万元", year: 2020, kind: "target" },
    ]);
  });

  it("reads Chinese numerals that measure an amount, not names and ordinals", () => {
    expect(pick("新建三所幼儿园,让每位学生掌握两项体育技能")).toMatchObject([
      { value: 3, unit: "所" },
      { value: 2, unit: "项" },
    ]);
    for (const text of [
      "举办第六届艺术节",
      "推进“九大提升工程”",
      "深化“1+X”证书试点",
      "新建x所幼儿园",
      "学习十九大精神",
      "突出四项重点",
      "第23个教师节",
      "2024年全面完成",
      "有5人进入全市前10名中的前百名",
      "庆祝建校60周年",
      "实行一校一案",
    ]) {
      expect(
        pick(text).filter((q) => q.value !== 5),
        text,
      ).toEqual([]);
    }
  });

  it("reads time-phased targets as one quantity each, with its deadline", () => {
    const qs = findQuantities("资金下达当年按照“6月底前执行50%、9月底前执行90%、12月底前执行100%”要求。", plan2024);
    expect(qs.map((q) => [q.value, q.deadline])).toEqual([
      [50, "6月底前"],
      [90, "9月底前"],
      [100, "12月底前"],
    ]);
    expect(qs.every((q) => q.indicator.includes("月底前执行"))).toBe(true);
  });

  it("reads a baseline and the figure it rises to", () => {
    expect(pick("公办园在园幼儿占比由2023年的54.1%提高到57.3%")).toEqual([
      { indicator: "公办园在园幼儿占比", value: 54.1, unit: "%", year: 2023, kind: "baseline" },
      {
        indicator: expect.stringContaining("公办园在园幼儿占比") as unknown as string,
        value: 57.3,
        unit: "%",
        year: 2024,
        kind: "target",
      },
    ]);
  });

  it("gives a range as its lower and upper bound", () => {
    expect(pick("课后服务参与率达到80%—90%").map((q) => q.value)).toEqual([80, 90]);
  });

  it("leaves the year open for recurring and existing figures", () => {
    expect(pick("保障中小学生每天校内、校外各1小时体育活动时间", plan2325)[0]).toMatchObject({
      value: 1,
      unit: "小时",
      year: null,
    });
    expect(pick("固化已建18个学科基地成果", plan2325)[0]).toMatchObject({ value: 18, year: null, kind: "actual" });
    expect(pick("建设2所数字教材应用示范校", plan2325)[0]).toMatchObject({ year: 2025, kind: "target" });
  });

  it("takes the year that opens the sentence or the clause", () => {
    expect(pick("2019—2020年分批次成功申报7个试点,成功申请考核站点6个。", summary2020).map((q) => q.year)).toEqual([
      null,
      null,
    ]);
    expect(pick("核拨2019年17名支教教师补助经费15.3万元。", summary2020).map((q) => q.year)).toEqual([2019, 2019]);
  });

  it("reads composite units and years of schooling", () => {
    expect(pick("生均公用经费财政拨款标准达到500元/生·年")[0]).toMatchObject({ value: 500, unit: "元/生·年" });
    expect(pick("劳动年龄人口人均受教育年限提升至 10.5年")[0]).toMatchObject({ value: 10.5, unit: "年" });
    expect(pick("教龄5年以上的骨干教师")).toEqual([]);
  });

  it("borrows the subject for shares, list items and breakdowns", () => {
    const qs = pick("参加了全省大课间竞赛活动,获奖作品21件,其中特等奖3项,占全省10%、全市100%。", summary2020);
    expect(qs.map((q) => q.indicator)).toEqual([
      "全省大课间竞赛活动获奖作品",
      "全省大课间竞赛活动特等奖",
      "特等奖占全省",
      "特等奖占全市",
    ]);
    expect(pick("遴选培养10名名校长、50名名师").map((q) => q.indicator)).toEqual(["遴选培养名校长", "遴选培养名师"]);
  });

  it("gives one quantity per rate when several share one figure", () => {
    expect(pick("专职保安配备率、一键式紧急报警装置安装率均达到100%").map((q) => [q.indicator, q.value])).toEqual([
      ["专职保安配备率", 100],
      ["一键式紧急报警装置安装率", 100],
    ]);
  });
});
