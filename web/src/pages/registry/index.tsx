// 学校名录 (/registry): the org tree on the left, the units and schools under the selected node on the
// right (学校标识码, name, type, 公办/民办, 普惠性, 城区/镇区/乡村, parent), add or edit a unit in a drawer,
// Excel export and all-or-nothing import (row-level errors shown, nothing written), and unit groups.
// Server: server/modules/indicators/registry (GET /api/registry, POST/PATCH /api/registry/units, …).
import { useMemo, useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Tree,
  Typography,
} from "antd";
import { ApartmentOutlined, DownloadOutlined, EditOutlined, GroupOutlined, PlusOutlined } from "@ant-design/icons";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { useSession } from "../../app/session.tsx";
import { PageState } from "../../components/page-state.tsx";
import { useApi } from "../../components/use-api.ts";
import { ExcelUpload } from "../data/upload.tsx";
import {
  LOCALITIES,
  OWNERSHIPS,
  SCHOOL_TYPES,
  UNIT_TYPES,
  label,
  type RegistryUnit,
  type UnitGroup,
} from "../data/types.ts";

const M = {
  zh: {
    title: "学校名录",
    subtitle: "组织机构树与学校登记信息：学校标识码、办学类型、办学性质、普惠性、城乡分类",
    tree: "组织机构",
    search: "搜索学校名称或标识码",
    all: "全部类型",
    add: "新增单位",
    edit: "编辑",
    export: "导出 Excel",
    import: "导入 Excel",
    imported: "导入完成：新增 {created} 所，更新 {updated} 所",
    groups: "单位分组",
    code: "学校标识码",
    name: "名称",
    type: "类型",
    schoolType: "办学类型",
    ownership: "办学性质",
    inclusive: "普惠性",
    locality: "城乡分类",
    parent: "所属单位",
    status: "状态",
    active: "在用",
    inactive: "停用",
    yes: "是",
    no: "否",
    action: "操作",
    unitCode: "单位代码",
    sort: "排序",
    save: "保存",
    cancel: "取消",
    saved: "已保存：{name}",
    newUnit: "新增单位",
    editUnit: "编辑单位：{name}",
    required: "请填写",
    codeHint: "10 位数字",
    total: "共 {n} 个单位，其中学校 {s} 所",
    select: "请选择左侧的单位",
    groupName: "分组名称",
    groupDesc: "说明",
    members: "成员单位",
    newGroup: "新建分组",
    editGroup: "编辑分组",
    del: "删除",
    delConfirm: "删除分组“{name}”？",
    noGroups: "还没有分组（例如：薄弱学校、优质均衡创建校）",
    nMembers: "{n} 个单位",
    readOnly: "只读：学校名录由县教育局股室维护",
  },
  en: {
    title: "School registry",
    subtitle: "Org tree and school registry: school code, type, ownership, inclusive (普惠), urban/rural",
    tree: "Organisation",
    search: "Search name or school code",
    all: "All types",
    add: "Add unit",
    edit: "Edit",
    export: "Export Excel",
    import: "Import Excel",
    imported: "Imported: {created} added, {updated} updated",
    groups: "Unit groups",
    code: "School code",
    name: "Name",
    type: "Type",
    schoolType: "School type",
    ownership: "Ownership",
    inclusive: "Inclusive",
    locality: "Locality",
    parent: "Parent",
    status: "Status",
    active: "Active",
    inactive: "Closed",
    yes: "Yes",
    no: "No",
    action: "Actions",
    unitCode: "Unit code",
    sort: "Order",
    save: "Save",
    cancel: "Cancel",
    saved: "Saved: {name}",
    newUnit: "Add unit",
    editUnit: "Edit unit: {name}",
    required: "Required",
    codeHint: "10 digits",
    total: "{n} units, {s} schools",
    select: "Select a unit on the left",
    groupName: "Group name",
    groupDesc: "Description",
    members: "Members",
    newGroup: "New group",
    editGroup: "Edit group",
    del: "Delete",
    delConfirm: "Delete group “{name}”?",
    noGroups: "No groups yet (e.g. schools needing support)",
    nMembers: "{n} units",
    readOnly: "Read only: the bureau's departments keep the registry",
  },
};

const WRITERS = new Set(["admin", "staff"]);
const CONTAINER = new Set(["province", "city", "county", "bureau", "department", "township", "center"]);
/** The tree shows where schools hang: not the bureau's departments (股室). */
const TREE_TYPES = new Set(["province", "city", "county", "bureau", "township", "center"]);

interface TreeNode {
  key: number;
  title: string;
  unit: RegistryUnit;
  children: TreeNode[];
}

function buildTree(units: RegistryUnit[]): TreeNode[] {
  const nodes = new Map<number, TreeNode>();
  const containers = units.filter((u) => TREE_TYPES.has(u.type));
  for (const u of containers) nodes.set(u.id, { key: u.id, title: u.name, unit: u, children: [] });
  const roots: TreeNode[] = [];
  for (const u of containers) {
    const n = nodes.get(u.id)!;
    const p = u.parentId !== null ? nodes.get(u.parentId) : undefined;
    if (p) p.children.push(n);
    else roots.push(n);
  }
  return roots;
}

type UnitForm = {
  parentId: number;
  type: string;
  name: string;
  code?: string;
  schoolCode?: string;
  schoolType?: string;
  ownership?: "public" | "private";
  inclusive?: boolean;
  locality?: "urban" | "town" | "rural";
  active: boolean;
  sort?: number;
};

export default function RegistryPage() {
  const m = useMessages(M);
  const { locale } = useLocale();
  const { user } = useSession();
  const { message } = App.useApp();
  const canEdit = WRITERS.has(user.role);
  const reg = useApi<{ units: RegistryUnit[] }>("/registry");
  const groups = useApi<{ groups: UnitGroup[] }>("/unit-groups");
  const [selected, setSelected] = useState<number | null>(null);
  const [q, setQ] = useState("");
  const [typeFilter, setTypeFilter] = useState<string>("");
  const [editing, setEditing] = useState<null | { unit: RegistryUnit | null }>(null);
  const [groupsOpen, setGroupsOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const units = useMemo(() => reg.data?.units ?? [], [reg.data]);
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const tree = useMemo(() => buildTree(units), [units]);
  const expanded = useMemo(
    () => units.filter((u) => CONTAINER.has(u.type) && u.type !== "township" && u.type !== "center").map((u) => u.id),
    [units],
  );
  const root = selected !== null ? byId.get(selected) : tree[0]?.unit;
  const rows = useMemo(() => {
    if (!root) return [];
    const needle = q.trim();
    return units.filter(
      (u) =>
        u.id !== root.id &&
        u.path.startsWith(root.path) &&
        (u.type === "school" || u.type === "township" || u.type === "center") &&
        (!typeFilter || (typeFilter === "_units" ? u.type !== "school" : u.schoolType === typeFilter)) &&
        (!needle || u.name.includes(needle) || (u.schoolCode ?? "").includes(needle)),
    );
  }, [units, root, q, typeFilter]);
  const schools = units.filter((u) => u.type === "school").length;

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download("/registry/export");
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card styles={{ body: { padding: "12px 24px" } }}>
        <Row align="middle" justify="space-between" gutter={16} wrap={false}>
          <Col flex="1 1 auto" style={{ minWidth: 0 }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {m.title}
            </Typography.Title>
            <Typography.Text type="secondary" ellipsis>
              {m.subtitle}
            </Typography.Text>
          </Col>
          <Col flex="none">
            <Space>
              <Button icon={<GroupOutlined />} onClick={() => setGroupsOpen(true)} data-testid="registry-groups">
                {m.groups}
              </Button>
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
                {m.export}
              </Button>
              {canEdit ? (
                <ExcelUpload<{ created: number; updated: number }>
                  path="/registry/import"
                  label={m.import}
                  testId="registry-import"
                  onDone={(r) => {
                    void message.success(fmt(m.imported, { created: r.created ?? 0, updated: r.updated ?? 0 }));
                    reg.reload();
                  }}
                />
              ) : null}
              {canEdit ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null })}>
                  {m.add}
                </Button>
              ) : null}
            </Space>
          </Col>
        </Row>
      </Card>
      <PageState loading={reg.loading && !reg.data} error={reg.error} onRetry={reg.reload} empty={!units.length}>
        <Row gutter={16} wrap={false}>
          <Col flex="270px">
            <Card
              size="small"
              title={
                <Space>
                  <ApartmentOutlined />
                  {m.tree}
                </Space>
              }
              styles={{ body: { padding: 8 } }}
            >
              <Tree<TreeNode>
                treeData={tree}
                defaultExpandedKeys={expanded}
                selectedKeys={root ? [root.id] : []}
                onSelect={(keys) => setSelected(keys.length ? Number(keys[0]) : null)}
                height={560}
                blockNode
                data-testid="registry-tree"
                titleRender={(n) => (
                  <Space size={4} style={{ whiteSpace: "nowrap" }}>
                    <span>{n.unit.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                      {label(UNIT_TYPES, n.unit.type, locale)}
                    </Typography.Text>
                  </Space>
                )}
              />
            </Card>
          </Col>
          <Col flex="1" style={{ minWidth: 0 }}>
            <Card
              size="small"
              title={root ? root.name : m.select}
              extra={
                <Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmt(m.total, { n: units.length, s: schools })}
                  </Typography.Text>
                  <Select
                    size="small"
                    style={{ width: 130 }}
                    value={typeFilter}
                    onChange={setTypeFilter}
                    options={[
                      { value: "", label: m.all },
                      { value: "_units", label: label(UNIT_TYPES, "center", locale) },
                      ...Object.keys(SCHOOL_TYPES).map((k) => ({ value: k, label: label(SCHOOL_TYPES, k, locale) })),
                    ]}
                  />
                  <Input.Search
                    size="small"
                    allowClear
                    placeholder={m.search}
                    style={{ width: 200 }}
                    onChange={(e) => setQ(e.target.value)}
                  />
                </Space>
              }
            >
              {!canEdit ? <Alert type="info" showIcon title={m.readOnly} style={{ marginBottom: 8 }} /> : null}
              <Table<RegistryUnit>
                rowKey="id"
                size="small"
                dataSource={rows}
                data-testid="registry-table"
                pagination={rows.length > 12 ? { pageSize: 12, size: "small", showSizeChanger: false } : false}
                scroll={{ x: 700 }}
                columns={[
                  {
                    title: m.code,
                    dataIndex: "schoolCode",
                    width: 108,
                    render: (v: string | null) => <Typography.Text code={!!v}>{v ?? "—"}</Typography.Text>,
                  },
                  {
                    title: m.name,
                    dataIndex: "name",
                    width: 150,
                    render: (v: string, u) => (
                      <Space size={4}>
                        <span>{v}</span>
                        {!u.active ? <Tag>{m.inactive}</Tag> : null}
                      </Space>
                    ),
                  },
                  {
                    title: m.type,
                    width: 84,
                    render: (_, u) =>
                      u.type === "school" ? (
                        label(SCHOOL_TYPES, u.schoolType, locale)
                      ) : (
                        <Tag color="purple">{label(UNIT_TYPES, u.type, locale)}</Tag>
                      ),
                  },
                  {
                    title: m.ownership,
                    dataIndex: "ownership",
                    width: 72,
                    render: (v: string | null) =>
                      v ? <Tag color={v === "public" ? "blue" : "orange"}>{label(OWNERSHIPS, v, locale)}</Tag> : "—",
                  },
                  {
                    title: m.inclusive,
                    dataIndex: "inclusive",
                    width: 64,
                    render: (v: boolean | null) => (v === null ? "—" : v ? <Tag color="green">{m.yes}</Tag> : m.no),
                  },
                  {
                    title: m.locality,
                    dataIndex: "locality",
                    width: 80,
                    render: (v: string | null) => label(LOCALITIES, v, locale),
                  },
                  {
                    title: m.parent,
                    dataIndex: "parentId",
                    width: 116,
                    ellipsis: true,
                    render: (v: number | null) => (v !== null ? (byId.get(v)?.name ?? v) : "—"),
                  },
                  ...(canEdit
                    ? [
                        {
                          title: "",
                          width: 44,
                          render: (_: unknown, u: RegistryUnit) => (
                            <Tooltip title={m.edit}>
                              <Button
                                type="text"
                                size="small"
                                icon={<EditOutlined />}
                                aria-label={m.edit}
                                data-testid={`unit-edit-${u.id}`}
                                onClick={() => setEditing({ unit: u })}
                              />
                            </Tooltip>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
          </Col>
        </Row>
      </PageState>
      <UnitDrawer
        open={editing !== null}
        unit={editing?.unit ?? null}
        defaultParent={root && root.type !== "school" ? root.id : undefined}
        parents={units.filter((u) => TREE_TYPES.has(u.type))}
        onClose={() => setEditing(null)}
        onSaved={(u) => {
          void message.success(fmt(m.saved, { name: u.name }));
          setEditing(null);
          reg.reload();
        }}
      />
      <GroupsDrawer
        open={groupsOpen}
        onClose={() => setGroupsOpen(false)}
        groups={groups.data?.groups ?? []}
        loading={groups.loading}
        error={groups.error}
        reload={groups.reload}
        units={units}
        canEdit={canEdit}
      />
    </Space>
  );
}

function UnitDrawer(props: {
  open: boolean;
  unit: RegistryUnit | null;
  defaultParent?: number;
  parents: RegistryUnit[];
  onClose: () => void;
  onSaved: (u: RegistryUnit) => void;
}) {
  const m = useMessages(M);
  const { locale } = useLocale();
  const [form] = Form.useForm<UnitForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const u = props.unit;

  const submit = async (v: UnitForm) => {
    setBusy(true);
    setError(null);
    const school = v.type === "school";
    const body = {
      parentId: v.parentId,
      type: v.type,
      name: v.name,
      code: v.code || null,
      schoolCode: school ? v.schoolCode || null : null,
      schoolType: school ? (v.schoolType ?? null) : null,
      ownership: school ? (v.ownership ?? null) : null,
      inclusive: school && v.schoolType === "kindergarten" ? (v.inclusive ?? null) : null,
      locality: school ? (v.locality ?? null) : null,
      active: v.active,
      ...(v.sort !== undefined && v.sort !== null ? { sort: v.sort } : {}),
    };
    try {
      const r = u
        ? await api.patch<{ unit: RegistryUnit }>(`/registry/units/${u.id}`, { ...body, version: u.version })
        : await api.post<{ unit: RegistryUnit }>("/registry/units", body);
      props.onSaved(r.unit);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={u ? fmt(m.editUnit, { name: u.name }) : m.newUnit}
      size={460}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{m.cancel}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="unit-save">
            {m.save}
          </Button>
        </Space>
      }
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error.message}
          description={(error.details as { message?: string } | undefined)?.message}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form<UnitForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={
          u
            ? {
                parentId: u.parentId ?? undefined,
                type: u.type,
                name: u.name,
                code: u.code ?? undefined,
                schoolCode: u.schoolCode ?? undefined,
                schoolType: u.schoolType ?? undefined,
                ownership: u.ownership ?? undefined,
                inclusive: u.inclusive ?? undefined,
                locality: u.locality ?? undefined,
                active: u.active,
                sort: u.sort,
              }
            : { type: "school", parentId: props.defaultParent, active: true }
        }
      >
        <Form.Item name="parentId" label={m.parent} rules={[{ required: true, message: m.required }]}>
          <Select
            showSearch={{ optionFilterProp: "label" }}
            options={props.parents.map((p) => ({ value: p.id, label: p.name }))}
          />
        </Form.Item>
        <Form.Item name="type" label={m.type} rules={[{ required: true }]}>
          <Select
            options={(["township", "center", "department", "school"] as const).map((t) => ({
              value: t,
              label: label(UNIT_TYPES, t, locale),
            }))}
          />
        </Form.Item>
        <Form.Item name="name" label={m.name} rules={[{ required: true, message: m.required }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.type !== b.type || a.schoolType !== b.schoolType}>
          {({ getFieldValue }) =>
            getFieldValue("type") === "school" ? (
              <>
                <Form.Item
                  name="schoolCode"
                  label={m.code}
                  extra={m.codeHint}
                  rules={[{ pattern: /^\d{10}$/u, message: m.codeHint }]}
                >
                  <Input maxLength={10} data-testid="unit-school-code" />
                </Form.Item>
                <Form.Item name="schoolType" label={m.schoolType} rules={[{ required: true, message: m.required }]}>
                  <Select
                    options={Object.keys(SCHOOL_TYPES).map((k) => ({
                      value: k,
                      label: label(SCHOOL_TYPES, k, locale),
                    }))}
                  />
                </Form.Item>
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="ownership" label={m.ownership}>
                      <Select
                        allowClear
                        options={Object.keys(OWNERSHIPS).map((k) => ({
                          value: k,
                          label: label(OWNERSHIPS, k, locale),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="locality" label={m.locality}>
                      <Select
                        allowClear
                        options={Object.keys(LOCALITIES).map((k) => ({
                          value: k,
                          label: label(LOCALITIES, k, locale),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                {getFieldValue("schoolType") === "kindergarten" ? (
                  <Form.Item name="inclusive" label={m.inclusive} valuePropName="checked">
                    <Switch checkedChildren={m.yes} unCheckedChildren={m.no} />
                  </Form.Item>
                ) : null}
              </>
            ) : (
              <Form.Item name="code" label={m.unitCode}>
                <Input maxLength={40} />
              </Form.Item>
            )
          }
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="active" label={m.status} valuePropName="checked">
              <Switch checkedChildren={m.active} unCheckedChildren={m.inactive} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="sort" label={m.sort}>
              <InputNumber min={0} max={1_000_000} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}

function GroupsDrawer(props: {
  open: boolean;
  onClose: () => void;
  groups: UnitGroup[];
  loading: boolean;
  error: ApiError | undefined;
  reload: () => void;
  units: RegistryUnit[];
  canEdit: boolean;
}) {
  const m = useMessages(M);
  const { message } = App.useApp();
  const [editing, setEditing] = useState<null | { group: UnitGroup | null }>(null);
  const [form] = Form.useForm<{ name: string; description?: string; unitIds: number[] }>();
  const [busy, setBusy] = useState(false);
  const names = useMemo(() => new Map(props.units.map((u) => [u.id, u.name])), [props.units]);

  const save = async (v: { name: string; description?: string; unitIds: number[] }) => {
    setBusy(true);
    try {
      const g = editing?.group;
      const body = { name: v.name, description: v.description ?? "", unitIds: v.unitIds ?? [] };
      if (g) await api.patch(`/unit-groups/${g.id}`, { ...body, version: g.version });
      else await api.post("/unit-groups", body);
      setEditing(null);
      props.reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (g: UnitGroup) => {
    try {
      await api.del(`/unit-groups/${g.id}`);
      props.reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={m.groups}
      size={520}
      extra={
        props.canEdit && !editing ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              setEditing({ group: null });
            }}
          >
            {m.newGroup}
          </Button>
        ) : null
      }
    >
      {editing ? (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void save(v)}
          initialValues={
            editing.group
              ? {
                  name: editing.group.name,
                  description: editing.group.description ?? "",
                  unitIds: editing.group.unitIds,
                }
              : { unitIds: [] }
          }
        >
          <Form.Item name="name" label={m.groupName} rules={[{ required: true, message: m.required }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="description" label={m.groupDesc}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
          <Form.Item name="unitIds" label={m.members}>
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: "label" }}
              options={props.units.filter((u) => u.type === "school").map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              {m.save}
            </Button>
            <Button onClick={() => setEditing(null)}>{m.cancel}</Button>
          </Space>
        </Form>
      ) : (
        <PageState loading={props.loading} error={props.error} onRetry={props.reload}>
          {props.groups.length ? (
            <List<UnitGroup>
              dataSource={props.groups}
              renderItem={(g) => (
                <List.Item
                  actions={
                    props.canEdit
                      ? [
                          <Button
                            key="e"
                            type="link"
                            size="small"
                            onClick={() => {
                              form.resetFields();
                              setEditing({ group: g });
                            }}
                          >
                            {m.edit}
                          </Button>,
                          <Popconfirm
                            key="d"
                            title={fmt(m.delConfirm, { name: g.name })}
                            onConfirm={() => void remove(g)}
                          >
                            <Button type="link" size="small" danger>
                              {m.del}
                            </Button>
                          </Popconfirm>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        {g.name}
                        <Tag>{fmt(m.nMembers, { n: g.unitIds.length })}</Tag>
                      </Space>
                    }
                    description={
                      <>
                        {g.description ? <div>{g.description}</div> : null}
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {g.unitIds
                            .slice(0, 8)
                            .map((id) => names.get(id) ?? id)
                            .join("、")}
                          {g.unitIds.length > 8 ? " …" : ""}
                        </Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          ) : (
            <Empty description={m.noGroups} />
          )}
        </PageState>
      )}
    </Drawer>
  );
}
