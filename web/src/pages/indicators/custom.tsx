// 自定义指标 (custom indicators): a drawer of the 指标监测 page listing the custom indicators, and for county
// staff and the admin a form to create, edit and delete one: Σ分子 / Σ分母 × 系数 over data element codes
// (the expression language of docs/indicators.md). The form checks its values with the same zod schema as
// the server (common/schemas/indicators.ts); formula errors come back from the server in Chinese.
// Server: GET /api/indicators/catalogue, POST /api/indicators, PUT|DELETE /api/indicators/:id.
import { useState } from "react";
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { INDICATOR_UNITS, ZCreateIndicator, ZUpdateIndicator } from "../../../../common/schemas/indicators.ts";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { useApi } from "../../components/use-api.ts";
import { formulaText, type CatalogueEntry } from "./model.ts";

const M = {
  zh: {
    title: "自定义指标",
    intro: "自定义指标与内置指标一样逐级计算：各级均为 Σ分子 / Σ分母 × 系数（无分母则为 Σ分子 × 系数）。",
    create: "新建指标",
    edit: "编辑指标",
    editShort: "编辑",
    del: "删除",
    delConfirm: "删除指标 {code}？已关联规划目标的指标不能删除。",
    deleted: "已删除指标 {code}",
    code: "代码",
    codeHint: "大写字母、数字和下划线，如 GIRLS_SHARE；不能与内置指标重复，创建后不能修改",
    name: "名称",
    unit: "显示单位",
    noUnit: "无（系数、倍数）",
    ratioUnit: "X:1（比）",
    decimals: "小数位数",
    factor: "系数",
    factorHint: "百分比填 100，千分比填 1000，其余填 1",
    numerator: "分子",
    denominator: "分母",
    denominatorHint: "留空为计数指标（逐级相加）",
    exprHint: "数据项代码及 + − × ÷、括号、数字；可用 [cat=男]、[filter=primary]、[offset=-1]",
    insert: "插入数据项",
    toNum: "→ 分子",
    toDen: "→ 分母",
    synonyms: "别名",
    synonymsHint: "规划文本中该指标的其他叫法，用于目标自动匹配",
    definition: "定义",
    source: "依据",
    formula: "计算公式",
    actions: "操作",
    none: "还没有自定义指标",
    save: "保存",
    cancel: "取消",
    created: "已创建指标 {code}",
    saved: "已保存",
    builtinNote: "内置指标见“指标说明”，不能修改。",
  },
  en: {
    title: "Custom indicators",
    intro:
      "Custom indicators aggregate like the built-ins: every level is Σnumerator / Σdenominator × factor (a count without a denominator).",
    create: "New indicator",
    edit: "Edit indicator",
    editShort: "Edit",
    del: "Delete",
    delConfirm: "Delete indicator {code}? An indicator linked to plan targets cannot be deleted.",
    deleted: "Indicator {code} deleted",
    code: "Code",
    codeHint: "Upper-case letters, digits and underscores, e.g. GIRLS_SHARE; not a built-in's code; fixed once created",
    name: "Name",
    unit: "Display unit",
    noUnit: "None (coefficient)",
    ratioUnit: "X:1 (ratio)",
    decimals: "Decimals",
    factor: "Factor",
    factorHint: "100 for a percentage, 1000 per mille, else 1",
    numerator: "Numerator",
    denominator: "Denominator",
    denominatorHint: "Empty for a count (summed up the levels)",
    exprHint: "Element codes with + − × ÷, parentheses, numbers; [cat=…], [filter=primary], [offset=-1] allowed",
    insert: "Insert an element",
    toNum: "→ numerator",
    toDen: "→ denominator",
    synonyms: "Synonyms",
    synonymsHint: "Other names plan documents use, for matching targets",
    definition: "Definition",
    source: "Source",
    formula: "Formula",
    actions: "Actions",
    none: "No custom indicators yet",
    save: "Save",
    cancel: "Cancel",
    created: "Indicator {code} created",
    saved: "Saved",
    builtinNote: "Built-in indicators are listed under Definitions and cannot be changed.",
  },
};

type Unit = (typeof INDICATOR_UNITS)[number];

interface FormValues {
  code: string;
  name: string;
  unit: Unit;
  decimals: number;
  factor: number;
  numerator: string;
  denominator?: string;
  synonyms: string[];
  definition?: string;
  source?: string;
}

function useErrorText() {
  const { locale } = useLocale();
  return (e: unknown) => {
    if (!(e instanceof ApiError)) return String(e);
    const detail = (e.details as { message?: string } | undefined)?.message;
    const main = locale === "en" && e.messageEn ? e.messageEn : e.message;
    return detail ? `${main}：${detail}` : main;
  };
}

export function CustomIndicatorsDrawer(props: {
  open: boolean;
  onClose: () => void;
  canEdit: boolean;
  entries: CatalogueEntry[];
  onChanged: () => void;
}) {
  const m = useMessages(M);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [editing, setEditing] = useState<CatalogueEntry | "new" | null>(null);
  const list = props.entries.filter((e) => e.builtin === false);
  const unitLabel = (u: string) => (u === "" ? "—" : u === ":1" ? "X:1" : u);

  const remove = async (e: CatalogueEntry) => {
    try {
      await api.del(`/indicators/${e.id}`);
      void message.success(fmt(m.deleted, { code: e.code }));
      props.onChanged();
    } catch (err) {
      void message.error(errorText(err), 6);
    }
  };

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      size={1000}
      title={m.title}
      extra={
        props.canEdit ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing("new")}
            data-testid="indicator-create"
          >
            {m.create}
          </Button>
        ) : null
      }
    >
      <Alert type="info" showIcon title={m.intro} description={m.builtinNote} style={{ marginBottom: 12 }} />
      <Table<CatalogueEntry>
        rowKey="code"
        size="small"
        dataSource={list}
        data-testid="custom-indicators-table"
        locale={{ emptyText: m.none }}
        pagination={list.length > 50 ? { pageSize: 50 } : false}
        columns={[
          {
            title: m.code,
            dataIndex: "code",
            width: 170,
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          { title: m.name, dataIndex: "name" },
          { title: m.unit, dataIndex: "unit", width: 70, render: unitLabel },
          {
            title: m.formula,
            render: (_, e) => (
              <Typography.Text code style={{ fontSize: 12 }}>
                {formulaText(e)}
              </Typography.Text>
            ),
          },
          {
            title: m.synonyms,
            dataIndex: "synonyms",
            width: 180,
            render: (v: string[]) => v.map((s) => <Tag key={s}>{s}</Tag>),
          },
          ...(props.canEdit
            ? [
                {
                  title: m.actions,
                  width: 140,
                  render: (_: unknown, e: CatalogueEntry) => (
                    <Space size={0}>
                      <Button
                        size="small"
                        type="link"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(e)}
                        data-testid={`indicator-edit-${e.code}`}
                      >
                        {m.editShort}
                      </Button>
                      <Popconfirm
                        title={fmt(m.delConfirm, { code: e.code })}
                        okText={m.del}
                        cancelText={m.cancel}
                        onConfirm={() => remove(e)}
                      >
                        <Button
                          size="small"
                          type="link"
                          danger
                          icon={<DeleteOutlined />}
                          data-testid={`indicator-delete-${e.code}`}
                        >
                          {m.del}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <IndicatorForm
          entry={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            props.onChanged();
          }}
        />
      ) : null}
    </Drawer>
  );
}

function IndicatorForm(props: { entry: CatalogueEntry | null; onClose: () => void; onSaved: () => void }) {
  const m = useMessages(M);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pick, setPick] = useState<string | undefined>();
  const elements = useApi<{ elements: { code: string; name: string; unit: string }[] }>("/data-elements");
  const e = props.entry;

  const append = (field: "numerator" | "denominator") => {
    if (!pick) return;
    const cur = (form.getFieldValue(field) as string | undefined)?.trim() ?? "";
    form.setFieldValue(field, cur ? `${cur} + ${pick}` : pick);
  };

  const submit = async (v: FormValues) => {
    setError(null);
    const fields = {
      name: v.name,
      unit: v.unit,
      decimals: v.decimals,
      factor: v.factor,
      numerator: v.numerator ?? "",
      denominator: v.denominator?.trim() ? v.denominator : null,
      synonyms: (v.synonyms ?? []).map((s) => s.trim()).filter(Boolean),
      definition: v.definition ?? "",
      source: v.source ?? "",
    };
    // the server's schema, checked here first
    const parsed = e
      ? ZUpdateIndicator.safeParse({ version: e.version, ...fields })
      : ZCreateIndicator.safeParse({ code: v.code?.trim(), ...fields });
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: i.path[0] as keyof FormValues, errors: [i.message] })));
      return;
    }
    setBusy(true);
    try {
      const saved = e
        ? (await api.put<{ indicator: { code: string } }>(`/indicators/${e.id}`, parsed.data)).indicator
        : (await api.post<{ indicator: { code: string } }>("/indicators", parsed.data)).indicator;
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
      width={680}
    >
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="indicator-error" />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={
          e
            ? { ...e, denominator: e.denominator ?? "", unit: e.unit as Unit }
            : { unit: "%", decimals: 1, factor: 100, synonyms: [] }
        }
      >
        <Space size={16} align="start" wrap>
          <Form.Item
            name="code"
            label={m.code}
            tooltip={m.codeHint}
            rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]*$/u, message: m.codeHint }]}
          >
            <Input maxLength={40} disabled={!!e} style={{ width: 220 }} data-testid="indicator-code" />
          </Form.Item>
          <Form.Item name="name" label={m.name} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} style={{ width: 360 }} data-testid="indicator-name" />
          </Form.Item>
        </Space>
        <Space size={16} align="start" wrap>
          <Form.Item name="unit" label={m.unit}>
            <Select
              style={{ width: 170 }}
              options={INDICATOR_UNITS.map((u) => ({
                value: u,
                label: u === "" ? m.noUnit : u === ":1" ? m.ratioUnit : u,
              }))}
              data-testid="indicator-unit"
            />
          </Form.Item>
          <Form.Item name="factor" label={m.factor} tooltip={m.factorHint} rules={[{ required: true }]}>
            <InputNumber min={0} style={{ width: 120 }} data-testid="indicator-factor" />
          </Form.Item>
          <Form.Item name="decimals" label={m.decimals} rules={[{ required: true }]}>
            <InputNumber min={0} max={4} precision={0} style={{ width: 90 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="numerator"
          label={m.numerator}
          extra={m.exprHint}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 4 }}
            style={{ fontFamily: "monospace" }}
            data-testid="indicator-numerator"
          />
        </Form.Item>
        <Form.Item name="denominator" label={m.denominator} extra={m.denominatorHint}>
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 4 }}
            style={{ fontFamily: "monospace" }}
            data-testid="indicator-denominator"
          />
        </Form.Item>
        <Space style={{ marginBottom: 16 }} wrap>
          <Select
            style={{ width: 320 }}
            placeholder={m.insert}
            value={pick}
            onChange={setPick}
            loading={elements.loading}
            showSearch={{ optionFilterProp: "label" }}
            options={(elements.data?.elements ?? []).map((d) => ({ value: d.code, label: `${d.name}  ${d.code}` }))}
          />
          <Button disabled={!pick} onClick={() => append("numerator")}>
            {m.toNum}
          </Button>
          <Button disabled={!pick} onClick={() => append("denominator")}>
            {m.toDen}
          </Button>
        </Space>
        <Form.Item name="synonyms" label={m.synonyms} extra={m.synonymsHint}>
          <Select mode="tags" tokenSeparators={[",", "，", "、"]} open={false} />
        </Form.Item>
        <Form.Item name="definition" label={m.definition}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="source" label={m.source}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
