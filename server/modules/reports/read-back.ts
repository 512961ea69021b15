// Test helpers: read generated files back (mammoth for .docx text and tables, JSZip for properties).
import JSZip from "jszip";
import mammoth from "mammoth";

const strip = (html: string) =>
  html
    .replace(/<[^>]+>/gu, "")
    .replace(/&amp;/gu, "&")
    .replace(/&lt;/gu, "<")
    .replace(/&gt;/gu, ">")
    .replace(/&quot;/gu, '"')
    .trim();

export async function docxText(bytes: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: bytes })).value;
}

/** Every table of the document as rows of cell texts (paragraphs inside a cell joined by "\n"). */
export async function docxTables(bytes: Buffer): Promise<string[][][]> {
  const html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/gu)].map((t) =>
    [...t[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/gu)].map((r) =>
      [...r[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/gu)].map((c) =>
        c[1]!.split(/<\/p>/u).map(strip).filter(Boolean).join("\n"),
      ),
    ),
  );
}

export async function coreProperties(bytes: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file("docProps/core.xml")?.async("string")) ?? "";
  const out: Record<string, string> = {};
  for (const m of xml.matchAll(/<(?:cp|dc):(\w+)[^>]*>([^<]*)<\//gu)) out[m[1]!] = m[2]!;
  return out;
}
