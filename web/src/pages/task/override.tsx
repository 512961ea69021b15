// 人工调整亮灯: a plan editor sets a task's colour by hand with a note (POST /api/tasks/:id/status-override),
// or gives the colour back to the rule. The manual colour wins until removed and shows as "（人工）".
import { useEffect, useState } from "react";
import { Alert, App, Input, Modal, Radio, Space, Typography } from "antd";
import { api, ApiError } from "../../api/client.ts";
import { useMessages } from "../../app/i18n.tsx";
import { StatusTag } from "../../components/status.tsx";
import type { TaskSupervision } from "../plans/types.ts";

const messages = {
  zh: {
    title: "人工调整亮灯",
    intro:
      "亮灯一般按规则自动计算（完成时限、节点、进度、目标）。确有特殊情况时可人工指定，并写明理由；人工亮灯会标注“人工”，直到恢复按规则计算。",
    now: "当前",
    rule: "按规则",
    color: "调整为",
    green: "绿灯（正常推进）",
    yellow: "黄灯（临近时限或进度滞后）",
    red: "红灯（逾期或严重滞后）",
    clear: "恢复按规则计算",
    note: "调整理由",
    notePh: "如：因上级政策调整，完成时限顺延，经局长办公会同意",
    ok: "确定",
    cancel: "取消",
    saved: "亮灯已调整",
    cleared: "已恢复按规则亮灯",
    stale: "该任务已被他人修改，请刷新后再操作",
  },
  en: {
    title: "Set the status colour by hand",
    intro:
      'The colour is normally computed by the rule (deadline, milestones, progress, targets). In special cases set it by hand with a reason; a manual colour is marked "manual" until it is given back to the rule.',
    now: "Now",
    rule: "Rule says",
    color: "Set to",
    green: "Green (on track)",
    yellow: "Yellow (due soon or behind)",
    red: "Red (overdue or far behind)",
    clear: "Back to the rule",
    note: "Reason",
    notePh: "e.g. deadline moved by the county's new policy, agreed by the bureau head",
    ok: "OK",
    cancel: "Cancel",
    saved: "Status colour set",
    cleared: "Status colour back to the rule",
    stale: "Someone else changed this task; reload and try again",
  },
};

type Choice = "green" | "yellow" | "red" | "clear";

export function OverrideModal(props: {
  open: boolean;
  taskId: number;
  sup: TaskSupervision;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useMessages(messages);
  const { message } = App.useApp();
  const { status } = props.sup;
  const [choice, setChoice] = useState<Choice | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (props.open) {
      setChoice(null);
      setNote("");
      setError(null);
    }
  }, [props.open]);

  const needsNote = choice !== null && choice !== "clear";
  const submit = async () => {
    if (!choice) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/tasks/${props.taskId}/status-override`, {
        color: choice === "clear" ? null : choice,
        ...(needsNote ? { note: note.trim() } : {}),
        version: props.sup.version,
      });
      message.success(choice === "clear" ? t.cleared : t.saved);
      props.onDone();
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === "STALE_VERSION"
          ? t.stale
          : e instanceof ApiError
            ? `${e.message}（${e.code}）`
            : String(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t.title}
      okText={t.ok}
      cancelText={t.cancel}
      confirmLoading={busy}
      okButtonProps={{ disabled: !choice || (needsNote && !note.trim()) }}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0, fontSize: 13 }}>
          {t.intro}
        </Typography.Paragraph>
        <Space size={8} wrap>
          <Typography.Text>{t.now}</Typography.Text>
          <StatusTag color={status.color} reason={status.reason} overridden={status.overridden} />
          {status.overridden ? (
            <>
              <Typography.Text type="secondary">{t.rule}</Typography.Text>
              <StatusTag color={status.computed.color} reason={status.computed.reason} />
            </>
          ) : null}
        </Space>
        <div>
          <Typography.Text>{t.color}</Typography.Text>
          <Radio.Group
            value={choice}
            onChange={(e) => setChoice(e.target.value as Choice)}
            style={{ display: "flex", flexDirection: "column", gap: 6, marginTop: 6 }}
            data-testid="override-color"
            options={[
              { value: "green", label: t.green },
              { value: "yellow", label: t.yellow },
              { value: "red", label: t.red },
              ...(status.overridden ? [{ value: "clear", label: t.clear }] : []),
            ]}
          />
        </div>
        {needsNote ? (
          <div>
            <Typography.Text>
              <span style={{ color: "#ff4d4f" }}>* </span>
              {t.note}
            </Typography.Text>
            <Input.TextArea
              rows={3}
              value={note}
              maxLength={2000}
              placeholder={t.notePh}
              onChange={(e) => setNote(e.target.value)}
              style={{ marginTop: 6 }}
              data-testid="override-note"
            />
          </div>
        ) : null}
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Space>
    </Modal>
  );
}
