// The texts of the notifications (消息通知) in one place: the server writes them in Chinese (the supervision
// module's use cases and its sweep, stored in notifications.title / body and emailed), and the web app's
// English mode reads them back into English with the patterns below. What people wrote — task titles,
// reasons, messages, answers, display names, milestone titles — stays as written; only the system's words
// are translated. A text the patterns do not know (an older wording) is shown as stored.

export type NoticeKind = "transition" | "report" | "review" | "reminder" | "escalation" | "urge" | "order";

export interface NoticeText {
  kind: NoticeKind;
  title: string;
  body: string;
}

/** Who an overdue task is escalated to: level 1 the deputy leader in charge, level 2 the bureau leader. */
export type EscalatedTo = "deputy" | "leader";

export const ESCALATED_TO_NAMES: Record<EscalatedTo, string> = { deputy: "分管领导", leader: "主要领导" };

/** A reminder's lines are joined with this. */
export const REMINDER_SEPARATOR = "；";

const text = (kind: NoticeKind, title: string, body = ""): NoticeText => ({ kind, title, body });
const returned = (reason: string | null | undefined) => `退回理由：${reason ?? ""}`;

/** The lines of a reminder (提醒): what falls due for the lead unit. */
export const reminderLineZh = {
  notAccepted: (days: number) => `任务已交办 ${days} 天，尚未签收`,
  overdue: (deadline: string, days: number) => `已超过完成时限（${deadline}）${days} 天，请抓紧办理`,
  dueToday: (deadline: string) => `今天（${deadline}）到期`,
  dueIn: (deadline: string, days: number) => `距完成时限（${deadline}）还有 ${days} 天`,
  milestoneDue: (title: string, dueOn: string) => `节点「${title}」${dueOn} 到期`,
  reportOverdue: (days: number) => `进展报告已逾期 ${days} 天，请尽快报送`,
  reportDue: (dueOn: string) => `请于 ${dueOn} 前报送进展报告`,
};

/** The Chinese notifications, one builder per kind of event. `task` is the task's title. */
export const noticeZh = {
  // the task's lifecycle (kind transition)
  dispatch: (task: string, deadline: string | null, note?: string | null) =>
    text("transition", `新交办任务：${task}`, `完成时限 ${deadline}，请及时签收并按要求报送进展。${note ?? ""}`),
  accept: (task: string, who: string) => text("transition", `任务已签收：${task}`, `${who} 已签收。`),
  decline: (task: string, who: string, reason?: string | null) =>
    text("transition", `任务被拒收：${task}`, `${who} 拒收。${reason ? `理由：${reason}` : ""}`),
  requestCompletion: (task: string, who: string, note?: string | null) =>
    text("transition", `申请办结：${task}`, `${who} 申请办结，请审核。${note ? `说明：${note}` : ""}`),
  approve: (task: string, who: string) => text("transition", `任务已办结销号：${task}`, `${who} 审核通过，任务办结。`),
  returnCompletion: (task: string, reason?: string | null) =>
    text("transition", `办结申请被退回：${task}`, returned(reason)),
  reopen: (task: string, who: string, reason?: string | null) =>
    text("transition", `任务重新办理：${task}`, `${who} 要求重新办理。${reason ? `理由：${reason}` : ""}`),
  // progress reports and their review
  report: (task: string, who: string, percent?: number) =>
    text(
      "report",
      `新的进展报告：${task}`,
      `${who} 报送了进展${percent !== undefined ? `（完成 ${percent}%）` : ""}，请审核。`,
    ),
  reportAccepted: (task: string, who: string) => text("review", `进展报告已通过审核：${task}`, `${who} 审核通过。`),
  reportReturned: (task: string, reason?: string | null) => text("review", `进展报告被退回：${task}`, returned(reason)),
  // 催办 and 督办单
  urge: (task: string, who: string, message: string) => text("urge", `催办：${task}`, `${who}：${message}`),
  orderIssued: (task: string, number: string, o: { reason: string; requirement: string; dueOn: string }) =>
    text(
      "order",
      `督办单 ${number}：${task}`,
      `督办事由：${o.reason}\n督办要求：${o.requirement}\n办理期限：${o.dueOn}`,
    ),
  /** The body is the lead unit's answer as written. */
  orderResponded: (task: string, number: string, response: string) =>
    text("order", `督办单 ${number} 已回复：${task}`, response),
  orderClosed: (task: string, number: string) => text("order", `督办单 ${number} 已办结：${task}`),
  // the sweep: reminders (lines from reminderLineZh) and escalation
  reminder: (task: string, lines: string[]) => text("reminder", `提醒：${task}`, lines.join(REMINDER_SEPARATOR)),
  /** To the leader the task is escalated to. */
  escalated: (task: string, to: EscalatedTo, deadline: string | null, daysOverdue: number) =>
    text(
      "escalation",
      `逾期督办（${ESCALATED_TO_NAMES[to]}）：${task}`,
      `任务已超过完成时限（${deadline}）${daysOverdue} 天，提请${ESCALATED_TO_NAMES[to]}督办。`,
    ),
  /** To the lead unit, of the same escalation. */
  escalationReported: (task: string, to: EscalatedTo, deadline: string | null, daysOverdue: number) =>
    text(
      "escalation",
      `任务逾期已上报${ESCALATED_TO_NAMES[to]}：${task}`,
      `任务已超过完成时限（${deadline}）${daysOverdue} 天，已提请${ESCALATED_TO_NAMES[to]}督办，请尽快办理。`,
    ),
};

// ---------------------------------------------------------------- English

type Match = RegExpExecArray;
/** Text after a fixed label, or nothing when the label was left out (an empty reason). */
const opt = (label: string, s: string | undefined) => (s ? ` ${label}${s}` : "");
const days = (n: string) => (n === "1" ? "1 day" : `${n} days`);
const WHO_EN: Record<string, string> = { 分管领导: "deputy head", 主要领导: "bureau head" };
const D = String.raw`\d{4}-\d{2}-\d{2}`;

const REMINDER_LINES: [RegExp, (m: Match) => string][] = [
  [/^任务已交办 (\d+) 天，尚未签收$/u, (m) => `dispatched ${days(m[1]!)} ago and not yet accepted`],
  [
    new RegExp(`^已超过完成时限（(${D})）(\\d+) 天，请抓紧办理$`, "u"),
    (m) => `${days(m[2]!)} past the deadline (${m[1]}), please hurry`,
  ],
  [new RegExp(`^今天（(${D})）到期$`, "u"), (m) => `due today (${m[1]})`],
  [new RegExp(`^距完成时限（(${D})）还有 (\\d+) 天$`, "u"), (m) => `${days(m[2]!)} to the deadline (${m[1]})`],
  [new RegExp(`^节点「([\\s\\S]*)」(${D}) 到期$`, "u"), (m) => `milestone "${m[1]}" due on ${m[2]}`],
  [/^进展报告已逾期 (\d+) 天，请尽快报送$/u, (m) => `progress report ${days(m[1]!)} overdue, please file it soon`],
  [new RegExp(`^请于 (${D}) 前报送进展报告$`, "u"), (m) => `please file a progress report by ${m[1]}`],
];

/**
 * A reminder's lines in English, or null when they do not all parse. A milestone's title may itself hold
 * "；", so the body is split only where every piece is a whole line (tried from the shortest first).
 */
function reminderInEnglish(body: string, from = 0, failed = new Set<number>()): string[] | null {
  if (failed.has(from)) return null;
  for (let end = from; end <= body.length; end++) {
    if (end < body.length && body[end] !== REMINDER_SEPARATOR) continue;
    const piece = body.slice(from, end);
    for (const [re, en] of REMINDER_LINES) {
      const m = re.exec(piece);
      if (!m) continue;
      if (end === body.length) return [en(m)];
      const rest = reminderInEnglish(body, end + 1, failed);
      if (rest) return [en(m), ...rest];
    }
  }
  failed.add(from);
  return null;
}

interface Pattern {
  kind: NoticeKind;
  /** The title's fixed prefix; the task's title follows it, kept verbatim. */
  title: RegExp;
  titleEn: (m: Match) => string;
  /** The body in English, or null when the body is not one this notice writes. */
  body: (body: string) => string | null;
}

const when = (re: RegExp, en: (m: Match) => string) => (body: string) => {
  const m = re.exec(body);
  return m ? en(m) : null;
};
const verbatim = (body: string) => body;
const returnedEn = when(/^退回理由：([\s\S]*)$/u, (m) => `Reason for return: ${m[1]}`);

const NOTICES: Pattern[] = [
  {
    kind: "transition",
    title: /^新交办任务：/u,
    titleEn: () => "New task: ",
    body: when(
      /^完成时限 ([^，]*)，请及时签收并按要求报送进展。([\s\S]*)$/u,
      (m) => `Deadline ${m[1]}. Please accept the task and report progress as required.${m[2] ? ` ${m[2]}` : ""}`,
    ),
  },
  {
    kind: "transition",
    title: /^任务已签收：/u,
    titleEn: () => "Task accepted: ",
    body: when(/^([\s\S]+) 已签收。$/u, (m) => `${m[1]} accepted the task.`),
  },
  {
    kind: "transition",
    title: /^任务被拒收：/u,
    titleEn: () => "Task declined: ",
    body: when(/^([\s\S]+?) 拒收。(?:理由：([\s\S]+))?$/u, (m) => `${m[1]} declined the task.${opt("Reason: ", m[2])}`),
  },
  {
    kind: "transition",
    title: /^申请办结：/u,
    titleEn: () => "Completion requested: ",
    body: when(
      /^([\s\S]+?) 申请办结，请审核。(?:说明：([\s\S]+))?$/u,
      (m) => `${m[1]} asked to close the task, please review.${opt("Note: ", m[2])}`,
    ),
  },
  {
    kind: "transition",
    title: /^任务已办结销号：/u,
    titleEn: () => "Task closed: ",
    body: when(/^([\s\S]+) 审核通过，任务办结。$/u, (m) => `${m[1]} approved the completion; the task is closed.`),
  },
  {
    kind: "transition",
    title: /^办结申请被退回：/u,
    titleEn: () => "Completion request returned: ",
    body: returnedEn,
  },
  {
    kind: "transition",
    title: /^任务重新办理：/u,
    titleEn: () => "Task reopened: ",
    body: when(
      /^([\s\S]+?) 要求重新办理。(?:理由：([\s\S]+))?$/u,
      (m) => `${m[1]} reopened the task.${opt("Reason: ", m[2])}`,
    ),
  },
  {
    kind: "report",
    title: /^新的进展报告：/u,
    titleEn: () => "New progress report: ",
    body: when(
      /^([\s\S]+?) 报送了进展(?:（完成 (-?[\d.]+)%）)?，请审核。$/u,
      (m) => `${m[1]} filed a progress report${m[2] ? ` (${m[2]}% done)` : ""}, please review.`,
    ),
  },
  {
    kind: "review",
    title: /^进展报告已通过审核：/u,
    titleEn: () => "Progress report accepted: ",
    body: when(/^([\s\S]+) 审核通过。$/u, (m) => `${m[1]} accepted the report.`),
  },
  { kind: "review", title: /^进展报告被退回：/u, titleEn: () => "Progress report returned: ", body: returnedEn },
  {
    kind: "urge",
    title: /^催办：/u,
    titleEn: () => "Urged: ",
    body: when(/^([\s\S]+?)：([\s\S]*)$/u, (m) => `${m[1]}: ${m[2]}`),
  },
  // the order's number (督办〔2025〕3号) is its official number and stays as issued
  {
    kind: "order",
    title: /^督办单 (\S+?)：/u,
    titleEn: (m) => `Supervision order ${m[1]}: `,
    body: when(
      new RegExp(`^督办事由：([\\s\\S]*?)\\n督办要求：([\\s\\S]*)\\n办理期限：(${D})$`, "u"),
      (m) => `Reason: ${m[1]}\nRequired: ${m[2]}\nDue by: ${m[3]}`,
    ),
  },
  {
    kind: "order",
    title: /^督办单 (\S+) 已回复：/u,
    titleEn: (m) => `Supervision order ${m[1]} answered: `,
    body: verbatim,
  },
  {
    kind: "order",
    title: /^督办单 (\S+) 已办结：/u,
    titleEn: (m) => `Supervision order ${m[1]} closed: `,
    body: when(/^$/u, () => ""),
  },
  {
    kind: "reminder",
    title: /^提醒：/u,
    titleEn: () => "Reminder: ",
    body: (body) => {
      const lines = reminderInEnglish(body);
      return lines ? lines.map((l, i) => (i ? l : l[0]!.toUpperCase() + l.slice(1))).join("; ") : null;
    },
  },
  {
    kind: "escalation",
    title: /^逾期督办（(分管领导|主要领导)）：/u,
    titleEn: (m) => `Overdue, escalated to the ${WHO_EN[m[1]!]}: `,
    body: when(
      /^任务已超过完成时限（([^）]*)）(\d+) 天，提请(分管领导|主要领导)督办。$/u,
      (m) => `The task is ${days(m[2]!)} past its deadline (${m[1]}); referred to the ${WHO_EN[m[3]!]}.`,
    ),
  },
  {
    kind: "escalation",
    title: /^任务逾期已上报(分管领导|主要领导)：/u,
    titleEn: (m) => `Overdue, reported to the ${WHO_EN[m[1]!]}: `,
    body: when(
      /^任务已超过完成时限（([^）]*)）(\d+) 天，已提请(分管领导|主要领导)督办，请尽快办理。$/u,
      (m) =>
        `The task is ${days(m[2]!)} past its deadline (${m[1]}); referred to the ${WHO_EN[m[3]!]}. Please act promptly.`,
    ),
  },
];

/**
 * A stored notification in English: the system's words translated, the task's title and what people wrote
 * kept as written. A title or body the patterns do not know is kept as stored.
 */
export function noticeInEnglish(n: { kind: string; title: string; body: string }): { title: string; body: string } {
  for (const p of NOTICES) {
    if (p.kind !== n.kind) continue;
    const m = p.title.exec(n.title);
    if (!m) continue;
    return { title: p.titleEn(m) + n.title.slice(m[0].length), body: p.body(n.body) ?? n.body };
  }
  return { title: n.title, body: n.body };
}
