// 督办单 and 催办: the issue modal (reason, requirement, due date), the urge modal, and a task's orders
// with respond (the lead unit) and close (the issuer or a leader/inspector). Used by the task page and
// the supervision board.
import { useEffect, useState } from "react";
import { Alert, App, Button, DatePicker, Descriptions, Empty, Form, Input, Modal, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useMessages } from "../../app/i18n.tsx";
import { useSession } from "../../app/session.tsx";
import type { Order } from "../plans/types.ts";

const messages = {
  zh: {
    issueTitle: "下发督办单",
    issueFor: "任务：{title}",
    reason: "督办事由",
    reasonPh: "如：该任务已超过完成时限 5 天，进度明显滞后",
    requirement: "督办要求",
    requirementPh: "如：请于期限前报送整改措施和办理结果",
    dueOn: "办理期限",
    issue: "下发",
    issued: "已下发督办单 {number}",
    requirementDefault: "请于办理期限前报送整改措施和办理结果。",
    urgeTitle: "催办",
    urgeMessage: "催办内容",
    urgeDefault: "请抓紧办理并及时报送进展。",
    urge: "发送催办",
    urged: "已催办，牵头单位将收到通知",
    cancel: "取消",
    required: "请填写",
    none: "暂无督办单",
    state_issued: "已下发",
    state_responded: "已反馈",
    state_closed: "已办结",
    overdue: "已超期",
    issuer: "下发人",
    issuedAt: "下发时间",
    response: "办理反馈",
    respond: "反馈办理情况",
    respondTitle: "反馈督办单 {number}",
    respondPh: "说明整改措施和办理结果",
    responded: "已反馈",
    close: "办结督办单",
    closeConfirm: "确认办结督办单 {number}？",
    closed: "督办单已办结",
    ok: "确定",
  },
  en: {
    issueTitle: "Issue a supervision order",
    issueFor: "Task: {title}",
    reason: "Reason",
    reasonPh: "e.g. 5 days past its deadline and far behind",
    requirement: "Requirement",
    requirementPh: "e.g. report corrective measures and results by the due date",
    dueOn: "Due date",
    issue: "Issue",
    issued: "Order {number} issued",
    requirementDefault: "Report the corrective measures and results by the due date.",
    urgeTitle: "Urge",
    urgeMessage: "Message",
    urgeDefault: "Please speed up and report progress.",
    urge: "Send",
    urged: "Sent; the lead unit is notified",
    cancel: "Cancel",
    required: "Required",
    none: "No supervision orders",
    state_issued: "Issued",
    state_responded: "Answered",
    state_closed: "Closed",
    overdue: "Overdue",
    issuer: "Issued by",
    issuedAt: "Issued",
    response: "Response",
    respond: "Respond",
    respondTitle: "Respond to {number}",
    respondPh: "Measures taken and results",
    responded: "Response sent",
    close: "Close order",
    closeConfirm: "Close order {number}?",
    closed: "Order closed",
    ok: "OK",
  },
};

const errText = (e: unknown) => (e instanceof ApiError ? `${e.message}（${e.code}）` : String(e));

export function IssueOrderModal(props: {
  /** `reason`: the task's status reason (亮灯 why), offered as the 督办事由 to edit. */
  task: { id: number; title: string; reason?: string | null } | null;
  today?: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useMessages(messages);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string; requirement: string; dueOn: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // opening for a task: start from its status reason, the usual requirement and a week to act
  const taskId = props.task?.id;
  const taskReason = props.task?.reason;
  useEffect(() => {
    if (taskId === undefined) return;
    setError(null);
    form.setFieldsValue({
      reason: taskReason ?? "",
      requirement: t.requirementDefault,
      dueOn: (props.today ? dayjs(props.today) : dayjs()).add(7, "day"),
    });
  }, [taskId, taskReason, props.today, form, t.requirementDefault]);
  const submit = async () => {
    // an invalid form shows its messages beside the fields; nothing to send
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ number?: string; orderId?: number }>(`/tasks/${props.task!.id}/supervision-orders`, {
        reason: v.reason,
        requirement: v.requirement,
        dueOn: v.dueOn.format("YYYY-MM-DD"),
      });
      message.success(fmt(t.issued, { number: r.number ?? "" }));
      form.resetFields();
      props.onDone();
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={props.task !== null}
      title={t.issueTitle}
      okText={t.issue}
      cancelText={t.cancel}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {props.task ? (
        <Typography.Paragraph type="secondary">{fmt(t.issueFor, { title: props.task.title })}</Typography.Paragraph>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" data-testid="issue-order-form">
        <Form.Item name="reason" label={t.reason} rules={[{ required: true, whitespace: true, message: t.required }]}>
          <Input.TextArea rows={2} placeholder={t.reasonPh} maxLength={2000} />
        </Form.Item>
        <Form.Item
          name="requirement"
          label={t.requirement}
          rules={[{ required: true, whitespace: true, message: t.required }]}
        >
          <Input.TextArea rows={3} placeholder={t.requirementPh} maxLength={4000} />
        </Form.Item>
        <Form.Item name="dueOn" label={t.dueOn} rules={[{ required: true, message: t.required }]}>
          <DatePicker
            style={{ width: "100%" }}
            disabledDate={(d) => !!props.today && d.format("YYYY-MM-DD") < props.today}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UrgeModal(props: {
  task: { id: number; title: string } | null;
  onClose: () => void;
  onDone?: () => void;
}) {
  const t = useMessages(messages);
  const { message } = App.useApp();
  const [text, setText] = useState(t.urgeDefault);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!text.trim()) {
      setError(t.required);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/tasks/${props.task!.id}/urge`, { message: text.trim() });
      message.success(t.urged);
      props.onDone?.();
      props.onClose();
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={props.task !== null}
      title={`${t.urgeTitle}：${props.task?.title ?? ""}`}
      okText={t.urge}
      cancelText={t.cancel}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Text>{t.urgeMessage}</Typography.Text>
      <Input.TextArea
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={2000}
        data-testid="urge-text"
      />
    </Modal>
  );
}

export function OrdersList(props: {
  orders: Order[];
  today: string | null;
  /** The actor's unit leads the task (may respond). */
  canRespond: boolean;
  /** Leaders, deputies, inspectors, admin (may close any). */
  canClose: boolean;
  onChanged: () => void;
}) {
  const t = useMessages(messages);
  const { modal, message } = App.useApp();
  const { user } = useSession();
  const [responding, setResponding] = useState<Order | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  if (!props.orders.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.none} />;

  const respond = async () => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      await api.post(`/supervision-orders/${responding!.id}/respond`, { response: text.trim() });
      message.success(t.responded);
      setResponding(null);
      props.onChanged();
    } catch (e) {
      message.error(errText(e));
    } finally {
      setBusy(false);
    }
  };
  const close = (o: Order) =>
    modal.confirm({
      title: fmt(t.closeConfirm, { number: o.number ?? "" }),
      okText: t.ok,
      cancelText: t.cancel,
      onOk: async () => {
        try {
          await api.post(`/supervision-orders/${o.id}/close`);
          message.success(t.closed);
          props.onChanged();
        } catch (e) {
          message.error(errText(e));
        }
      },
    });

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="orders">
      {props.orders.map((o) => {
        const overdue = o.state !== "closed" && !!props.today && o.dueOn < props.today;
        const mayClose = o.state !== "closed" && (props.canClose || o.issuedBy === user?.id);
        return (
          <div key={o.id} style={{ border: "1px solid #ffccc7", background: "#fff7f6", borderRadius: 6, padding: 12 }}>
            <Space style={{ marginBottom: 8 }} wrap>
              <Typography.Text strong>{o.number}</Typography.Text>
              <Tag color={o.state === "closed" ? "default" : o.state === "responded" ? "blue" : "red"}>
                {t[`state_${o.state}` as "state_issued"]}
              </Tag>
              {overdue ? <Tag color="red">{t.overdue}</Tag> : null}
            </Space>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: "r", label: t.reason, children: o.reason },
                { key: "q", label: t.requirement, children: o.requirement },
                { key: "d", label: t.dueOn, children: o.dueOn },
                {
                  key: "i",
                  label: t.issuer,
                  children: `${o.issuerName ?? ""} ${o.issuedAt ? dayjs(o.issuedAt).format("YYYY-MM-DD HH:mm") : ""}`,
                },
                ...(o.response
                  ? [{ key: "p", label: t.response, children: `${o.response}（${o.responderName ?? ""}）` }]
                  : []),
              ]}
            />
            <Space style={{ marginTop: 8 }}>
              {props.canRespond && o.state !== "closed" ? (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => {
                    setText(o.response ?? "");
                    setResponding(o);
                  }}
                >
                  {t.respond}
                </Button>
              ) : null}
              {mayClose ? (
                <Button size="small" onClick={() => close(o)}>
                  {t.close}
                </Button>
              ) : null}
            </Space>
          </div>
        );
      })}
      <Modal
        open={responding !== null}
        title={fmt(t.respondTitle, { number: responding?.number ?? "" })}
        okText={t.ok}
        cancelText={t.cancel}
        confirmLoading={busy}
        okButtonProps={{ disabled: !text.trim() }}
        onOk={() => void respond()}
        onCancel={() => setResponding(null)}
        destroyOnHidden
      >
        <Input.TextArea
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t.respondPh}
          maxLength={8000}
        />
      </Modal>
    </Space>
  );
}
