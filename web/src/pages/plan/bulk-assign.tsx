// 批量交办设置: one form applies lead unit, co-units, 分管领导, deadline and cadence to the selected tasks
// (POST /api/tasks/bulk-assign, all or none). Only the fields filled in are changed.
import { useMemo, useState } from "react";
import { Alert, App, DatePicker, Form, Modal, Select, TreeSelect } from "antd";
import type { Dayjs } from "dayjs";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { unitTypeName } from "../../app/roles.ts";
import { CADENCES, cadenceName } from "../../components/status.tsx";
import type { BoardExtras } from "../plans/types.ts";

const messages = {
  zh: {
    title: "批量设置交办信息（已选 {n} 项任务）",
    hint: "只修改填写的项，留空的保持不变。设置好牵头单位和完成时限后，即可交办。",
    lead: "牵头单位",
    co: "配合单位",
    deputy: "分管领导",
    deadline: "完成时限",
    cadence: "报送频次",
    keep: "保持不变",
    clearDeputy: "（清除分管领导）",
    ok: "保存",
    cancel: "取消",
    nothing: "请至少填写一项",
    done: "已更新 {n} 项任务的交办信息",
  },
  en: {
    title: "Assign {n} selected tasks",
    hint: "Only the fields you fill in change. Tasks with a lead unit and a deadline can then be dispatched.",
    lead: "Lead unit",
    co: "Co-units",
    deputy: "Deputy head",
    deadline: "Deadline",
    cadence: "Reporting cadence",
    keep: "unchanged",
    clearDeputy: "(no deputy head)",
    ok: "Save",
    cancel: "Cancel",
    nothing: "Fill in at least one field",
    done: "{n} tasks updated",
  },
};

interface Values {
  leadUnitId?: number;
  coUnitIds?: number[];
  deputyUserId?: number | "none";
  deadline?: Dayjs;
  cadence?: string;
}

interface UnitOption {
  value: number;
  title: string;
  children?: UnitOption[];
}

export function unitTree(units: BoardExtras["units"], locale: "zh" | "en"): UnitOption[] {
  const byParent = new Map<number | null, BoardExtras["units"]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const p = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    byParent.set(p, [...(byParent.get(p) ?? []), u]);
  }
  const build = (p: number | null): UnitOption[] =>
    (byParent.get(p) ?? []).map((u) => {
      const children = build(u.id);
      return {
        value: u.id,
        title: `${u.name}（${unitTypeName(u.type, locale)}）`,
        ...(children.length ? { children } : {}),
      };
    });
  return build(null);
}

export function BulkAssignModal(props: {
  open: boolean;
  taskIds: number[];
  extras: BoardExtras;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useMessages(messages);
  const { locale } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tree = useMemo(() => unitTree(props.extras.units, locale), [props.extras.units, locale]);

  const submit = async () => {
    // an invalid form shows its messages beside the fields; nothing to send
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: Record<string, unknown> = { taskIds: props.taskIds };
    if (v.leadUnitId) body.leadUnitId = v.leadUnitId;
    if (v.coUnitIds?.length) body.coUnitIds = v.coUnitIds;
    if (v.deputyUserId === "none") body.deputyUserId = null;
    else if (v.deputyUserId) body.deputyUserId = v.deputyUserId;
    if (v.deadline) body.deadline = v.deadline.format("YYYY-MM-DD");
    if (v.cadence) body.cadence = v.cadence;
    if (Object.keys(body).length === 1) {
      setError(t.nothing);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post("/tasks/bulk-assign", body);
      message.success(fmt(t.done, { n: props.taskIds.length }));
      form.resetFields();
      props.onDone();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}（${e.code}）` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={fmt(t.title, { n: props.taskIds.length })}
      okText={t.ok}
      cancelText={t.cancel}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={560}
    >
      <Alert type="info" showIcon title={t.hint} style={{ marginBottom: 16 }} />
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="bulk-error" />
      ) : null}
      <Form form={form} layout="vertical" data-testid="bulk-assign-form">
        <Form.Item name="leadUnitId" label={t.lead}>
          <TreeSelect
            treeData={tree}
            showSearch
            treeNodeFilterProp="title"
            allowClear
            treeDefaultExpandAll
            placeholder={t.keep}
            data-testid="bulk-lead"
          />
        </Form.Item>
        <Form.Item name="coUnitIds" label={t.co}>
          <TreeSelect
            treeData={tree}
            multiple
            showSearch
            treeNodeFilterProp="title"
            allowClear
            treeDefaultExpandAll
            placeholder={t.keep}
          />
        </Form.Item>
        <Form.Item name="deputyUserId" label={t.deputy}>
          <Select
            allowClear
            placeholder={t.keep}
            options={[
              ...props.extras.leaders.map((l) => ({ value: l.id, label: l.displayName })),
              { value: "none", label: t.clearDeputy },
            ]}
          />
        </Form.Item>
        <Form.Item name="deadline" label={t.deadline}>
          <DatePicker style={{ width: "100%" }} placeholder={t.keep} data-testid="bulk-deadline" />
        </Form.Item>
        <Form.Item name="cadence" label={t.cadence}>
          <Select
            allowClear
            placeholder={t.keep}
            options={CADENCES.map((c) => ({ value: c, label: cadenceName(c, locale) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
