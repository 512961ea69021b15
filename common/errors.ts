// Every error the system reports carries a code from this table: HTTP status, zh-CN and English message.
// The web looks messages up by code; the CLI prints "zh (en)".

export const ERRORS = {
  FILE_NOT_FOUND: { status: 404, zh: "文件不存在或无法打开", en: "file not found or cannot be opened" },
  FILE_EMPTY: { status: 422, zh: "文件为空", en: "the file is empty" },
  FILE_TOO_LARGE: { status: 413, zh: "文件超过大小限制", en: "the file exceeds the size limit" },
  FILE_UNSUPPORTED: {
    status: 415,
    zh: "不支持的文件类型，请上传 .docx、.doc、.html 或 .txt 文件",
    en: "unsupported file type; use .docx, .doc, .html or .txt",
  },
  FILE_NOT_TEXT: {
    status: 422,
    zh: "文件不是文本文档（疑似二进制文件）",
    en: "the file is binary, not a text document",
  },
  DOCX_ENCRYPTED: {
    status: 422,
    zh: "Word 文档已加密，请去除密码后再导入",
    en: "the Word document is password-protected",
  },
  DOCX_CORRUPT: { status: 422, zh: "Word 文档已损坏，无法读取", en: "the Word document is corrupt" },
  DOCX_TOO_LARGE_INFLATED: {
    status: 413,
    zh: "Word 文档解压后过大（疑似压缩炸弹）",
    en: "the Word document inflates beyond the limit (zip bomb?)",
  },
  DOC_CORRUPT: {
    status: 422,
    zh: "旧版 Word (.doc) 文档已损坏，无法读取",
    en: "the legacy Word (.doc) file is corrupt",
  },
  NO_TEXT: { status: 422, zh: "文档中没有可读的文字", en: "the document contains no readable text" },
  CLI_USAGE: { status: 400, zh: "命令用法有误", en: "invalid command usage" },
  INTERNAL: { status: 500, zh: "程序内部错误", en: "internal error" },

  // HTTP and validation
  VALIDATION: { status: 400, zh: "提交的数据不符合要求", en: "the request is invalid" },
  MALFORMED_JSON: { status: 400, zh: "请求内容不是有效的 JSON", en: "the request body is not valid JSON" },
  NOT_FOUND: { status: 404, zh: "找不到该对象，或您无权查看", en: "not found, or not visible to you" },
  ROUTE_NOT_FOUND: { status: 404, zh: "接口不存在", en: "no such endpoint" },
  PAYLOAD_TOO_LARGE: { status: 413, zh: "上传内容超过大小限制", en: "the upload exceeds the size limit" },
  STALE_VERSION: {
    status: 409,
    zh: "数据已被他人修改，请刷新后重试",
    en: "someone else changed this; reload and try again",
  },
  CONFLICT: { status: 409, zh: "与现有数据冲突", en: "conflicts with existing data" },

  // accounts and access
  AUTH_REQUIRED: { status: 401, zh: "请先登录", en: "please log in" },
  LOGIN_FAILED: { status: 401, zh: "用户名或密码错误", en: "wrong username or password" },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: "登录失败次数过多，账号已临时锁定，请稍后再试",
    en: "too many failed logins; the account is locked for a while",
  },
  ACCOUNT_DISABLED: { status: 403, zh: "账号已停用，请联系管理员", en: "the account is disabled" },
  RATE_LIMITED: { status: 429, zh: "尝试过于频繁，请稍后再试", en: "too many attempts; try again later" },
  CSRF_FAILED: { status: 403, zh: "安全校验失败，请刷新页面后重试", en: "CSRF check failed; reload the page" },
  FORBIDDEN: { status: 403, zh: "您没有执行此操作的权限", en: "you may not do this" },
  WEAK_PASSWORD: {
    status: 422,
    zh: "密码至少 10 位，且须包含字母和数字",
    en: "the password needs at least 10 characters with letters and digits",
  },
  PASSWORD_MISMATCH: { status: 422, zh: "原密码不正确", en: "the current password is wrong" },
  USERNAME_TAKEN: { status: 409, zh: "用户名已存在", en: "the username is taken" },
  CANNOT_DISABLE_SELF: { status: 409, zh: "不能停用自己的账号", en: "you cannot disable your own account" },
  CANNOT_CHANGE_OWN_ROLE: {
    status: 409,
    zh: "不能修改自己的角色，请由其他系统管理员操作",
    en: "you cannot change your own role; ask another administrator",
  },
  LAST_ADMIN: {
    status: 409,
    zh: "这是最后一个启用的系统管理员，不能降级或停用；请先为其他人设置系统管理员角色",
    en: "this is the last active administrator and cannot be demoted or disabled; make someone else an administrator first",
  },

  // plans and tasks
  DRAFT_CLOSED: {
    status: 409,
    zh: "该导入草稿已提交或已放弃，不能再修改",
    en: "the import draft was committed or discarded",
  },
  DRAFT_ITEM_NOT_FOUND: { status: 404, zh: "草稿中没有该条目", en: "no such item in the draft" },
  DRAFT_EMPTY: { status: 422, zh: "草稿中没有可提交的条目", en: "the draft has no items to commit" },
  LEDGER_INVALID: {
    status: 422,
    zh: "台账表格有错误，未导入任何数据",
    en: "the ledger spreadsheet has errors; nothing was imported",
  },
  DRAFT_OP_INVALID: {
    status: 422,
    zh: "草稿修改操作无效，未做任何修改",
    en: "a draft edit is invalid; nothing was changed",
  },
  LEDGER_UNSUPPORTED: {
    status: 415,
    zh: "台账请上传 .xlsx 格式的 Excel 表格",
    en: "upload the ledger as an .xlsx spreadsheet",
  },
  LEDGER_UNREADABLE: {
    status: 422,
    zh: "无法读取该 Excel 表格，请确认文件未损坏、未加密",
    en: "the spreadsheet cannot be read (corrupt or encrypted?)",
  },
  UNIT_OUT_OF_SCOPE: {
    status: 422,
    zh: "单位不存在或不在本局管辖范围内",
    en: "the unit does not exist or is outside the bureau",
  },
  DEPUTY_INVALID: {
    status: 422,
    zh: "分管领导须为本局的分管领导或主要领导账号",
    en: "the deputy must be a leader account of the bureau",
  },
  TASK_IS_SECTION: {
    status: 422,
    zh: "章节不能交办，请交办其下的具体任务",
    en: "a section cannot be assigned; assign its tasks",
  },
  TASK_NOT_DRAFT: {
    status: 409,
    zh: "任务已交办或正在办理，不能删除",
    en: "the task is under way and cannot be deleted",
  },
  TASK_NOT_ASSIGNED: {
    status: 409,
    zh: "任务尚未交办（未指定牵头单位或完成时限）",
    en: "the task has no lead unit or deadline yet",
  },
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    zh: "任务当前状态下不能执行此操作",
    en: "the task cannot do this in its current state",
  },
  REASON_REQUIRED: { status: 422, zh: "请填写理由", en: "a reason is required" },
  REPORT_ALREADY_REVIEWED: { status: 409, zh: "该进展报告已审核", en: "the progress report was already reviewed" },
  SUPERVISION_ORDER_CLOSED: { status: 409, zh: "该督办单已办结", en: "the supervision order is closed" },
  EVIDENCE_UNSUPPORTED: {
    status: 415,
    zh: "不支持的佐证材料类型，请上传文档、表格、图片、音视频或压缩包",
    en: "unsupported evidence file type",
  },
  EVIDENCE_TOO_MANY: {
    status: 422,
    zh: "每份进展报告最多上传 5 个佐证材料",
    en: "at most 5 evidence files per report",
  },
  DUE_DATE_PAST: { status: 422, zh: "办理期限不能早于今天", en: "the due date is in the past" },

  // reports
  CARRY_OVER_EXISTS: {
    status: 409,
    zh: "本计划已结转到该年度，不能重复结转",
    en: "this plan was already carried over into that year",
  },
  // indicators, data side (registry, data entry, rounds, approval)
  REGISTRY_INVALID: {
    status: 422,
    zh: "学校登记表有错误，未导入任何数据",
    en: "the registry spreadsheet has errors; nothing was imported",
  },
  DATA_INVALID: { status: 422, zh: "填报数据有错误，未保存任何数据", en: "the data has errors; nothing was saved" },
  DATA_LOCKED: {
    status: 409,
    zh: "数据已上报、审核或锁定，不能修改",
    en: "the data was submitted, approved or locked and cannot be changed",
  },
  VALIDATION_RULES_FAILED: {
    status: 409,
    zh: "数据未通过校验规则，请修正后再上报或审核",
    en: "the data fails validation rules; fix it before submitting or approving",
  },
  APPROVAL_NOT_ALLOWED: {
    status: 409,
    zh: "当前审核状态下不能执行此操作",
    en: "not possible in the current approval state",
  },
  CHILDREN_NOT_APPROVED: {
    status: 409,
    zh: "下级单位尚未全部审核通过",
    en: "not every unit below has been approved yet",
  },
  EXPR_INVALID: { status: 422, zh: "表达式有误", en: "the expression is invalid" },
  ROUND_CLOSED: {
    status: 409,
    zh: "该采集轮次已关闭，不能再填报、导入或上报",
    en: "the collection round is closed: no more entry, uploads or submissions",
  },
  ELEMENT_BUILTIN: { status: 409, zh: "内置数据项不能修改", en: "built-in data elements cannot be changed" },
  ELEMENT_HAS_VALUES: {
    status: 409,
    zh: "该数据项已有填报数据，不能修改取值类型或分类",
    en: "the data element has values: its value type and categories cannot change",
  },
  // indicators, calculation side (catalogue, explorer, target links)
  INDICATOR_UNKNOWN: { status: 404, zh: "指标或达标模板不存在", en: "no such indicator or threshold template" },
  TARGET_LINK_INVALID: {
    status: 422,
    zh: "该目标不能关联此指标（单位不一致）",
    en: "the target cannot be linked to this indicator (unit mismatch)",
  },
  // custom indicators (calc/custom.ts)
  INDICATOR_EXPR_INVALID: {
    status: 400,
    zh: "指标的分子或分母表达式有误",
    en: "the indicator's numerator or denominator expression is invalid",
  },
  INDICATOR_ELEMENT_UNKNOWN: {
    status: 400,
    zh: "表达式引用了不存在的数据项、分类或筛选条件",
    en: "the expression refers to an unknown data element, category or unit filter",
  },
  INDICATOR_CODE_TAKEN: {
    status: 409,
    zh: "指标代码已被使用（与内置指标或已有自定义指标重复）",
    en: "the indicator code is taken (by a built-in or another custom indicator)",
  },
  INDICATOR_BUILTIN: {
    status: 409,
    zh: "内置指标不能修改或删除",
    en: "built-in indicators cannot be changed or deleted",
  },
  INDICATOR_IN_USE: {
    status: 409,
    zh: "该指标已关联规划目标，不能删除；请先在目标关联中改选其他指标",
    en: "the indicator is linked to plan targets and cannot be deleted; re-point those links first",
  },
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
