// Main text of an HTML page without a DOM: a small tolerant tokenizer that drops scripts, styles,
// navigation, headers/footers, hidden elements and share/menu/breadcrumb widgets, turns block
// elements into line breaks and decodes character references. Pure; linear in the input.
import iconv from "iconv-lite";

export interface HtmlText {
  /** Extracted text: one line per block, no blank lines, lines trimmed. */
  text: string;
  /** <title>, and publishing metadata some CMSs put in <meta name=…> (articleTitle, pubDate, contentSource, author). */
  meta: Record<string, string>;
}

/** The charset a page declares in its first bytes (<meta charset> or http-equiv Content-Type), if any. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString("latin1");
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const c = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(m[0]);
    if (c) return c[1]!;
  }
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return xml ? xml[1]! : null;
}

/** True when the start of a text looks like HTML markup. */
export function looksLikeHtml(head: string): boolean {
  const s = head
    .replace(/^[\s\ufeff]+/, "")
    .slice(0, 1024)
    .toLowerCase();
  if (/<!doctype\s+html|<html[\s>]/.test(s)) return true;
  if (!s.startsWith("<")) return false;
  return /<(head|body|meta|title|p|div|table|br)[\s>/]/.test(s);
}

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
  "keygen",
  "frame",
  "basefont",
  "isindex",
]);
/** Elements whose content is raw text (no tags inside), all of it dropped except <title>. */
const RAW = new Set([
  "script",
  "style",
  "title",
  "textarea",
  "xmp",
  "noscript",
  "iframe",
  "noembed",
  "noframes",
  "plaintext",
]);
/** Elements dropped with everything inside. */
const DROP = new Set([
  "nav",
  "aside",
  "svg",
  "math",
  "select",
  "button",
  "object",
  "template",
  "audio",
  "video",
  "canvas",
  "map",
  "dialog",
]);
/** header/footer are dropped unless they belong to an <article> or <main>. */
const PAGE_PARTS = new Set(["header", "footer"]);
const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "br",
  "caption",
  "center",
  "dd",
  "details",
  "dir",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "hr",
  "html",
  "legend",
  "li",
  "main",
  "menu",
  "nav",
  "ol",
  "option",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
]);
const MAX_DEPTH = 512;

// Widget names in class/id: share buttons, menus, navigation, breadcrumbs, footers, sidebars, pagers.
const WIDGET_ANYWHERE =
  /share|bdshare|bshare|jiathis|breadcrumb|crumb|copyright|qrcode|sidebar|toolbar|pagination|dropdown|weixin|wechat/i;
const WIDGET_WORD = new Set([
  "nav",
  "navbar",
  "navs",
  "navigation",
  "topnav",
  "subnav",
  "mainnav",
  "menu",
  "menus",
  "submenu",
  "mainmenu",
  "topmenu",
  "footer",
  "foot",
  "pager",
  "social",
  "dqwz",
]);

function isWidget(attrs: Map<string, string>): boolean {
  for (const key of ["class", "id"]) {
    const v = attrs.get(key);
    if (!v) continue;
    for (const token of v.split(/\s+/)) {
      if (!token) continue;
      if (WIDGET_ANYWHERE.test(token)) return true;
      const words = token
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .toLowerCase()
        .split(/[-_\s\d]+/);
      if (words.some((w) => WIDGET_WORD.has(w))) return true;
    }
  }
  return false;
}

function isHidden(attrs: Map<string, string>): boolean {
  if (attrs.has("hidden") || attrs.get("aria-hidden") === "true") return true;
  const style = attrs.get("style");
  return !!style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

// ---- character references ----------------------------------------------------------------

const NAMED: Record<string, string> = {
  nbsp: "\u00a0",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ldquo: "“",
  rdquo: "”",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  bdquo: "„",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  middot: "·",
  bull: "•",
  times: "×",
  divide: "÷",
  copy: "©",
  reg: "®",
  trade: "™",
  deg: "°",
  plusmn: "±",
  yen: "¥",
  ensp: "\u2002",
  emsp: "\u2003",
  thinsp: "\u2009",
  zwnj: "\u200c",
  zwj: "\u200d",
  shy: "\u00ad",
  laquo: "«",
  raquo: "»",
  permil: "‰",
  sect: "§",
  para: "¶",
  prime: "′",
  Prime: "″",
  larr: "←",
  rarr: "→",
  uarr: "↑",
  darr: "↓",
  le: "≤",
  ge: "≥",
  ne: "≠",
  asymp: "≈",
  minus: "−",
  lowast: "∗",
  radic: "√",
  infin: "∞",
  cent: "¢",
  pound: "£",
  euro: "€",
  frac12: "½",
  frac14: "¼",
  frac34: "¾",
  sup1: "¹",
  sup2: "²",
  sup3: "³",
  micro: "µ",
  ordm: "º",
  ordf: "ª",
  iexcl: "¡",
  iquest: "¿",
  loz: "◊",
  hearts: "♥",
  star: "☆",
  starf: "★",
  check: "✓",
  cross: "✗",
  circ: "ˆ",
  tilde: "˜",
  acute: "´",
  uml: "¨",
  macr: "¯",
  cedil: "¸",
};
/** Names browsers accept without the trailing semicolon. */
const LEGACY = new Set(["nbsp", "amp", "lt", "gt", "quot", "copy", "reg"]);

export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(
    /&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31})(;?)/g,
    (whole, ref: string, semi: string) => {
      if (ref.startsWith("#")) {
        let cp = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (cp >= 0x80 && cp <= 0x9f) return iconv.decode(Buffer.from([cp]), "windows-1252"); // what browsers do
        if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
        return String.fromCodePoint(cp);
      }
      const named = NAMED[ref];
      if (named !== undefined && (semi || LEGACY.has(ref))) return named;
      return whole;
    },
  );
}

// ---- tokenizer ----------------------------------------------------------------------------

interface Open {
  name: string;
  /** Dropped with its content. */
  drop: boolean;
  /** Offset of the start tag: identifies an element across passes. */
  at: number;
  /** Characters of text this element suppressed while it was the outermost dropped one. */
  hid: number;
}

const TAG_NAME = /[a-zA-Z][^\s/>\0]*/y;
const ATTR = /[\s/]*([^\s/>=\0][^\s/>=\0]*)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?/y;
const MAX_ATTRS = 64;

interface Tag {
  name: string;
  attrs: Map<string, string>;
  selfClosing: boolean;
  /** Index just after the closing '>'. */
  end: number;
}

function readTag(src: string, at: number): Tag | null {
  TAG_NAME.lastIndex = at;
  const m = TAG_NAME.exec(src);
  if (!m) return null;
  const attrs = new Map<string, string>();
  let i = TAG_NAME.lastIndex;
  for (let k = 0; k < MAX_ATTRS * 4; k++) {
    while (i < src.length && /[\s/]/.test(src[i]!)) i++;
    if (i >= src.length || src[i] === ">") break;
    ATTR.lastIndex = i;
    const a = ATTR.exec(src);
    if (!a || ATTR.lastIndex === i) {
      i++;
      continue;
    }
    const key = a[1]!.toLowerCase();
    if (attrs.size < MAX_ATTRS && !attrs.has(key)) attrs.set(key, decodeEntities(a[2] ?? a[3] ?? a[4] ?? ""));
    i = ATTR.lastIndex;
  }
  const close = src.indexOf(">", i);
  const end = close < 0 ? src.length : close + 1;
  return { name: m[0].toLowerCase(), attrs, selfClosing: close > 0 && src[close - 1] === "/", end };
}

function indexOfCI(src: string, needle: string, from: number): number {
  const re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi");
  re.lastIndex = from;
  const m = re.exec(src);
  return m ? m.index : -1;
}

const META_NAMES: Record<string, string> = {
  articletitle: "articleTitle",
  pubdate: "pubDate",
  contentsource: "contentSource",
  author: "author",
};

function collapse(s: string): string {
  return s.replace(/[\s\u00a0]+/g, " ").trim();
}

interface Pass {
  text: string;
  meta: Record<string, string>;
  kept: number;
  /** Start offsets of dropped elements still open at the end, with the text they hid. */
  unclosed: Open[];
}

function run(src: string, spare: ReadonlySet<number>): Pass {
  const out: string[] = [];
  const meta: Record<string, string> = {};
  const stack: Open[] = [];
  let dropped = 0; // number of dropped elements on the stack
  let pre = 0;
  let inArticle = 0;
  let kept = 0;

  const boundary = () => {
    if (dropped === 0) out.push("\n");
  };
  const emit = (raw: string) => {
    if (!raw) return;
    const text = decodeEntities(raw);
    if (dropped > 0) {
      const outer = stack.find((e) => e.drop);
      if (outer) outer.hid += text.length;
      return;
    }
    kept += text.length;
    out.push(pre > 0 ? text.replace(/\r\n?/g, "\n") : text.replace(/[\t\n\f\r ]+/g, " "));
  };
  const implied: Open[] = []; // dropped elements closed only implicitly, by an ancestor's end tag
  const pop = (to: number) => {
    while (stack.length > to) {
      const e = stack.pop()!;
      if (e.drop) {
        dropped--;
        if (stack.length > to) implied.push(e);
      }
      if (e.name === "pre") pre--;
      if (e.name === "article" || e.name === "main") inArticle--;
    }
  };
  const closeImplied = (name: string) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.name === "p" && (BLOCK.has(name) || name === "p")) pop(stack.length - 1);
    else if (
      name === "li" ||
      name === "dt" ||
      name === "dd" ||
      name === "tr" ||
      name === "td" ||
      name === "th" ||
      name === "option"
    ) {
      const peers =
        name === "li"
          ? ["li"]
          : name === "dt" || name === "dd"
            ? ["dt", "dd"]
            : name === "tr"
              ? ["tr", "td", "th"]
              : name === "option"
                ? ["option"]
                : ["td", "th"];
      const stop =
        name === "li"
          ? ["ul", "ol", "menu"]
          : name === "tr"
            ? ["table", "tbody", "thead", "tfoot"]
            : name === "td" || name === "th"
              ? ["tr", "table"]
              : ["dl", "select"];
      for (let k = stack.length - 1; k >= 0; k--) {
        const e = stack[k]!;
        if (stop.includes(e.name)) break;
        if (peers.includes(e.name)) {
          pop(k);
          break;
        }
      }
    }
  };

  let i = 0;
  let textStart = 0;
  const n = src.length;
  while (i < n) {
    const lt = src.indexOf("<", i);
    if (lt < 0) break;
    const next = src[lt + 1];
    if (next === "!") {
      emit(src.slice(textStart, lt));
      if (src.startsWith("<!--", lt)) {
        const e = src.indexOf("-->", lt + 4);
        i = e < 0 ? n : e + 3;
      } else if (src.startsWith("<![CDATA[", lt)) {
        const e = src.indexOf("]]>", lt + 9);
        emit(src.slice(lt + 9, e < 0 ? n : e));
        i = e < 0 ? n : e + 3;
      } else {
        const e = src.indexOf(">", lt + 2);
        i = e < 0 ? n : e + 1;
      }
      textStart = i;
      continue;
    }
    if (next === "?") {
      emit(src.slice(textStart, lt));
      const e = src.indexOf(">", lt + 2);
      i = textStart = e < 0 ? n : e + 1;
      continue;
    }
    if (next === "/") {
      TAG_NAME.lastIndex = lt + 2;
      const m = TAG_NAME.exec(src);
      if (!m) {
        i = lt + 1; // a lone "</" is text
        continue;
      }
      emit(src.slice(textStart, lt));
      const name = m[0].toLowerCase();
      const e = src.indexOf(">", TAG_NAME.lastIndex);
      i = textStart = e < 0 ? n : e + 1;
      if (BLOCK.has(name)) boundary();
      for (let k = stack.length - 1; k >= 0; k--) {
        if (stack[k]!.name === name) {
          pop(k);
          break;
        }
      }
      if (BLOCK.has(name)) boundary();
      continue;
    }
    const tag = readTag(src, lt + 1);
    if (!tag) {
      i = lt + 1; // "<" followed by no tag name is text ("a < b")
      continue;
    }
    emit(src.slice(textStart, lt));
    i = textStart = tag.end;
    const { name, attrs } = tag;

    if (name === "meta") {
      const key = META_NAMES[(attrs.get("name") ?? "").toLowerCase()];
      const content = collapse(attrs.get("content") ?? "");
      if (key && content && !(key in meta)) meta[key] = content;
      continue;
    }
    if (RAW.has(name)) {
      if (tag.selfClosing) continue;
      const close = indexOfCI(src, "</" + name, i);
      const body = src.slice(i, close < 0 ? n : close);
      if (name === "title" && !("title" in meta)) {
        const t = collapse(decodeEntities(body));
        if (t) meta.title = t;
      }
      if (close < 0) {
        i = textStart = n;
      } else {
        const e = src.indexOf(">", close);
        i = textStart = e < 0 ? n : e + 1;
      }
      continue;
    }
    closeImplied(name);
    if (BLOCK.has(name)) boundary();
    if (VOID.has(name) || tag.selfClosing) continue;
    if (stack.length >= MAX_DEPTH) continue;
    const drop =
      !spare.has(lt) &&
      (DROP.has(name) || (PAGE_PARTS.has(name) && inArticle === 0) || isHidden(attrs) || isWidget(attrs));
    stack.push({ name, drop, at: lt, hid: 0 });
    if (drop) dropped++;
    if (name === "pre") pre++;
    if (name === "article" || name === "main") inArticle++;
  }
  emit(src.slice(textStart));

  const lines: string[] = [];
  for (const line of out.join("").split("\n")) {
    const t = line.replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, "");
    if (t) lines.push(t);
  }
  return { text: lines.join("\n"), meta, kept, unclosed: [...implied, ...stack.filter((e) => e.drop)] };
}

/**
 * Extracts the readable text of an HTML document (already decoded to a string).
 * If a dropped element is never closed (or closed only by an ancestor's end tag) and so swallowed
 * more text than was kept, the page is read again sparing every such element: broken markup must
 * not lose the document.
 */
export function extractHtml(src: string): HtmlText {
  const first = run(src, new Set());
  if (!first.unclosed.some((e) => e.hid > first.kept)) return { text: first.text, meta: first.meta };
  const second = run(src, new Set(first.unclosed.map((e) => e.at)));
  return { text: second.text, meta: second.meta };
}
