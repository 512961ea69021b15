// Word documents from plain report objects (no database here). Typeset in the spirit of GB/T 9704
// (党政机关公文格式): A4, margins 37/35/28/26 mm (top/bottom/left/right), body 仿宋 三号 (16 pt) on a fixed
// 22-line grid of 28 characters, headings 黑体 (一、) and 楷体 (（一）), title 小标宋 (黑体 when absent),
// page numbers "— 1 —" at the bottom. Plain docx features only (paragraphs, tables, shading, borders,
// one footer) so Word and WPS open the files alike. Every run names its East Asian font, so a viewer
// without the font substitutes another CJK font instead of showing boxes.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IPropertiesOptions,
  type ISectionOptions,
} from "docx";
import JSZip from "jszip";
import type { Bulletin, Color, Counts, PlanExport, ReportTask, Summary } from "../../../../common/schemas/reports.ts";
import { cnDate, cnNumber } from "../build/figures.ts";

export interface DocxOptions {
  /** Body font (setting REPORT_BODY_FONT): 仿宋_GB2312 on government machines, FangSong elsewhere. */
  bodyFont: string;
  /** Title font: 方正小标宋简体 where installed; Word/WPS fall back to the next font themselves. */
  titleFont?: string;
}

const MM = 56.7; // twips per millimetre
const A4 = { width: 11906, height: 16838 };
const MARGIN = {
  top: Math.round(37 * MM),
  bottom: Math.round(35 * MM),
  left: Math.round(28 * MM),
  right: Math.round(26 * MM),
};
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
/** 22 lines on the 225 mm text height: a fixed line pitch of ~28.9 pt. */
const LINE = Math.round(((A4.height - MARGIN.top - MARGIN.bottom) / 22) * 1);
const HEITI = "SimHei";
const KAITI = "KaiTi";
const SONG = "SimSun";
const SIZE = { title: 44, big: 52, body: 32, table: 21, small: 24, footer: 28 }; // half-points: 二号 22pt, 三号 16pt, 五号 10.5pt

const COLOR_HEX: Record<Color, string> = { red: "C00000", yellow: "BF8F00", green: "00875A", grey: "7F7F7F" };
const COLOR_FILL: Record<Color, string> = { red: "F8D7DA", yellow: "FFF2CC", green: "D9F2E6", grey: "EDEDED" };
export const COLOR_WORD: Record<Color, string> = { red: "红", yellow: "黄", green: "绿", grey: "灰" };

const fontOf = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name, hint: "eastAsia" as const });

function run(text: string, o: { font: string; size?: number; bold?: boolean; color?: string }) {
  return new TextRun({
    text,
    font: fontOf(o.font),
    size: o.size ?? SIZE.body,
    ...(o.bold ? { bold: true } : {}),
    ...(o.color ? { color: o.color } : {}),
  });
}

class Writer {
  readonly children: (Paragraph | Table)[] = [];
  constructor(readonly opts: DocxOptions) {}
  get body() {
    return this.opts.bodyFont;
  }
  title(text: string) {
    this.children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { line: LINE * 1.2, lineRule: LineRuleType.EXACT, after: LINE / 2 },
        children: [run(text, { font: this.opts.titleFont ?? HEITI, size: SIZE.title })],
      }),
    );
  }
  /** A body paragraph, first line indented two characters. */
  para(text: string | TextRun[], o: { indent?: boolean; align?: "left" | "right" | "center" } = {}) {
    this.children.push(
      new Paragraph({
        alignment:
          o.align === "right"
            ? AlignmentType.RIGHT
            : o.align === "center"
              ? AlignmentType.CENTER
              : AlignmentType.JUSTIFIED,
        spacing: { line: LINE, lineRule: LineRuleType.EXACT },
        ...(o.indent === false ? {} : { indent: { firstLine: 640 } }),
        children: typeof text === "string" ? [run(text, { font: this.body })] : text,
      }),
    );
  }
  /** 一级标题 一、 in 黑体; 二级 （一） in 楷体. */
  heading(text: string, level: 1 | 2) {
    this.children.push(
      new Paragraph({
        spacing: { line: LINE, lineRule: LineRuleType.EXACT },
        indent: { firstLine: 640 },
        keepNext: true,
        children: [run(text, { font: level === 1 ? HEITI : KAITI, bold: level === 2 })],
      }),
    );
  }
  runs(parts: { text: string; bold?: boolean; color?: string; font?: string }[]) {
    return parts.map((p) =>
      run(p.text, {
        font: p.font ?? this.body,
        ...(p.bold ? { bold: true } : {}),
        ...(p.color ? { color: p.color } : {}),
      }),
    );
  }
  blank() {
    this.children.push(new Paragraph({ spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [] }));
  }
  table(headers: string[], widths: number[], rows: (string | { text: string; color: Color })[][]) {
    const total = widths.reduce((a, b) => a + b, 0);
    const w = widths.map((x) => Math.floor((x / total) * TEXT_WIDTH));
    const cell = (v: string | { text: string; color: Color }, i: number, header: boolean) =>
      new TableCell({
        width: { size: w[i]!, type: WidthType.DXA },
        verticalAlign: VerticalAlign.CENTER,
        margins: { top: 40, bottom: 40, left: 60, right: 60 },
        ...(header
          ? { shading: { type: ShadingType.CLEAR, color: "auto", fill: "E7E6E6" } }
          : typeof v === "object"
            ? { shading: { type: ShadingType.CLEAR, color: "auto", fill: COLOR_FILL[v.color] } }
            : {}),
        children: String(typeof v === "object" ? v.text : v)
          .split("\n")
          .map(
            (line) =>
              new Paragraph({
                alignment: header || typeof v === "object" || i === 0 ? AlignmentType.CENTER : AlignmentType.LEFT,
                children: [
                  run(line, {
                    font: header ? HEITI : this.body,
                    size: SIZE.table,
                    ...(typeof v === "object" ? { bold: true, color: COLOR_HEX[v.color] } : {}),
                  }),
                ],
              }),
          ),
      });
    this.children.push(
      new Table({
        width: { size: TEXT_WIDTH, type: WidthType.DXA },
        columnWidths: w,
        rows: [
          new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, i, true)) }),
          ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) })),
        ],
      }),
    );
  }
}

function footer(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: fontOf(SONG), size: SIZE.footer })],
      }),
    ],
  });
}

function section(children: (Paragraph | Table)[]): ISectionOptions {
  return {
    properties: {
      page: {
        size: { width: A4.width, height: A4.height },
        margin: { ...MARGIN, header: Math.round(15 * MM), footer: Math.round(20 * MM) },
      },
    },
    footers: { default: footer() },
    children,
  };
}

async function pack(
  props: Omit<IPropertiesOptions, "sections" | "styles">,
  children: (Paragraph | Table)[],
  opts: DocxOptions,
  status?: string,
): Promise<Buffer> {
  const doc = new Document({
    creator: "落实 luoshi",
    lastModifiedBy: "落实 luoshi",
    ...props,
    styles: { default: { document: { run: { font: fontOf(opts.bodyFont), size: SIZE.body } } } },
    sections: [section(children)],
  });
  const buf = await Packer.toBuffer(doc);
  return status ? setContentStatus(buf, status) : buf;
}

/** Word's "status" property (cp:contentStatus in docProps/core.xml), which the docx library does not write. */
async function setContentStatus(docx: Buffer, status: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const core = await zip.file("docProps/core.xml")?.async("string");
  if (!core) return docx;
  const esc = status.replace(/[<>&]/gu, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c]!);
  zip.file(
    "docProps/core.xml",
    core.replace("</cp:coreProperties>", `<cp:contentStatus>${esc}</cp:contentStatus></cp:coreProperties>`),
  );
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

const pct = (n: number | null) => (n === null ? "—" : `${n}%`);

function countsSentence(c: Counts): string {
  return (
    `纳入督办任务${c.tasks}项，已交办${c.dispatched}项` +
    (c.draft ? `（尚有${c.draft}项未交办）` : "") +
    `。其中已办结${c.closed}项，办结率${pct(c.closedRate)}；在办${c.open}项，其中绿灯${c.green}项、黄灯${c.yellow}项、红灯${c.red}项` +
    (c.overdue ? `，逾期未办结${c.overdue}项` : "") +
    `。总体完成进度${c.completion}%，按期办结率${pct(c.onTimeRate)}。`
  );
}

function taskRows(tasks: ReportTask[]) {
  return tasks.map((t, i) => [
    String(i + 1),
    t.title,
    t.targets || "—",
    t.leadUnit ?? "—",
    t.coUnits.join("、") || "—",
    t.progressText,
    { text: COLOR_WORD[t.color], color: t.color },
  ]);
}

const TASK_HEADERS = ["序号", "任务", "目标", "牵头单位", "配合单位", "完成情况", "状态"];
const TASK_WIDTHS = [6, 26, 18, 12, 12, 18, 8];

function redHead(w: Writer, issuer: string, name: string, docNumber: string) {
  w.children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: LINE, after: LINE / 2 },
      children: [run(`${issuer}${name}`, { font: w.opts.titleFont ?? HEITI, size: SIZE.big, color: "E00000" })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: "E00000", space: 6 } },
      children: [run(docNumber, { font: w.body })],
    }),
  );
  w.blank();
}

export async function renderBulletinDocx(b: Bulletin, opts: DocxOptions): Promise<Buffer> {
  const w = new Writer(opts);
  redHead(w, b.issuer, "督查通报", b.docNumber);
  w.title(`关于《${b.planTitle}》落实进展情况的通报`);
  w.para(
    `现将${cnDate(b.periodFrom)}至${cnDate(b.periodTo)}《${b.planTitle}》各项任务落实进展情况通报如下。` +
      (b.previous ? `（上期为第${b.previous.number}期，${cnDate(b.previous.issuedOn)}。）` : ""),
  );
  w.heading("一、总体进展", 1);
  w.para(countsSentence(b.counts));

  w.heading("二、各项任务进展情况", 1);
  b.sections.forEach((s, i) => {
    w.heading(`（${cnNumber(i + 1)}）${s.title}`, 2);
    w.para(
      `本部分${s.counts.tasks}项任务，已办结${s.counts.closed}项，绿灯${s.counts.green}项、黄灯${s.counts.yellow}项、红灯${s.counts.red}项，完成进度${s.counts.completion}%。`,
    );
    if (s.tasks.length) w.table(TASK_HEADERS, TASK_WIDTHS, taskRows(s.tasks));
  });

  w.heading("三、按期办结情况排名", 1);
  w.para(b.ranking.rule);
  const rankTable = (title: string, list: Bulletin["ranking"]["departments"]) => {
    if (!list.length) return;
    w.heading(title, 2);
    w.table(
      ["名次", "单位", "牵头任务", "应办结", "按期办结", "按期办结率", "较上期"],
      [7, 27, 11, 11, 12, 14, 18],
      list.map((u) => [
        u.rank === null ? "—" : String(u.rank),
        u.unitName,
        String(u.tasks),
        String(u.due),
        String(u.onTime),
        pct(u.rate),
        b.previous ? changeText(u) : "—",
      ]),
    );
  };
  rankTable("（一）股室", b.ranking.departments);
  rankTable(b.ranking.departments.length ? "（二）学校" : "（一）学校", b.ranking.schools);

  w.heading("四、逾期及督办事项", 1);
  if (!b.overdue.length) w.para("本期无逾期或升级督办事项。");
  else {
    w.para(`本期逾期、红灯或已升级督办的任务${b.overdue.length}项，请相关单位抓紧办理，按时报送整改情况。`);
    w.table(
      ["序号", "任务", "牵头单位", "完成时限", "逾期天数", "督办层级", "状态"],
      [6, 34, 14, 13, 10, 13, 10],
      b.overdue.map((o, i) => [
        String(i + 1),
        o.title + (o.reason ? `\n（${o.reason}）` : ""),
        o.leadUnit ?? "—",
        o.deadline ?? "—",
        o.daysOverdue ? `${o.daysOverdue}天` : "—",
        ["—", "分管领导", "主要领导"][Math.min(o.escalationLevel, 2)]!,
        { text: COLOR_WORD[o.color], color: o.color },
      ]),
    );
  }
  w.blank();
  w.para(b.issuer, { align: "right", indent: false });
  w.para(cnDate(b.issuedOn), { align: "right", indent: false });
  return pack(
    {
      title: `${b.planTitle}落实进展情况通报`,
      subject: "进展情况通报",
      keywords: `进展情况通报; ${b.docNumber}`,
      description: `${b.issuer} ${b.docNumber}，统计期间 ${b.periodFrom} 至 ${b.periodTo}`,
    },
    w.children,
    opts,
    b.number === null ? "预览" : "已印发",
  );
}

function changeText(u: Bulletin["ranking"]["departments"][number]): string {
  if (u.rank === null) return "—";
  if (u.prevRank === null) return "新进入排名";
  const place =
    u.rankChange! > 0 ? `上升${u.rankChange}位` : u.rankChange! < 0 ? `下降${-u.rankChange!}位` : "名次不变";
  const rate =
    u.rateChange === null
      ? ""
      : u.rateChange === 0
        ? ""
        : `，${u.rateChange > 0 ? "+" : "−"}${Math.abs(u.rateChange)}个百分点`;
  return place + rate;
}

export async function renderSummaryDocx(s: Summary, opts: DocxOptions): Promise<Buffer> {
  const w = new Writer(opts);
  w.title(`${s.issuer}${s.year}年工作总结`);
  w.para(s.intro);
  w.heading(`一、${s.year}年工作完成情况`, 1);
  s.sections.forEach((sec, i) => {
    w.heading(`（${cnNumber(i + 1)}）${sec.title}`, 2);
    for (const t of sec.tasks) w.para(t.paragraph);
  });
  w.heading("二、存在的困难和问题", 1);
  if (!s.problems.length) w.para("各项任务均已按期完成，量化目标均已达成。");
  s.problems.forEach((p, i) => w.para(`${cnNumber(i + 1)}是${p}`));
  w.heading(`三、${s.year + 1}年工作要点`, 1);
  if (!s.nextYear.length) w.para(`${s.year}年各项任务均已办结，${s.year + 1}年工作要点另行研究确定。`);
  s.nextYear.forEach((n, i) =>
    w.para(`${i + 1}．${n.title}${n.leadUnit ? `（牵头单位：${n.leadUnit}）` : ""}。${n.reason}`),
  );
  w.blank();
  w.para(s.issuer, { align: "right", indent: false });
  return pack(
    {
      title: `${s.issuer}${s.year}年工作总结`,
      subject: "年度工作总结",
      keywords: "草稿; 年度工作总结; 待修改",
      description: `草稿：由落实系统根据《${s.planTitle}》的任务、已审核的进展报告和指标数据生成，供起草人修改后定稿。`,
    },
    w.children,
    opts,
    "草稿",
  );
}

export async function renderPlanDocx(p: PlanExport, opts: DocxOptions): Promise<Buffer> {
  const w = new Writer(opts);
  w.title(p.planTitle);
  w.para(
    `${p.issuer}${p.docNumber ? `\u3000${p.docNumber}` : ""}\u3000任务分解表（导出日期：${cnDate(p.generatedOn)}）`,
    { align: "center", indent: false },
  );
  w.para(countsSentence(p.counts));
  p.sections.forEach((sec, i) => {
    w.heading(`${cnNumber(i + 1)}、${sec.title}`, 1);
    if (!sec.tasks.length) return;
    w.table(
      ["序号", "任务", "目标", "牵头单位", "配合单位", "分管领导", "完成时限", "状态"],
      [6, 26, 17, 11, 11, 10, 11, 8],
      sec.tasks.map((t, j) => [
        String(j + 1),
        t.title,
        t.targets || "—",
        t.leadUnit ?? "—",
        t.coUnits.join("、") || "—",
        t.deputy ?? "—",
        t.deadline ?? "—",
        { text: `${COLOR_WORD[t.color]}\n${t.stateName}`, color: t.color },
      ]),
    );
  });
  return pack(
    { title: p.planTitle, subject: "任务分解表", keywords: "任务分解; 导出", description: `${p.issuer} 任务分解表` },
    w.children,
    opts,
  );
}
