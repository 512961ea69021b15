// 组织机构: the org tree (province → … → bureau → departments, townships, schools); add a unit under
// the selected one; see the selected unit's details and its users.
import { useMemo, useState } from "react";
import { Link } from "react-router";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  Tree,
  Typography,
} from "antd";
import { ApartmentOutlined, PlusOutlined } from "@ant-design/icons";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { SCHOOL_TYPE_CODES, schoolTypeName, unitTypeName } from "../../app/roles.ts";
import { PageState } from "../../components/page-state.tsx";
import { useApi } from "../../components/use-api.ts";
import { unitTree, type Unit } from "./shared.ts";

const M = {
  zh: {
    title: "组织机构",
    add: "新增下级单位",
    addRoot: "新增顶级单位",
    search: "搜索单位名称",
    details: "单位信息",
    name: "名称",
    type: "类型",
    code: "学校标识码",
    codeHint: "10 位数字，仅学校填写",
    schoolType: "办学类型",
    ownership: "办学性质",
    public: "公办",
    private: "民办",
    parent: "上级单位",
    none: "（无）",
    users: "查看本单位用户",
    select: "请在左侧选择一个单位",
    created: "已新增单位：{name}",
    total: "共 {n} 个单位",
    required: "请填写",
    noChildren: "学校下不能再设下级单位",
  },
  en: {
    title: "Organisation",
    add: "Add a sub-unit",
    addRoot: "Add a top unit",
    search: "Search units",
    details: "Unit",
    name: "Name",
    type: "Type",
    code: "School code",
    codeHint: "10 digits, schools only",
    schoolType: "School type",
    ownership: "Ownership",
    public: "Public",
    private: "Private",
    parent: "Parent",
    none: "(none)",
    users: "Users of this unit",
    select: "Select a unit on the left",
    created: "Unit added: {name}",
    total: "{n} units",
    required: "Required",
    noChildren: "A school has no sub-units",
  },
};

const TYPES = ["province", "city", "county", "bureau", "department", "township", "center", "school"] as const;
/** What is usually added under a unit of each type (the form's first choice). */
const CHILD_TYPE: Record<string, (typeof TYPES)[number]> = {
  province: "city",
  city: "county",
  county: "bureau",
  bureau: "department",
  township: "school",
  center: "school",
};
const TYPE_COLOR: Record<string, string> = {
  bureau: "blue",
  department: "cyan",
  township: "purple",
  center: "purple",
  school: "green",
  county: "geekblue",
  city: "geekblue",
  province: "geekblue",
};

export default function AdminOrgsPage() {
  const m = useMessages(M);
  const { locale } = useLocale();
  const { message } = App.useApp();
  const orgs = useApi<{ units: Unit[] }>("/orgs");
  const [selected, setSelected] = useState<number | null>(null);
  const [q, setQ] = useState("");
  const [adding, setAdding] = useState<null | { parentId: number | null }>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();

  const units = useMemo(() => orgs.data?.units ?? [], [orgs.data]);
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const tree = useMemo(() => {
    const visible = q
      ? (() => {
          const keep = new Set<number>();
          for (const u of units)
            if (u.name.includes(q)) for (const id of u.path.split("/").filter(Boolean)) keep.add(Number(id));
          return units.filter((u) => keep.has(u.id));
        })()
      : units;
    return unitTree(visible);
  }, [units, q]);
  const expanded = useMemo(
    () =>
      q
        ? units.map((u) => u.id)
        : units.filter((u) => u.type !== "township" && u.type !== "department").map((u) => u.id),
    [units, q],
  );
  const unit = selected !== null ? byId.get(selected) : undefined;

  const submit = async (v: { type: string; name: string; code?: string; schoolType?: string; ownership?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ unit: Unit }>("/orgs", {
        parentId: adding?.parentId ?? null,
        type: v.type,
        name: v.name,
        code: v.code || null,
        schoolType: v.schoolType || null,
        ownership: v.ownership || null,
      });
      void message.success(fmt(m.created, { name: r.unit.name }));
      setAdding(null);
      form.resetFields();
      setSelected(r.unit.id);
      orgs.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageState loading={orgs.loading && !orgs.data} error={orgs.error} onRetry={orgs.reload}>
      <Row gutter={16}>
        <Col flex="420px">
          <Card
            title={
              <Space>
                <ApartmentOutlined />
                {m.title}
                <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 12 }}>
                  {fmt(m.total, { n: units.length })}
                </Typography.Text>
              </Space>
            }
            extra={
              <Button
                size="small"
                icon={<PlusOutlined />}
                disabled={unit?.type === "school"}
                title={unit?.type === "school" ? m.noChildren : undefined}
                onClick={() => setAdding({ parentId: selected })}
              >
                {selected !== null ? m.add : m.addRoot}
              </Button>
            }
            size="small"
          >
            <Input.Search
              placeholder={m.search}
              allowClear
              onChange={(e) => setQ(e.target.value.trim())}
              style={{ marginBottom: 8 }}
            />
            {tree.length ? (
              <Tree
                key={q ? `q:${q}` : "all"}
                treeData={tree}
                defaultExpandedKeys={expanded}
                selectedKeys={selected !== null ? [selected] : []}
                onSelect={(keys) => setSelected(keys.length ? Number(keys[0]) : null)}
                height={600}
                titleRender={(n) => (
                  <Space size={4}>
                    <span>{n.unit.name}</span>
                    <Tag
                      color={TYPE_COLOR[n.unit.type]}
                      style={{ fontSize: 11, lineHeight: "16px", marginInlineEnd: 0 }}
                    >
                      {unitTypeName(n.unit.type, locale)}
                    </Tag>
                  </Space>
                )}
                data-testid="org-tree"
              />
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
        <Col flex="1" style={{ minWidth: 0 }}>
          <Card title={m.details} size="small">
            {unit ? (
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={m.name}>{unit.name}</Descriptions.Item>
                <Descriptions.Item label={m.type}>{unitTypeName(unit.type, locale)}</Descriptions.Item>
                <Descriptions.Item label={m.parent}>
                  {unit.parentId !== null ? (byId.get(unit.parentId)?.name ?? unit.parentId) : m.none}
                </Descriptions.Item>
                {unit.type === "school" && (
                  <>
                    <Descriptions.Item label={m.code}>{unit.code ?? "—"}</Descriptions.Item>
                    <Descriptions.Item label={m.schoolType}>
                      {schoolTypeName(unit.schoolType, locale)}
                    </Descriptions.Item>
                    <Descriptions.Item label={m.ownership}>
                      {unit.ownership === "private" ? m.private : unit.ownership === "public" ? m.public : "—"}
                    </Descriptions.Item>
                  </>
                )}
                <Descriptions.Item label="ID">{unit.id}</Descriptions.Item>
                <Descriptions.Item label="">
                  <Link to={`/admin/users?unit=${unit.id}`}>{m.users}</Link>
                </Descriptions.Item>
              </Descriptions>
            ) : (
              <Empty description={m.select} />
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={adding !== null}
        title={adding?.parentId ? `${m.add}：${byId.get(adding.parentId)?.name ?? ""}` : m.addRoot}
        onCancel={() => {
          setAdding(null);
          setError(null);
        }}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            type: CHILD_TYPE[adding?.parentId ? (byId.get(adding.parentId)?.type ?? "") : ""] ?? "county",
          }}
        >
          <Form.Item name="type" label={m.type} rules={[{ required: true }]}>
            <Select options={TYPES.map((t) => ({ value: t, label: unitTypeName(t, locale) }))} />
          </Form.Item>
          <Form.Item name="name" label={m.name} rules={[{ required: true, message: m.required }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.type !== b.type}>
            {({ getFieldValue }) =>
              getFieldValue("type") === "school" && (
                <>
                  <Form.Item
                    name="code"
                    label={m.code}
                    extra={m.codeHint}
                    rules={[{ pattern: /^\d{10}$/u, message: m.codeHint }]}
                  >
                    <Input maxLength={10} />
                  </Form.Item>
                  <Form.Item name="schoolType" label={m.schoolType}>
                    <Select
                      allowClear
                      options={SCHOOL_TYPE_CODES.map((c) => ({ value: c, label: schoolTypeName(c, locale) }))}
                    />
                  </Form.Item>
                  <Form.Item name="ownership" label={m.ownership}>
                    <Select
                      allowClear
                      options={[
                        { value: "public", label: m.public },
                        { value: "private", label: m.private },
                      ]}
                    />
                  </Form.Item>
                </>
              )
            }
          </Form.Item>
        </Form>
      </Modal>
    </PageState>
  );
}
