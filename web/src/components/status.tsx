// Status colours (亮灯 绿/黄/红/灰), task states and lifecycle actions as the bureau says them, in one place
// so every page shows them the same way. The colour rule itself is the server's (docs/supervision.md).
import { Space, Tag, Tooltip, Typography } from "antd";
import { reasonInEnglish } from "../../../common/status-reasons.ts";
import { useLocale, type Locale } from "../app/i18n.tsx";

export type StatusColor = "green" | "yellow" | "red" | "grey";
export type TaskState = "draft" | "assigned" | "accepted" | "completion_requested" | "closed";
export type TaskAction = "dispatch" | "accept" | "decline" | "request_completion" | "approve" | "return" | "reopen";

export const COLORS: StatusColor[] = ["red", "yellow", "green", "grey"];

/** Hex colours of the marks (also used by the charts, so a bar is the colour of its tag). */
export const COLOR_HEX: Record<StatusColor, string> = {
  green: "#52c41a",
  yellow: "#faad14",
  red: "#f5222d",
  grey: "#bfbfbf",
};

const COLOR_TEXT: Record<StatusColor, { mark: Record<Locale, string>; meaning: Record<Locale, string> }> = {
  green: { mark: { zh: "绿", en: "Green" }, meaning: { zh: "按计划推进", en: "on track" } },
  yellow: { mark: { zh: "黄", en: "Yellow" }, meaning: { zh: "临近时限或进度滞后", en: "at risk" } },
  red: { mark: { zh: "红", en: "Red" }, meaning: { zh: "已逾期或严重滞后", en: "overdue" } },
  grey: { mark: { zh: "灰", en: "Grey" }, meaning: { zh: "未交办或已办结", en: "not running" } },
};

/** The status rule's reason (stored in Chinese) in the UI's language. */
export function reasonText(reason: string | null | undefined, l: Locale): string {
  if (!reason) return "";
  return l === "en" ? reasonInEnglish(reason) : reason;
}

export function colorMark(c: StatusColor, l: Locale): string {
  return COLOR_TEXT[c]?.mark[l] ?? c;
}
export function colorMeaning(c: StatusColor, l: Locale): string {
  return COLOR_TEXT[c]?.meaning[l] ?? c;
}

const STATE_TEXT: Record<TaskState, Record<Locale, string>> = {
  draft: { zh: "草稿", en: "Draft" },
  assigned: { zh: "已交办", en: "Dispatched" },
  accepted: { zh: "已签收", en: "Accepted" },
  completion_requested: { zh: "申请办结", en: "Completion requested" },
  closed: { zh: "已办结", en: "Closed" },
};
const STATE_TAG: Record<TaskState, string> = {
  draft: "default",
  assigned: "processing",
  accepted: "blue",
  completion_requested: "purple",
  closed: "success",
};
export const STATES = Object.keys(STATE_TEXT) as TaskState[];

export function stateName(s: string, l: Locale): string {
  return STATE_TEXT[s as TaskState]?.[l] ?? s;
}

const ACTION_TEXT: Record<TaskAction, Record<Locale, string>> = {
  dispatch: { zh: "交办", en: "Dispatch" },
  accept: { zh: "签收", en: "Accept" },
  decline: { zh: "拒收", en: "Decline" },
  request_completion: { zh: "申请办结", en: "Request completion" },
  approve: { zh: "办结", en: "Close" },
  return: { zh: "退回", en: "Send back" },
  reopen: { zh: "重新办理", en: "Reopen" },
};
/** Actions that need a reason (the server answers REASON_REQUIRED otherwise). */
export const REASON_REQUIRED: ReadonlySet<string> = new Set(["decline", "return", "reopen"]);

export function actionName(a: string, l: Locale): string {
  return ACTION_TEXT[a as TaskAction]?.[l] ?? a;
}

const CADENCE_TEXT: Record<string, Record<Locale, string>> = {
  weekly: { zh: "每周", en: "Weekly" },
  monthly: { zh: "每月", en: "Monthly" },
  quarterly: { zh: "每季度", en: "Quarterly" },
  adhoc: { zh: "不定期", en: "Ad hoc" },
};
export const CADENCES = Object.keys(CADENCE_TEXT);
export function cadenceName(c: string | null | undefined, l: Locale): string {
  return c ? (CADENCE_TEXT[c]?.[l] ?? c) : "—";
}

/** A coloured round mark with 绿/黄/红/灰; the reason (if any) on hover. */
export function StatusTag(props: { color: string | null | undefined; reason?: string | null; overridden?: boolean }) {
  const { locale } = useLocale();
  const c = (props.color ?? "grey") as StatusColor;
  const hex = COLOR_HEX[c] ?? COLOR_HEX.grey;
  const tag = (
    <Tag
      data-testid="status-tag"
      data-color={c}
      style={{
        borderColor: hex,
        color: c === "grey" ? "#595959" : hex,
        background: `${hex}14`,
        marginInlineEnd: 0,
        fontWeight: 500,
      }}
    >
      <span
        style={{
          display: "inline-block",
          width: 8,
          height: 8,
          borderRadius: 4,
          background: hex,
          marginInlineEnd: 4,
          verticalAlign: "middle",
          position: "relative",
          top: -1,
        }}
      />
      {colorMark(c, locale)}
      {props.overridden ? (locale === "zh" ? "（人工）" : " (manual)") : ""}
    </Tag>
  );
  return props.reason ? <Tooltip title={reasonText(props.reason, locale)}>{tag}</Tooltip> : tag;
}

/** 绿 按计划推进 · 黄 … · 红 … · 灰 … */
export function StatusLegend() {
  const { locale } = useLocale();
  return (
    <Space size={12} wrap data-testid="status-legend">
      {(["green", "yellow", "red", "grey"] as StatusColor[]).map((c) => (
        <Space key={c} size={4}>
          <StatusTag color={c} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {colorMeaning(c, locale)}
          </Typography.Text>
        </Space>
      ))}
    </Space>
  );
}

export function StateTag({ state }: { state: string }) {
  const { locale } = useLocale();
  return (
    <Tag color={STATE_TAG[state as TaskState] ?? "default"} data-testid="state-tag" data-state={state}>
      {stateName(state, locale)}
    </Tag>
  );
}

/** A small legend-free dot (for dense lists like the timeline). */
export function StatusDot({ color, title }: { color: string; title?: string }) {
  const hex = COLOR_HEX[color as StatusColor] ?? COLOR_HEX.grey;
  return (
    <span
      title={title}
      style={{ display: "inline-block", width: 10, height: 10, borderRadius: 5, background: hex, flex: "none" }}
    />
  );
}

/**
 * A plan item's number and title as the document writes them: the marker kept at import ("（二）", "一、", "1.")
 * when there is one; otherwise from the bare number, 一、… for Chinese numerals, 1. … for digits, else the
 * number and a space.
 */
export function numbered(num: string | null | undefined, title: string, marker?: string | null): string {
  if (marker) return `${marker}${/[、.．）)]$/u.test(marker) ? "" : " "}${title}`;
  if (!num) return title;
  if (/^[一二三四五六七八九十百零〇]+$/u.test(num)) return `${num}、${title}`;
  if (/^\d+$/u.test(num)) return `${num}. ${title}`;
  return `${num} ${title}`;
}
