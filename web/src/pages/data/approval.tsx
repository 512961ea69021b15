// Approval buttons of one form (上报 / 审核通过 / 退回 / 重新打开) with a reason where the server needs one
// (退回 and 重新打开), and the violations list. Which buttons show is a hint for the user; the server
// decides (server/modules/indicators/data/approval.ts) and its refusal is shown as a message.
import { useState } from "react";
import { Alert, App, Button, Form, Input, List, Modal, Space, Tag, Typography } from "antd";
import { api } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import type { SessionUser } from "../../app/session.tsx";
import { APPROVAL_ACTIONS, label, type ApprovalAction, type FormStatus, type Violation } from "./types.ts";

const M = {
  zh: {
    reason: "原因",
    reasonRequired: "请填写原因",
    reasonOptional: "说明（可选）",
    ok: "确定",
    cancel: "取消",
    done: "{action}成功：{unit}",
    violations: "校验问题",
    error: "错误",
    warning: "提示",
    sides: "{left} = {lv}，{right} = {rv}",
    noViolations: "全部校验规则通过",
  },
  en: {
    reason: "Reason",
    reasonRequired: "Give a reason",
    reasonOptional: "Note (optional)",
    ok: "OK",
    cancel: "Cancel",
    done: "{action}: {unit}",
    violations: "Validation problems",
    error: "Error",
    warning: "Warning",
    sides: "{left} = {lv}, {right} = {rv}",
    noViolations: "Every validation rule passes",
  },
};

const READERS = new Set(["leader", "deputy", "inspector", "observer"]);

/** The actions the user may try on a form with this status (the server has the last word). */
export function actionsFor(user: SessionUser, unitId: number, status: FormStatus): ApprovalAction[] {
  if (READERS.has(user.role)) return [];
  const own = user.orgUnitId === unitId;
  const county = user.role === "admin" || user.role === "staff";
  const above = county || (user.role === "township" && !own);
  const out: ApprovalAction[] = [];
  if (status === "open") out.push("submit");
  if (status === "submitted" && above) out.push("approve", "return");
  if ((status === "approved" || status === "locked") && above) out.push("reopen");
  return out;
}

export function ApprovalButtons(props: {
  roundId: number;
  unitId: number;
  unitName: string;
  actions: ApprovalAction[];
  onDone: () => void;
  size?: "small" | "middle";
  /** Saves pending edits before a submit. */
  beforeSubmit?: () => Promise<boolean>;
}) {
  const m = useMessages(M);
  const { locale } = useLocale();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<ApprovalAction | null>(null);
  const [busy, setBusy] = useState<ApprovalAction | null>(null);
  const [form] = Form.useForm<{ reason?: string }>();

  const run = async (action: ApprovalAction, reason?: string) => {
    setBusy(action);
    try {
      if (action === "submit" && props.beforeSubmit && !(await props.beforeSubmit())) return;
      await api.post(`/rounds/${props.roundId}/units/${props.unitId}/${action}`, reason ? { reason } : {});
      void message.success(fmt(m.done, { action: label(APPROVAL_ACTIONS, action, locale), unit: props.unitName }));
      setAsking(null);
      props.onDone();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const needsReason = (a: ApprovalAction) => a === "return" || a === "reopen";

  return (
    <>
      <Space size={4} wrap>
        {props.actions.map((a) => (
          <Button
            key={a}
            size={props.size ?? "small"}
            type={a === "submit" || a === "approve" ? "primary" : "default"}
            danger={a === "return"}
            loading={busy === a}
            data-testid={`approval-${a}-${props.unitId}`}
            onClick={() => {
              if (needsReason(a)) {
                form.resetFields();
                setAsking(a);
              } else void run(a);
            }}
          >
            {label(APPROVAL_ACTIONS, a, locale)}
          </Button>
        ))}
      </Space>
      <Modal
        open={asking !== null}
        title={asking ? `${label(APPROVAL_ACTIONS, asking, locale)}：${props.unitName}` : ""}
        okText={m.ok}
        cancelText={m.cancel}
        confirmLoading={busy !== null}
        onCancel={() => setAsking(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => asking && void run(asking, v.reason?.trim())}>
          <Form.Item
            name="reason"
            label={asking && needsReason(asking) ? m.reason : m.reasonOptional}
            rules={asking && needsReason(asking) ? [{ required: true, whitespace: true, message: m.reasonRequired }] : []}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="approval-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** Element codes in a rule expression → their names ("TEACHERS_BACHELOR" → "本科及以上学历专任教师数"). */
function named(expr: string, names?: Map<string, string>): string {
  return names ? expr.replace(/[A-Z][A-Z0-9_]*/gu, (c) => names.get(c) ?? c) : expr;
}

export function ViolationList(props: { violations: Violation[]; showUnit?: boolean; names?: Map<string, string> }) {
  const { violations, showUnit, names } = props;
  const m = useMessages(M);
  if (!violations.length) return <Alert type="success" showIcon title={m.noViolations} data-testid="violations-none" />;
  return (
    <List<Violation>
      size="small"
      bordered
      data-testid="violations"
      header={
        <Typography.Text strong>
          {m.violations}（{violations.length}）
        </Typography.Text>
      }
      dataSource={violations}
      renderItem={(v) => (
        <List.Item>
          <Space orientation="vertical" size={0}>
            <Space size={6}>
              <Tag color={v.importance === "error" ? "red" : "gold"}>{v.importance === "error" ? m.error : m.warning}</Tag>
              {showUnit && v.unitName ? <Typography.Text strong>{v.unitName}</Typography.Text> : null}
              <span>{v.ruleName}</span>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {fmt(m.sides, { left: named(v.left, names), lv: v.leftValue, right: named(v.right, names), rv: v.rightValue })}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}
