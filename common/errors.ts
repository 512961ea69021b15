// Every error the system reports carries a code from this table: HTTP status, zh-CN and English message.
// The web looks messages up by code; the CLI prints "zh (en)".

export const ERRORS = {
  FILE_NOT_FOUND: { status: 404, zh: "文件不存在或无法打开", en: "file not found or cannot be opened" },
  FILE_EMPTY: { status: 422, zh: "文件为空", en: "the file is empty" },
  FILE_TOO_LARGE: { status: 413, zh: "文件超过大小限制", en: "the file exceeds the size limit" },
  FILE_UNSUPPORTED: { status: 415, zh: "不支持的文件类型，请上传 .docx、.doc、.html 或 .txt 文件", en: "unsupported file type; use .docx, .doc, .html or .txt" },
  FILE_NOT_TEXT: { status: 422, zh: "文件不是文本文档（疑似二进制文件）", en: "the file is binary, not a text document" },
  DOCX_ENCRYPTED: { status: 422, zh: "Word 文档已加密，请去除密码后再导入", en: "the Word document is password-protected" },
  DOCX_CORRUPT: { status: 422, zh: "Word 文档已损坏，无法读取", en: "the Word document is corrupt" },
  DOCX_TOO_LARGE_INFLATED: { status: 413, zh: "Word 文档解压后过大（疑似压缩炸弹）", en: "the Word document inflates beyond the limit (zip bomb?)" },
  DOC_CORRUPT: { status: 422, zh: "旧版 Word (.doc) 文档已损坏，无法读取", en: "the legacy Word (.doc) file is corrupt" },
  NO_TEXT: { status: 422, zh: "文档中没有可读的文字", en: "the document contains no readable text" },
  CLI_USAGE: { status: 400, zh: "命令用法有误", en: "invalid command usage" },
  INTERNAL: { status: 500, zh: "程序内部错误", en: "internal error" },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, details: Record<string, unknown> = {}) {
    super(`${code}: ${ERRORS[code].en}`);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
  get zh(): string {
    return ERRORS[this.code].zh;
  }
  get en(): string {
    return ERRORS[this.code].en;
  }
}

export function messageFor(code: ErrorCode, lang: "zh" | "en" = "zh"): string {
  return ERRORS[code][lang];
}
