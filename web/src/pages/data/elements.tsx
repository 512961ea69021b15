// 数据项 (data elements): the list of built-in and custom elements (code, name, value type, 时点/时期,
// categories, entry level, data sets) in a drawer of the rounds page, and for county staff a form to create a
// custom element, edit one and add it to data sets. Built-in elements are read-only; the server refuses a
// change of value type or categories once an element has values (ELEMENT_HAS_VALUES).
// Server: GET|POST /api/data-elements, PATCH /api/data-elements/:id, POST /api/data-sets/:id/elements.
import { useState } from "react";
import { Alert, App, Button, Drawer, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from "antd";
import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { PageState } from "../../components/page-state.tsx";
import { useApi } from "../../components/use-api.ts";
import type { DataElement } from "../../../../common/schemas/indicators-data.ts";
import { label, SCHOOL_TYPES, type DataSet } from "./types.ts";

export type { DataElement };

const M = {
  zh: {
    title: "数据项",
    create: "新建数据项",
    edit: "编辑数据项",
    editShort: "编辑",
    code: "代码",
    codeHint: "大写字母、数字和下划线，如 LIBRARY_BOOKS；创建后不能修改",
    name: "名称",
    valueType: "取值类型",
    integer: "整数",
    number: "小数",
    agg: "时间汇总",
    last: "时点",
    sum: "时期",
    aggHint: "时点：取统计期内最后一次的值（如在校生数）；时期：统计期内累加（如经费支出）",
    categories: "分类",
    categoriesHint: "如 男、女 或各年级；不填表示只填一个数",
    level: "填报层级",
    school: "学校",
    township: "乡镇/教管中心",
    county: "县级",
    appliesTo: "适用学校类型",
    appliesHint: "不选表示所有学校",
    unit: "计量单位",
    description: "说明",
    sets: "数据集",
    setsHint: "加入数据集后，该数据集的采集轮次（含进行中的）即出现此项",
    builtin: "内置",
    custom: "自定义",
    actions: "操作",
    hasValuesNote: "已有填报数据的数据项不能修改取值类型和分类。",
    required: "请填写",
    save: "保存",
    cancel: "取消",
    created: "已创建数据项 {code}",
    saved: "已保存",
  },
  en: {
    title: "Data elements",
    create: "New element",
    edit: "Edit element",
    editShort: "Edit",
    code: "Code",
    codeHint: "Upper-case letters, digits and underscores, e.g. LIBRARY_BOOKS; fixed once created",
    name: "Name",
    valueType: "Value type",
    integer: "Integer",
    number: "Decimal",
    agg: "Over time",
    last: "Stock",
    sum: "Flow",
    aggHint: "Stock: the last value in the period (enrolment); flow: summed over the period (spending)",
    categories: "Categories",
    categoriesHint: "e.g. male/female or grades; none = a single value",
    level: "Entered by",
    school: "School",
    township: "Township",
    county: "County",
    appliesTo: "School types",
    appliesHint: "None = every school",
    unit: "Unit",
    description: "Description",
    sets: "Data sets",
    setsHint: "Rounds of the data set (open ones too) show the element once it is added",
    builtin: "Built-in",
    custom: "Custom",
    actions: "Actions",
    hasValuesNote: "An element with values keeps its value type and categories.",
    required: "Required",
    save: "Save",
    cancel: "Cancel",
    created: "Element {code} created",
    saved: "Saved",
  },
};

interface FormValues {
  code: string;
  name: string;
  valueType: DataElement["valueType"];
  timeAggregation: DataElement["timeAggregation"];
  categories: string[];
  entryLevel: DataElement["entryLevel"];
  appliesTo: string[];
  unit: string;
  description: string;
  dataSetIds: number[];
}

const errorText = (e: unknown) =>
  e instanceof ApiError
    ? `${e.message}${(e.details as { message?: string } | undefined)?.message ? `：${(e.details as { message: string }).message}` : ""}`
    : String(e);

export function ElementsDrawer(props: { open: boolean; onClose: () => void; canEdit: boolean }) {
  const m = useMessages(M);
  const { locale } = useLocale();
  const els = useApi<{ elements: DataElement[] }>(props.open ? "/data-elements" : null);
  const sets = useApi<{ dataSets: DataSet[] }>(props.open ? "/data-sets" : null);
  const [editing, setEditing] = useState<DataElement | "new" | null>(null);
  const setsOf = (id: number) => (sets.data?.dataSets ?? []).filter((d) => d.elementIds.includes(id));
  const levels = { school: m.school, township: m.township, county: m.county };
  const list = els.data?.elements ?? [];

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      size={1100}
      title={m.title}
      extra={
        props.canEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="element-create">
            {m.create}
          </Button>
        ) : null
      }
    >
      <PageState loading={els.loading && !els.data} error={els.error} onRetry={els.reload}>
        <Table<DataElement>
          rowKey="id"
          size="small"
          dataSource={list}
          data-testid="elements-table"
          pagination={list.length > 50 ? { pageSize: 50 } : false}
          columns={[
            { title: m.code, dataIndex: "code", width: 170, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            {
              title: m.name,
              dataIndex: "name",
              render: (v: string, e) => (
                <Space size={4}>
                  {v}
                  {e.unit ? <Typography.Text type="secondary">（{e.unit}）</Typography.Text> : null}
                </Space>
              ),
            },
            { title: m.valueType, dataIndex: "valueType", width: 80, render: (v: string) => (v === "integer" ? m.integer : m.number) },
            { title: m.agg, dataIndex: "timeAggregation", width: 80, render: (v: string) => (v === "last" ? m.last : m.sum) },
            {
              title: m.categories,
              dataIndex: "categories",
              width: 200,
              render: (v: string[]) => (
                <Typography.Text type={v.length ? undefined : "secondary"} ellipsis={{ tooltip: v.join("、") }} style={{ maxWidth: 190 }}>
                  {v.length ? v.join("、") : "—"}
                </Typography.Text>
              ),
            },
            { title: m.level, dataIndex: "entryLevel", width: 110, render: (v: DataElement["entryLevel"]) => levels[v] },
            {
              title: m.sets,
              width: 150,
              render: (_, e) =>
                setsOf(e.id)
                  .map((d) => d.name)
                  .join("、"),
            },
            {
              title: "",
              dataIndex: "builtin",
              width: 70,
              render: (b: boolean) => (b ? <Tag>{m.builtin}</Tag> : <Tag color="blue">{m.custom}</Tag>),
            },
            ...(props.canEdit
              ? [
                  {
                    title: m.actions,
                    width: 70,
                    render: (_: unknown, e: DataElement) =>
                      e.builtin ? null : (
                        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(e)} data-testid={`element-edit-${e.code}`}>
                          {m.editShort}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </PageState>
      {editing ? (
        <ElementForm
          element={editing === "new" ? null : editing}
          dataSets={sets.data?.dataSets ?? []}
          schoolTypes={Object.keys(SCHOOL_TYPES).map((k) => ({ value: k, label: label(SCHOOL_TYPES, k, locale) }))}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            els.reload();
            sets.reload();
          }}
        />
      ) : null}
    </Drawer>
  );
}

function ElementForm(props: {
  element: DataElement | null;
  dataSets: DataSet[];
  schoolTypes: { value: string; label: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const m = useMessages(M);
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const e = props.element;
  const inSets = e ? props.dataSets.filter((d) => d.elementIds.includes(e.id)).map((d) => d.id) : [];

  const submit = async (v: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      const fields = {
        name: v.name,
        valueType: v.valueType,
        timeAggregation: v.timeAggregation,
        categories: (v.categories ?? []).map((c) => c.trim()).filter(Boolean),
        entryLevel: v.entryLevel,
        appliesTo: v.entryLevel === "school" ? (v.appliesTo ?? []) : [],
        unit: v.unit ?? "",
        description: v.description ?? "",
      };
      const saved = e
        ? (await api.patch<{ element: DataElement }>(`/data-elements/${e.id}`, { version: e.version, ...fields })).element
        : (await api.post<{ element: DataElement }>("/data-elements", { code: v.code.trim(), ...fields })).element;
      for (const id of (v.dataSetIds ?? []).filter((id) => !inSets.includes(id)))
        await api.post(`/data-sets/${id}/elements`, { elementId: saved.id });
      void message.success(e ? m.saved : fmt(m.created, { code: saved.code }));
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={e ? `${m.edit}：${e.code}` : m.create}
      okText={m.save}
      cancelText={m.cancel}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      width={620}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {e ? <Alert type="info" showIcon title={m.hasValuesNote} style={{ marginBottom: 12 }} /> : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={
          e
            ? { ...e, dataSetIds: inSets }
            : { valueType: "integer", timeAggregation: "last", entryLevel: "school", categories: [], appliesTo: [], dataSetIds: [] }
        }
      >
        <Form.Item
          name="code"
          label={m.code}
          extra={e ? undefined : m.codeHint}
          rules={[{ required: true, pattern: /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/u, message: m.codeHint }]}
        >
          <Input maxLength={40} disabled={!!e} data-testid="element-code" />
        </Form.Item>
        <Form.Item name="name" label={m.name} rules={[{ required: true, whitespace: true, message: m.required }]}>
          <Input maxLength={100} data-testid="element-name" />
        </Form.Item>
        <Space size={24} wrap>
          <Form.Item name="valueType" label={m.valueType}>
            <Radio.Group options={[{ value: "integer", label: m.integer }, { value: "number", label: m.number }]} />
          </Form.Item>
          <Form.Item name="timeAggregation" label={m.agg} tooltip={m.aggHint}>
            <Radio.Group options={[{ value: "last", label: m.last }, { value: "sum", label: m.sum }]} />
          </Form.Item>
          <Form.Item name="unit" label={m.unit}>
            <Input maxLength={20} style={{ width: 100 }} />
          </Form.Item>
        </Space>
        <Form.Item name="categories" label={m.categories} extra={m.categoriesHint}>
          <Select mode="tags" tokenSeparators={[",", "，", "、"]} open={false} />
        </Form.Item>
        <Form.Item name="entryLevel" label={m.level}>
          <Radio.Group
            options={[
              { value: "school", label: m.school },
              { value: "township", label: m.township },
              { value: "county", label: m.county },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.entryLevel !== b.entryLevel}>
          {({ getFieldValue }) =>
            getFieldValue("entryLevel") === "school" ? (
              <Form.Item name="appliesTo" label={m.appliesTo} extra={m.appliesHint}>
                <Select mode="multiple" allowClear options={props.schoolTypes} />
              </Form.Item>
            ) : null
          }
        </Form.Item>
        <Form.Item name="dataSetIds" label={m.sets} extra={m.setsHint}>
          <Select
            mode="multiple"
            options={props.dataSets.map((d) => ({ value: d.id, label: d.name, disabled: inSets.includes(d.id) }))}
          />
        </Form.Item>
        <Form.Item name="description" label={m.description}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
