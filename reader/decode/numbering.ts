// Word's automatic numbering. A heading typed as "一、总体要求" keeps its "一、" in the text, but one
// numbered by Word (w:numPr → numbering.xml) does not: the reader would lose the outline. This
// rebuilds the labels ("一、", "（二）", "3.", "④") from numbering.xml and the paragraphs' numPr,
// directly or through their style, and returns the document's paragraphs with their labels.

interface Level {
  start: number;
  fmt: string;
  text: string;
}

const attr = (xml: string, name: string) => new RegExp(`${name}="([^"]*)"`, "u").exec(xml)?.[1];

/**
 * Each `<tag …>inner</tag>` of an XML text as [openingTag, inner], found by splitting on the closing
 * tag: linear whatever the input (a lazy regex over unclosed tags would be quadratic). With nesting,
 * the innermost element of each closing tag wins, which is what paragraphs in text boxes need.
 */
function* elements(xml: string, tag: string): Generator<[string, string]> {
  const close = `</${tag}>`;
  for (const chunk of xml.split(close).slice(0, -1)) {
    const at = Math.max(chunk.lastIndexOf(`<${tag} `), chunk.lastIndexOf(`<${tag}>`));
    if (at < 0) continue;
    const end = chunk.indexOf(">", at);
    if (end < 0) continue;
    yield [chunk.slice(at, end + 1), chunk.slice(end + 1)];
  }
}

/** abstractNum id → levels; num id → abstractNum id (+ start overrides). */
export function parseNumbering(xml: string) {
  const abstract = new Map<string, Map<number, Level>>();
  for (const [open, inner] of elements(xml, "w:abstractNum")) {
    const id = attr(open, "w:abstractNumId");
    if (id === undefined) continue;
    const levels = new Map<number, Level>();
    for (const [lvlOpen, body] of elements(inner, "w:lvl")) {
      const ilvl = attr(lvlOpen, "w:ilvl");
      if (ilvl === undefined) continue;
      levels.set(Number(ilvl), {
        start: Number(attr(/<w:start\b[^>]*\/>/u.exec(body)?.[0] ?? "", "w:val") ?? 1),
        fmt: attr(/<w:numFmt\b[^>]*\/>/u.exec(body)?.[0] ?? "", "w:val") ?? "decimal",
        text: attr(/<w:lvlText\b[^>]*\/>/u.exec(body)?.[0] ?? "", "w:val") ?? "",
      });
    }
    abstract.set(id, levels);
  }
  const nums = new Map<string, { abstractId: string; starts: Map<number, number> }>();
  for (const [open, inner] of elements(xml, "w:num")) {
    const numId = attr(open, "w:numId");
    const abstractId = attr(/<w:abstractNumId\b[^>]*\/>/u.exec(inner)?.[0] ?? "", "w:val");
    if (numId === undefined || abstractId === undefined) continue;
    const starts = new Map<number, number>();
    for (const [oOpen, oInner] of elements(inner, "w:lvlOverride")) {
      const v = attr(/<w:startOverride\b[^>]*\/>/u.exec(oInner)?.[0] ?? "", "w:val");
      const ilvl = attr(oOpen, "w:ilvl");
      if (v !== undefined && ilvl !== undefined) starts.set(Number(ilvl), Number(v));
    }
    nums.set(numId, { abstractId, starts });
  }
  return { abstract, nums };
}

/** style id → its numPr, for headings numbered through their style. */
export function parseStyleNumbering(xml: string): Map<string, { numId: string; ilvl: number }> {
  const out = new Map<string, { numId: string; ilvl: number }>();
  for (const [open, inner] of elements(xml, "w:style")) {
    const styleId = attr(open, "w:styleId");
    const numPr = [...elements(inner, "w:numPr")][0]?.[1];
    const numId = numPr && attr(/<w:numId\b[^>]*\/>/u.exec(numPr)?.[0] ?? "", "w:val");
    if (styleId && numId)
      out.set(styleId, { numId, ilvl: Number(attr(/<w:ilvl\b[^>]*\/>/u.exec(numPr)?.[0] ?? "", "w:val") ?? 0) });
  }
  return out;
}

const CN = "零一二三四五六七八九";
function chinese(n: number): string {
  if (n <= 0 || n >= 100) return String(n);
  if (n < 10) return CN[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? "" : CN[tens]}十${n % 10 ? CN[n % 10] : ""}`;
}

export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case "chineseCounting":
    case "chineseCountingThousand":
    case "chineseCountingTenThousand":
    case "ideographDigital":
    case "chineseLegalSimplified":
      return chinese(n);
    case "decimalEnclosedCircle":
    case "decimalEnclosedCircleChinese":
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case "upperLetter":
      return String.fromCharCode(64 + (((n - 1) % 26) + 1));
    case "lowerLetter":
      return String.fromCharCode(96 + (((n - 1) % 26) + 1));
    case "bullet":
    case "none":
      return "";
    default:
      return String(n);
  }
}

const xmlUnescape = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/giu, (_, r: string) => {
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (named[r.toLowerCase()]) return named[r.toLowerCase()]!;
    const cp = r[1] === "x" || r[1] === "X" ? parseInt(r.slice(2), 16) : parseInt(r.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : "";
  });

/**
 * The document's paragraphs as text, each automatically numbered one with its label in front; null
 * when no paragraph is numbered by Word (the caller keeps mammoth's text then).
 */
export function numberedParagraphs(
  documentXml: string,
  numberingXml: string,
  stylesXml: string | null,
): string[] | null {
  const { abstract, nums } = parseNumbering(numberingXml);
  const styles = stylesXml ? parseStyleNumbering(stylesXml) : new Map<string, { numId: string; ilvl: number }>();
  const counters = new Map<string, number[]>(); // numId → counter per level
  const out: string[] = [];
  let numbered = 0;
  for (const [, xml] of elements(documentXml, "w:p")) {
    const pPr = [...elements(xml, "w:pPr")][0]?.[1] ?? "";
    const numPr = [...elements(pPr, "w:numPr")][0]?.[1];
    const style = attr(/<w:pStyle\b[^>]*\/>/u.exec(pPr)?.[0] ?? "", "w:val");
    let ref: { numId: string; ilvl: number } | undefined;
    if (numPr) {
      const numId = attr(/<w:numId\b[^>]*\/>/u.exec(numPr)?.[0] ?? "", "w:val");
      const ilvlAttr = attr(/<w:ilvl\b[^>]*\/>/u.exec(numPr)?.[0] ?? "", "w:val");
      const ilvl = ilvlAttr !== undefined ? Number(ilvlAttr) : (styles.get(style ?? "")?.ilvl ?? 0);
      if (numId && numId !== "0") ref = { numId, ilvl };
    } else if (style && styles.has(style)) ref = styles.get(style);
    const text = xmlUnescape(
      [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br)\b[^>]*\/>/gu)]
        .map((m) => (m[2] === "tab" ? "\t" : m[2] === "br" ? "\n" : m[1]!))
        .join(""),
    );
    let label = "";
    const num = ref && nums.get(ref.numId);
    const levels = num && abstract.get(num.abstractId);
    const level = levels?.get(ref!.ilvl);
    if (ref && num && levels && level && text.trim()) {
      const c = counters.get(ref.numId) ?? [];
      for (let k = 0; k <= ref.ilvl; k++)
        if (c[k] === undefined) c[k] = (num.starts.get(k) ?? levels.get(k)?.start ?? 1) - 1;
      c[ref.ilvl]! += 1;
      c.length = ref.ilvl + 1; // deeper levels restart
      counters.set(ref.numId, c);
      label = level.text.replace(/%(\d)/gu, (_, d: string) => {
        const k = Number(d) - 1;
        return formatNumber(c[k] ?? 1, levels.get(k)?.fmt ?? "decimal");
      });
      if (label) numbered++;
    }
    out.push(label + text);
  }
  return numbered ? out : null;
}
