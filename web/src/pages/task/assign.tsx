// 交办设置 of one task: lead unit, co-units, 分管领导, deadline, cadence and milestones
// (PUT /api/tasks/:id/assignment with the version read; STALE_VERSION is handled by the caller).
import { useMemo, useState } from "react";
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space, TreeSelect } from "antd";
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { api, ApiError } from "../../api/client.ts";
import { useLocale, useMessages } from "../../app/i18n.tsx";
import { CADENCES, cadenceName } from "../../components/status.tsx";
import { unitTree } from "../plan/bulk-assign.tsx";
import type { BoardExtras, TaskDetail } from "../plans/types.ts";

const messages = {
  zh: {
    title: "交办设置",
    lead: "牵头单位",
    co: "配合单位",
    deputy: "分管领导",
    deadline: "完成时限",
    cadence: "报送频次",
    milestones: "节点（里程碑）",
    mTitle: "节点名称",
    mDue: "日期",
    add: "添加节点",
    none: "（无）",
    required: "请填写",
    ok: "保存",
    cancel: "取消",
  },
  en: {
    title: "Assignment",
    lead: "Lead unit",
    co: "Co-units",
    deputy: "Deputy head",
    deadline: "Deadline",
    cadence: "Reporting cadence",
    milestones: "Milestones",
    mTitle: "Milestone",
    mDue: "Date",
    add: "Add milestone",
    none: "(none)",
    required: "Required",
    ok: "Save",
    cancel: "Cancel",
  },
};

interface Values {
  leadUnitId: number;
  coUnitIds: number[];
  deputyUserId: number | null;
  deadline: Dayjs;
  cadence: string;
  milestones: { id?: number; title: string; dueOn: Dayjs }[];
}

export function AssignModal(props: {
  open: boolean;
  task: TaskDetail;
  extras: BoardExtras;
  onClose: () => void;
  onDone: () => void;
  onError: (e: ApiError) => void;
}) {
  const t = useMessages(messages);
  const { locale } = useLocale();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tree = useMemo(() => unitTree(props.extras.units, locale), [props.extras.units, locale]);
  const k = props.task;

  const submit = async () => {
    // an invalid form shows its messages beside the fields; nothing to send
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await api.put(`/tasks/${k.id}/assignment`, {
        version: k.version,
        leadUnitId: v.leadUnitId,
        coUnitIds: v.coUnitIds ?? [],
        deputyUserId: v.deputyUserId ?? null,
        deadline: v.deadline.format("YYYY-MM-DD"),
        cadence: v.cadence,
        milestones: (v.milestones ?? []).map((m) => ({
          ...(m.id ? { id: m.id } : {}),
          title: m.title.trim(),
          dueOn: m.dueOn.format("YYYY-MM-DD"),
        })),
      });
      props.onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === "STALE_VERSION") props.onError(e);
      else setError(e instanceof ApiError ? `${e.message}（${e.code}）` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={`${t.title}：${k.title}`}
      okText={t.ok}
      cancelText={t.cancel}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={640}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="assign-form"
        initialValues={{
          leadUnitId: k.leadUnit?.id,
          coUnitIds: k.coUnits.map((c) => c.id),
          deputyUserId: k.deputyUserId,
          deadline: k.deadline ? dayjs(k.deadline) : undefined,
          cadence: k.cadence ?? "monthly",
          milestones: k.milestones.map((m) => ({ id: m.id, title: m.title, dueOn: dayjs(m.dueOn) })),
        }}
      >
        <Form.Item name="leadUnitId" label={t.lead} rules={[{ required: true, message: t.required }]}>
          <TreeSelect
            treeData={tree}
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            data-testid="assign-lead"
          />
        </Form.Item>
        <Form.Item name="coUnitIds" label={t.co}>
          <TreeSelect treeData={tree} multiple showSearch treeNodeFilterProp="title" treeDefaultExpandAll allowClear />
        </Form.Item>
        <Space size={16} style={{ width: "100%" }} wrap>
          <Form.Item name="deputyUserId" label={t.deputy} style={{ width: 180 }}>
            <Select
              allowClear
              placeholder={t.none}
              options={props.extras.leaders.map((l) => ({ value: l.id, label: l.displayName }))}
            />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t.deadline}
            rules={[{ required: true, message: t.required }]}
            style={{ width: 180 }}
          >
            <DatePicker style={{ width: "100%" }} data-testid="assign-deadline" />
          </Form.Item>
          <Form.Item name="cadence" label={t.cadence} style={{ width: 160 }}>
            <Select options={CADENCES.map((c) => ({ value: c, label: cadenceName(c, locale) }))} />
          </Form.Item>
        </Space>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <Form.Item label={t.milestones}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: "flex" }}>
                  <Form.Item name={[f.name, "id"]} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "title"]}
                    rules={[{ required: true, whitespace: true, message: t.required }]}
                  >
                    <Input placeholder={t.mTitle} style={{ width: 300 }} maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[f.name, "dueOn"]} rules={[{ required: true, message: t.required }]}>
                    <DatePicker placeholder={t.mDue} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                {t.add}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
