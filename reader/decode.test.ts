import { describe, it, expect, beforeAll } from "vitest";
import fc from "fast-check";
import iconv from "iconv-lite";
import { readFileSync } from "node:fs";
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { decode, toBlocks } from "./decode.ts";
import { AppError, type ErrorCode } from "../common/errors.ts";
import type { Decoded } from "./types.ts";
import { zip, CONTENT_TYPES, RELS, encryptedDocxLike } from "../test/helpers/zip.ts";

// ---- sample text (written for these tests) -------------------------------------------------

const SIMPLIFIED =
  "一、扩大优质学前教育资源。全县今年新建公办幼儿园两所，学前三年毛入园率力争达到百分之九十三。\n" +
  "二、推进义务教育均衡发展。各乡镇中心学校要落实课后服务，确保每名学生都能参加体育锻炼。";
const TRADITIONAL =
  "一、擴大優質學前教育資源。全縣今年新建公辦幼兒園兩所，學前三年毛入園率力爭達到百分之九十三。\n" +
  "二、推進義務教育均衡發展。各鄉鎮中心學校要落實課後服務，確保每名學生都能參加體育鍛鍊。";
const WITH_ASCII = "2025年教育工作要点\n1. 新建校舍12000平方米，完成投资3.5亿元。\n2. 教师培训覆盖率达100%。";

const enc = (s: string, encoding: string) => new Uint8Array(iconv.encode(s, encoding));
const utf8 = (s: string) => new TextEncoder().encode(s);

async function code(p: Promise<unknown>): Promise<ErrorCode | "resolved"> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

function expectBlocksConsistent(d: Decoded) {
  let expectedStart = 0;
  for (const b of d.blocks) {
    expect(b.start).toBe(expectedStart);
    expect(b.text).toBe(d.text.slice(b.start, b.end));
    expect(b.text.includes("\n")).toBe(false);
    expectedStart = b.end + 1;
  }
  expect(d.blocks.at(-1)?.end).toBe(d.text.length);
  expect(d.text.includes("\r")).toBe(false);
}

/** A seeded pseudo-random byte source, so failures reproduce. */
function junk(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = s >> 16;
  }
  return out;
}

async function planDocx(): Promise<Uint8Array> {
  const doc = new Document({
    title: "溪口区教育局2026年工作要点",
    creator: "溪口区教育局",
    sections: [
      {
        children: [
          new Paragraph({ text: "溪口区教育局2026年工作要点", heading: HeadingLevel.TITLE }),
          new Paragraph({ text: "一、办好人民满意的学前教育", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun("新增普惠性学位600个，公办园在园幼儿占比达到55%以上。")] }),
          new Paragraph({ text: "二、提高义务教育质量", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun("（一）深化课堂教学改革。"),
              new TextRun({ text: "每所学校至少建成1个学科教研组。", bold: true }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

// ---- plain text ------------------------------------------------------------------------------

describe("decode: plain text encodings", () => {
  it("reads UTF-8 without BOM as certain", async () => {
    const d = await decode(utf8(SIMPLIFIED), "plan.txt");
    expect(d).toMatchObject({ format: "txt", encoding: "utf-8", text: SIMPLIFIED, warnings: [] });
    expect(d.blocks.map((b) => b.text)).toEqual(SIMPLIFIED.split("\n"));
    expectBlocksConsistent(d);
  });

  it("strips a UTF-8 BOM", async () => {
    const d = await decode(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SIMPLIFIED)]), "plan.txt");
    expect(d.text).toBe(SIMPLIFIED);
    expect(d.encoding).toBe("utf-8");
  });

  it("reads UTF-16LE and UTF-16BE with BOM", async () => {
    const le = await decode(new Uint8Array([0xff, 0xfe, ...enc(WITH_ASCII, "utf-16le")]), "a.txt");
    const be = await decode(new Uint8Array([0xfe, 0xff, ...enc(SIMPLIFIED, "utf-16be")]), "a.txt");
    expect([le.encoding, le.text]).toEqual(["utf-16le", WITH_ASCII]);
    expect([be.encoding, be.text]).toEqual(["utf-16be", SIMPLIFIED]);
    expect(le.warnings).toEqual([]);
  });

  it("detects UTF-16LE without BOM, by NULs (ASCII-heavy) and by plausibility (all Chinese)", async () => {
    const ascii = await decode(enc(WITH_ASCII, "utf-16le"), "a.txt");
    expect([ascii.encoding, ascii.text]).toEqual(["utf-16le", WITH_ASCII]);
    const chinese = await decode(enc(SIMPLIFIED, "utf-16le"), "a.txt");
    expect([chinese.encoding, chinese.text]).toEqual(["utf-16le", SIMPLIFIED]);
    expect(chinese.warnings.map((w) => w.code)).toEqual(["ENCODING_GUESSED"]);
  });

  it("reads GBK (simplified) as gb18030 and says it guessed", async () => {
    const d = await decode(enc(SIMPLIFIED, "gbk"), "gbk.txt");
    expect(d.encoding).toBe("gb18030");
    expect(d.text).toBe(SIMPLIFIED);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({ code: "ENCODING_GUESSED" });
    expect(d.warnings[0]!.message).toMatch(/GB18030/);
  });

  it("reads Big5 (traditional)", async () => {
    const d = await decode(enc(TRADITIONAL, "big5"), "big5.txt");
    expect(d.encoding).toBe("big5");
    expect(d.text).toBe(TRADITIONAL);
    expect(d.warnings.map((w) => w.code)).toEqual(["ENCODING_GUESSED"]);
  });

  it("keeps GB18030 four-byte characters", async () => {
    const text = "龚䶮同学在全市中小学生作文比赛中获得一等奖。学校计划在𠮷祥路新建一座图书馆，明年投入使用。";
    const bytes = enc(text, "gb18030");
    expect(bytes.length).toBeGreaterThan(enc(text.replace(/[䶮𠮷]/gu, "好"), "gb18030").length); // really 4-byte
    const d = await decode(bytes, "gb18030.txt");
    expect([d.encoding, d.text]).toEqual(["gb18030", text]);
  });

  it("normalises CRLF and CR line ends and keeps empty lines as blocks", async () => {
    const d = await decode(utf8("第一行\r\n\r\n第二行\r第三行\r\n"), "a.txt");
    expect(d.text).toBe("第一行\n\n第二行\n第三行");
    expect(d.blocks.map((b) => b.text)).toEqual(["第一行", "", "第二行", "第三行"]);
    expectBlocksConsistent(d);
  });

  it("reads any other text extension as txt", async () => {
    const d = await decode(utf8(SIMPLIFIED), "plan.md");
    expect(d.format).toBe("txt");
  });
});

// ---- html --------------------------------------------------------------------------------------

const PAGE = `<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk">
<meta name="PubDate" content="2025-02-18 09:30">
<title>石桥县教育局关于印发2025年工作要点的通知 &ndash; 石桥县人民政府</title>
<script>var nav = "<p>不应出现</p>"; document.write('<div>脚本文字</div>');</script>
<style>.p { color: red } /* <p>样式</p> */</style>
</head>
<body>
<header><div class="logo">石桥县人民政府门户网站</div></header>
<div class="topnav"><ul><li><a href="/">首页</a><li><a href="/xw">新闻</a></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开</div>
<div id="content">
  <h1>石桥县教育局2025年工作要点</h1>
  <p>一、加强党的建设&nbsp;&nbsp;</p>
  <p>&emsp;&emsp;全面落实&ldquo;第一议题&rdquo;制度&#x3002;</p>
  <p>二、推进学前教育普及<br>新建幼儿园&#50;所，学位数&gt;800个。</p>
  <table><tr><td>指标</td><td>目标值</td></tr><tr><td>普及率</td><td>95%</td></tr></table>
  <div style="display:none">澳门赌场 在线发牌</div>
</div>
<div class="bdsharebuttonbox"><a class="bds_weixin">分享到微信</a></div>
<noscript>请开启脚本</noscript>
<iframe src="x.html">框架内容</iframe>
<footer>版权所有 石桥县人民政府</footer>
</body></html>`;

const PAGE_TEXT = [
  "石桥县教育局2025年工作要点",
  "一、加强党的建设",
  "全面落实“第一议题”制度。",
  "二、推进学前教育普及",
  "新建幼儿园2所，学位数>800个。",
  "指标",
  "目标值",
  "普及率",
  "95%",
].join("\n");

describe("decode: html", () => {
  it("extracts the main text of a GBK page: drops scripts, nav, share widgets, hidden spam; decodes entities", async () => {
    const d = await decode(enc(PAGE, "gbk"), "notice.html");
    expect(d.format).toBe("html");
    expect(d.encoding).toBe("gb18030");
    expect(d.text).toBe(PAGE_TEXT);
    expect(d.meta).toMatchObject({
      title: "石桥县教育局关于印发2025年工作要点的通知 – 石桥县人民政府",
      pubDate: "2025-02-18 09:30",
    });
    expect(d.warnings).toEqual([]); // the page declared its charset
    expectBlocksConsistent(d);
  });

  it("sniffs html by content whatever the extension, and reads <meta charset> in UTF-8", async () => {
    const page = `<html><head><meta charset="utf-8"><title>通知</title></head><body><p>一、总体要求</p><p>二、主要任务</p></body></html>`;
    const d = await decode(utf8(page), "download.txt");
    expect(d.format).toBe("html");
    expect(d.text).toBe("一、总体要求\n二、主要任务");
    expect(d.meta.title).toBe("通知");
  });

  it("believes UTF-8 bytes over a page that declares gb2312", async () => {
    const d = await decode(
      utf8(`<meta charset="gb2312"><p>${SIMPLIFIED.replace("\n", "</p><p>")}</p>`),
      "mislabelled.html",
    );
    expect([d.encoding, d.text]).toEqual(["utf-8", SIMPLIFIED]);
    expect(d.warnings.map((w) => w.code)).toEqual(["ENCODING_GUESSED"]);
  });

  it("detects the encoding of an html page that declares none", async () => {
    const d = await decode(enc(`<p>${SIMPLIFIED.replace("\n", "</p><p>")}</p>`, "gbk"), "page.htm");
    expect(d.text).toBe(SIMPLIFIED);
    expect(d.warnings.map((w) => w.code)).toEqual(["ENCODING_GUESSED"]);
  });

  it("does not lose the page to a widget that is never closed", async () => {
    const page = `<html><body><div class="share">分享到：<div>一、完善教育督导体系</div><p>二、加强教师队伍建设</p></body></html>`;
    const d = await decode(utf8(page), "broken.html");
    expect(d.text).toContain("一、完善教育督导体系");
    expect(d.text).toContain("二、加强教师队伍建设");
  });

  it("keeps header/footer that belong to an article", async () => {
    const page = `<html><body><nav>首页</nav><article><header><h1>青山镇中心学校工作计划</h1></header><p>一、目标任务</p></article><footer>联系我们</footer></body></html>`;
    const d = await decode(utf8(page), "a.html");
    expect(d.text).toBe("青山镇中心学校工作计划\n一、目标任务");
  });

  it("a page with no readable text is NO_TEXT", async () => {
    expect(
      await code(decode(utf8("<html><body><script>var a=1;</script><nav>首页</nav></body></html>"), "x.html")),
    ).toBe("NO_TEXT");
  });
});

// ---- docx --------------------------------------------------------------------------------------

describe("decode: docx", () => {
  let docx: Uint8Array;
  beforeAll(async () => {
    docx = await planDocx();
  });

  it("reads paragraphs and core properties of a generated .docx", async () => {
    const d = await decode(docx, "plan.docx");
    expect(d.format).toBe("docx");
    expect(d.encoding).toBe("docx");
    const lines = d.blocks.map((b) => b.text).filter(Boolean);
    expect(lines).toEqual([
      "溪口区教育局2026年工作要点",
      "一、办好人民满意的学前教育",
      "新增普惠性学位600个，公办园在园幼儿占比达到55%以上。",
      "二、提高义务教育质量",
      "（一）深化课堂教学改革。每所学校至少建成1个学科教研组。",
    ]);
    expect(d.blocks.some((b) => b.text === "")).toBe(true); // mammoth separates paragraphs by blank lines
    expect(d.meta).toMatchObject({ title: "溪口区教育局2026年工作要点", creator: "溪口区教育局" });
    expect(d.meta.created).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expectBlocksConsistent(d);
  });

  it("sniffs a .docx by content even when misnamed", async () => {
    expect((await decode(docx, "plan.doc")).format).toBe("docx");
  });

  it("rejects a corrupt .docx (random bytes after the zip header)", async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...junk(3000)]);
    expect(await code(decode(bytes, "bad.docx"))).toBe("DOCX_CORRUPT");
  });

  it("rejects a truncated .docx", async () => {
    expect(await code(decode(docx.subarray(0, Math.floor(docx.length / 2)), "cut.docx"))).toBe("DOCX_CORRUPT");
  });

  it("rejects a zip without word/document.xml, and a document.xml mammoth cannot parse", async () => {
    const plain = zip([{ name: "readme.txt", data: utf8("你好") }]);
    expect(await code(decode(plain, "x.docx"))).toBe("DOCX_CORRUPT");
    const broken = zip([
      { name: "[Content_Types].xml", data: utf8(CONTENT_TYPES) },
      { name: "_rels/.rels", data: utf8(RELS) },
      { name: "word/document.xml", data: utf8("<w:document><w:body><w:p>未闭合") },
    ]);
    expect(await code(decode(broken, "x.docx"))).toBe("DOCX_CORRUPT");
  });

  it("a .docx that is not a zip at all is DOCX_CORRUPT", async () => {
    expect(await code(decode(utf8("这不是一个 Word 文档"), "fake.docx"))).toBe("DOCX_CORRUPT");
  });

  it("an encrypted .docx (OLE container with EncryptedPackage) is DOCX_ENCRYPTED, whatever its name", async () => {
    expect(await code(decode(encryptedDocxLike(), "secret.docx"))).toBe("DOCX_ENCRYPTED");
    expect(await code(decode(encryptedDocxLike(), "secret.doc"))).toBe("DOCX_ENCRYPTED");
  });

  describe("zip bombs", () => {
    const zeros = new Uint8Array(5 * 1024 * 1024);
    const bomb = (declare?: number) =>
      zip([
        { name: "[Content_Types].xml", data: utf8(CONTENT_TYPES) },
        { name: "_rels/.rels", data: utf8(RELS) },
        { name: "word/document.xml", data: zeros, deflate: true, ...(declare === undefined ? {} : { declare }) },
      ]);

    it("rejects declared sizes beyond maxInflatedBytes", async () => {
      expect(await code(decode(bomb(), "bomb.docx", { maxInflatedBytes: 1024 * 1024 }))).toBe(
        "DOCX_TOO_LARGE_INFLATED",
      );
    });

    it("rejects an entry that lies about its size and inflates beyond the limit", async () => {
      expect(await code(decode(bomb(100), "liar.docx", { maxInflatedBytes: 1024 * 1024 }))).toBe(
        "DOCX_TOO_LARGE_INFLATED",
      );
    });

    it("rejects an absurd compression ratio even under the default limit", async () => {
      expect(await code(decode(bomb(), "ratio.docx"))).toBe("DOCX_TOO_LARGE_INFLATED");
    });

    it("counts every entry against the budget: several modest entries add up", async () => {
      const parts = Array.from({ length: 4 }, (_, i) => ({
        name: `word/media/x${i}.bin`,
        data: new Uint8Array(600 * 1024),
        deflate: true,
      }));
      const many = zip([
        { name: "[Content_Types].xml", data: utf8(CONTENT_TYPES) },
        { name: "_rels/.rels", data: utf8(RELS) },
        ...parts,
      ]);
      expect(await code(decode(many, "many.docx", { maxInflatedBytes: 2 * 1024 * 1024 }))).toBe(
        "DOCX_TOO_LARGE_INFLATED",
      );
    });
  });
});

// ---- doc ---------------------------------------------------------------------------------------

describe("decode: doc", () => {
  // test/fixtures/binary/sample.doc: made by LibreOffice (Word 97 filter) from a .docx of our own text
  const sample = new Uint8Array(readFileSync(new URL("../test/fixtures/binary/sample.doc", import.meta.url)));

  it("reads a real Word 97 file", async () => {
    const d = await decode(sample, "sample.doc");
    expect(d).toMatchObject({ format: "doc", encoding: "doc" });
    expect(d.blocks.map((b) => b.text)).toEqual([
      "青禾县教育局2025年工作要点",
      "一、扩大学前教育普惠资源",
      "今年新建公办幼儿园2所，新增学位540个，普惠性幼儿园覆盖率稳定在90%以上。",
      "二、推进义务教育优质均衡",
      "完成3所农村小学校舍改造，教师交流轮岗人数不少于120人。",
    ]);
    expectBlocksConsistent(d);
  });

  it("a .doc that is not an OLE file is DOC_CORRUPT", async () => {
    expect(await code(decode(utf8("普通文字，不是 Word 97 文档"), "old.doc"))).toBe("DOC_CORRUPT");
    expect(await code(decode(junk(4096), "old.doc"))).toBe("DOC_CORRUPT");
  });

  it("an OLE file with garbage after the header is DOC_CORRUPT (and does not crash the process)", async () => {
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...junk(8192, 3)]);
    expect(await code(decode(bytes, "bad.doc"))).toBe("DOC_CORRUPT");
  });

  it("a .doc whose allocation table loops is DOC_CORRUPT", async () => {
    const bytes = new Uint8Array(sample);
    // point the directory chain at itself through the FAT: find the directory's first sector and loop it
    const dv = new DataView(bytes.buffer);
    const dir = dv.getInt32(48, true);
    const fatSector = dv.getInt32(76, true);
    const other = dir === 0 ? 1 : 0;
    dv.setInt32(512 + fatSector * 512 + dir * 4, other, true);
    dv.setInt32(512 + fatSector * 512 + other * 4, dir, true);
    expect(await code(decode(bytes, "loop.doc"))).toBe("DOC_CORRUPT");
  });

  it("a password-protected .doc (FIB fEncrypted) is DOCX_ENCRYPTED", async () => {
    const bytes = new Uint8Array(sample);
    let flipped = false;
    for (let off = 512; off + 12 <= bytes.length; off += 512) {
      if (bytes[off] === 0xec && bytes[off + 1] === 0xa5) {
        bytes[off + 0x0b]! |= 0x01;
        flipped = true;
        break;
      }
    }
    expect(flipped).toBe(true);
    expect(await code(decode(bytes, "locked.doc"))).toBe("DOCX_ENCRYPTED");
  });
});

// ---- bad input -----------------------------------------------------------------------------------

describe("decode: bad input", () => {
  it("FILE_TOO_LARGE before anything else, with the limit in the details", async () => {
    const err = await decode(utf8(SIMPLIFIED), "big.txt", { maxBytes: 16 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("FILE_TOO_LARGE");
    expect((err as AppError).details).toMatchObject({ limit: 16 });
  });

  it("FILE_EMPTY for no bytes, whitespace, BOM only, full-width spaces", async () => {
    for (const bytes of [
      new Uint8Array(0),
      utf8(" \n\t\r\n"),
      new Uint8Array([0xef, 0xbb, 0xbf]),
      new Uint8Array([0xff, 0xfe, 0x20, 0x00]),
      utf8("\u3000\u3000\n"),
    ]) {
      expect(await code(decode(bytes, "empty.txt"))).toBe("FILE_EMPTY");
    }
  });

  it("FILE_NOT_TEXT for binary junk", async () => {
    expect(await code(decode(junk(20000), "junk.txt"))).toBe("FILE_NOT_TEXT");
    expect(await code(decode(junk(20000, 99), "junk"))).toBe("FILE_NOT_TEXT");
    expect(
      await code(
        decode(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]), "a.out"),
      ),
    ).toBe("FILE_NOT_TEXT");
  });

  it("FILE_UNSUPPORTED for formats we recognise but do not read", async () => {
    expect(await code(decode(utf8("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "plan.pdf"))).toBe("FILE_UNSUPPORTED");
    expect(
      await code(decode(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "scan.txt")),
    ).toBe("FILE_UNSUPPORTED");
    expect(await code(decode(utf8("{\\rtf1\\ansi 一、总体要求}"), "saved-as-rtf.doc"))).toBe("FILE_UNSUPPORTED");
    const xlsx = zip([{ name: "xl/workbook.xml", data: utf8("<workbook/>") }]);
    expect(await code(decode(xlsx, "table.docx"))).toBe("FILE_UNSUPPORTED");
  });

  it("NO_TEXT when nothing readable decodes", async () => {
    expect(await code(decode(utf8("，。、……——\n！"), "punct.txt"))).toBe("NO_TEXT");
  });
});

describe("toBlocks", () => {
  it("covers the text exactly", () => {
    expect(toBlocks("")).toEqual([{ text: "", start: 0, end: 0 }]);
    expect(toBlocks("a\n\nb")).toEqual([
      { text: "a", start: 0, end: 1 },
      { text: "", start: 2, end: 2 },
      { text: "b", start: 3, end: 4 },
    ]);
  });
});

// ---- properties ----------------------------------------------------------------------------------

describe("decode: properties", () => {
  const RUNS = Number(process.env.FC_RUNS ?? 150); // FC_RUNS=5000 for a longer hunt
  const NAMES = ["x.txt", "x.html", "x.docx", "x.doc"];
  const PREFIXES: number[][] = [
    [],
    [0x50, 0x4b, 0x03, 0x04],
    [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    [0xef, 0xbb, 0xbf],
    [0xff, 0xfe],
    [0xfe, 0xff],
    [...utf8("<html><body><p>")],
    [...utf8('<meta charset="big5"><div class="share">')],
  ];

  /** Ends in a Decoded with consistent blocks or an AppError, within 2 s. */
  async function total(bytes: Uint8Array, name: string): Promise<void> {
    const t0 = performance.now();
    try {
      const d = await decode(bytes, name);
      expectBlocksConsistent(d);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
    }
    expect(performance.now() - t0).toBeLessThan(2000);
  }

  it("any bytes with any supported name: a Decoded or an AppError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 * 1024 }), fc.constantFrom(...NAMES), (bytes, name) =>
        total(bytes, name),
      ),
      { numRuns: RUNS },
    );
  });

  it("bytes behind a magic number or markup prefix", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PREFIXES),
        fc.uint8Array({ maxLength: 16 * 1024 }),
        fc.constantFrom(...NAMES),
        (prefix, tail, name) => total(new Uint8Array([...prefix, ...tail]), name),
      ),
      { numRuns: RUNS },
    );
  });

  it("random text in GBK, Big5, UTF-16 and html wrappers", async () => {
    const encodings = ["utf-8", "gbk", "big5", "gb18030", "utf-16le", "utf-16be"];
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", maxLength: 400 }),
        fc.constantFrom(...encodings),
        fc.boolean(),
        (s, encoding, html) =>
          total(enc(html ? `<html><body><p>${s}</p></body></html>` : s, encoding), html ? "x.html" : "x.txt"),
      ),
      { numRuns: RUNS },
    );
  });

  it("mutated Word files", async () => {
    const sample = new Uint8Array(readFileSync(new URL("../test/fixtures/binary/sample.doc", import.meta.url)));
    const docx = await planDocx();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("doc", "docx"),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 }),
        async (kind, edits) => {
          const bytes = new Uint8Array(kind === "doc" ? sample : docx);
          for (const [at, value] of edits) bytes[8 + (at % (bytes.length - 8))] = value;
          await total(bytes, `x.${kind}`);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
