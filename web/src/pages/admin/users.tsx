// 用户管理: every account in the admin's reach; create (a one-time password is shown once), edit the
// name, role, unit and a deputy's departments, disable/enable, reset the password.
import { useSession } from "../../app/session.tsx";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import { KeyOutlined, PlusOutlined, TeamOutlined } from "@ant-design/icons";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { ROLES, roleName } from "../../app/roles.ts";
import type { Role } from "../../app/session.tsx";
import { PageState } from "../../components/page-state.tsx";
import { useApi } from "../../components/use-api.ts";
import { unitTree, type Unit } from "./shared.ts";

interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: number;
  unitName: string;
  disabled: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  email: string | null;
  version: number;
}

const M = {
  zh: {
    title: "用户管理",
    create: "新建用户",
    edit: "编辑",
    search: "搜索用户名或姓名",
    unitFilter: "按单位筛选",
    roleFilter: "按角色筛选",
    username: "用户名",
    name: "姓名",
    unit: "所属单位",
    role: "角色",
    status: "状态",
    actions: "操作",
    active: "正常",
    disabled: "已停用",
    mustChange: "待改密码",
    locked: "已锁定",
    disable: "停用",
    enable: "启用",
    disableConfirm: "停用后该用户将被立即登出且无法登录，确定停用？",
    reset: "重置密码",
    resetConfirm: "将生成新的临时密码，并登出该用户的所有会话。确定重置？",
    password: "初始密码",
    passwordHint: "留空则自动生成临时密码；用户首次登录须修改密码",
    departments: "分管股室",
    email: "电子邮箱",
    oneTime: "临时密码（仅显示一次，请转告用户）",
    createdFor: "已为 {name} 创建账号",
    resetFor: "已重置 {name} 的密码",
    saved: "已保存",
    required: "请填写",
    total: "共 {n} 个用户",
    close: "我已记下",
    you: "本人",
    ownRole: "不能修改自己的角色，请由其他系统管理员操作",
    lastAdmin: "最后一个启用的系统管理员，不能降级或停用",
  },
  en: {
    title: "Users",
    create: "New user",
    edit: "Edit",
    search: "Search username or name",
    unitFilter: "Filter by unit",
    roleFilter: "Filter by role",
    username: "Username",
    name: "Name",
    unit: "Unit",
    role: "Role",
    status: "Status",
    actions: "Actions",
    active: "Active",
    disabled: "Disabled",
    mustChange: "Must change password",
    locked: "Locked",
    disable: "Disable",
    enable: "Enable",
    disableConfirm: "The user is logged out at once and cannot log in. Disable?",
    reset: "Reset password",
    resetConfirm: "A new one-time password is generated and the user's sessions end. Reset?",
    password: "Initial password",
    passwordHint: "Leave empty to generate a one-time password; the user must change it at first login",
    departments: "Departments in charge",
    email: "Email",
    oneTime: "One-time password (shown once; pass it on to the user)",
    createdFor: "Account created for {name}",
    resetFor: "Password reset for {name}",
    saved: "Saved",
    required: "Required",
    total: "{n} users",
    close: "Noted",
    you: "You",
    ownRole: "You cannot change your own role; ask another administrator",
    lastAdmin: "The last active administrator cannot be demoted or disabled",
  },
};

interface FormValues {
  username?: string;
  displayName: string;
  role: Role;
  orgUnitId: number;
  password?: string;
  departmentIds?: number[];
  email?: string;
}

export default function AdminUsersPage() {
  const { user: me } = useSession(); // an administrator does not disable their own account
  const m = useMessages(M);
  const { locale } = useLocale();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const users = useApi<{ users: User[] }>("/users");
  const orgs = useApi<{ units: Unit[] }>("/orgs");
  const [q, setQ] = useState("");
  const [role, setRole] = useState<Role | undefined>(undefined);
  const [editing, setEditing] = useState<User | "new" | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<{ title: string; password: string } | null>(null);
  const [form] = Form.useForm<FormValues>();
  const unitFilter = params.get("unit") ? Number(params.get("unit")) : undefined;

  const units = useMemo(() => orgs.data?.units ?? [], [orgs.data]);
  const unitPath = useMemo(() => new Map(units.map((u) => [u.id, u.path])), [units]);
  const tree = useMemo(() => unitTree(units), [units]);
  const departments = useMemo(
    () => units.filter((u) => u.type === "department").map((u) => ({ value: u.id, label: u.name })),
    [units],
  );

  const rows = useMemo(() => {
    const all = users.data?.users ?? [];
    const root = unitFilter !== undefined ? unitPath.get(unitFilter) : undefined;
    return all.filter(
      (u) =>
        (!q || u.username.includes(q) || u.displayName.includes(q)) &&
        (!role || u.role === role) &&
        (!root || (unitPath.get(u.orgUnitId) ?? "").startsWith(root)),
    );
  }, [users.data, q, role, unitFilter, unitPath]);

  // the server refuses these (CANNOT_DISABLE_SELF, CANNOT_CHANGE_OWN_ROLE, LAST_ADMIN); the page does not offer them
  const activeAdmins = (users.data?.users ?? []).filter((u) => u.role === "admin" && !u.disabled).length;
  const lastAdmin = (u: User) => u.role === "admin" && !u.disabled && activeAdmins <= 1;
  const roleLocked = (u: User | "new" | null): string | null =>
    u === null || u === "new" ? null : u.id === me.id ? m.ownRole : lastAdmin(u) ? m.lastAdmin : null;

  const fail = (e: unknown) => {
    const err = e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e));
    return err;
  };

  const open = (u: User | "new") => {
    setError(null);
    setEditing(u);
    form.resetFields();
    if (u !== "new")
      form.setFieldsValue({
        displayName: u.displayName,
        role: u.role,
        orgUnitId: u.orgUnitId,
        email: u.email ?? undefined,
      });
    else if (unitFilter !== undefined) form.setFieldsValue({ orgUnitId: unitFilter });
  };

  const submit = async (v: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      if (editing === "new") {
        const r = await api.post<{ user: User; password: string }>("/users", {
          username: v.username,
          displayName: v.displayName,
          role: v.role,
          orgUnitId: v.orgUnitId,
          ...(v.password ? { password: v.password } : {}),
          ...(v.role === "deputy" ? { departmentIds: v.departmentIds ?? [] } : {}),
          ...(v.email ? { email: v.email } : {}),
        });
        setEditing(null);
        if (!v.password) setSecret({ title: fmt(m.createdFor, { name: r.user.displayName }), password: r.password });
        else void message.success(fmt(m.createdFor, { name: r.user.displayName }));
      } else if (editing) {
        await api.patch(`/users/${editing.id}`, {
          version: editing.version,
          displayName: v.displayName,
          role: v.role,
          orgUnitId: v.orgUnitId,
          email: v.email || null,
          ...(v.role === "deputy" && v.departmentIds ? { departmentIds: v.departmentIds } : {}),
        });
        setEditing(null);
        void message.success(m.saved);
      }
      users.reload();
    } catch (e) {
      setError(fail(e));
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (u: User) => {
    try {
      await api.patch(`/users/${u.id}`, { version: u.version, disabled: !u.disabled });
      void message.success(m.saved);
      users.reload();
    } catch (e) {
      void message.error(fail(e).message);
    }
  };

  const reset = async (u: User) => {
    try {
      const r = await api.post<{ password: string }>(`/users/${u.id}/reset-password`);
      setSecret({ title: fmt(m.resetFor, { name: u.displayName }), password: r.password });
      users.reload();
    } catch (e) {
      void message.error(fail(e).message);
    }
  };

  const columns: ColumnsType<User> = [
    {
      title: m.username,
      dataIndex: "username",
      width: 140,
      render: (name: string, u) => (
        <Space size={4}>
          {name}
          {u.id === me.id && <Tag color="blue">{m.you}</Tag>}
        </Space>
      ),
    },
    { title: m.name, dataIndex: "displayName", width: 140 },
    { title: m.unit, dataIndex: "unitName", ellipsis: true },
    { title: m.role, dataIndex: "role", width: 130, render: (r: Role) => <Tag>{roleName(r, locale)}</Tag> },
    {
      title: m.status,
      width: 170,
      render: (_v, u) => (
        <Space size={4} wrap>
          {u.disabled ? <Tag color="default">{m.disabled}</Tag> : <Tag color="success">{m.active}</Tag>}
          {u.mustChangePassword && !u.disabled && <Tag color="warning">{m.mustChange}</Tag>}
          {u.lockedUntil && Date.parse(u.lockedUntil) > Date.now() && <Tag color="error">{m.locked}</Tag>}
        </Space>
      ),
    },
    {
      title: m.actions,
      width: 230,
      render: (_v, u) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => open(u)}>
            {m.edit}
          </Button>
          <Popconfirm title={m.resetConfirm} onConfirm={() => void reset(u)}>
            <Button type="link" size="small" icon={<KeyOutlined />}>
              {m.reset}
            </Button>
          </Popconfirm>
          {u.id === me.id ? null : lastAdmin(u) ? (
            <Tooltip title={m.lastAdmin}>
              <Button type="link" size="small" danger disabled data-testid="user-disable">
                {m.disable}
              </Button>
            </Tooltip>
          ) : u.disabled ? (
            <Button type="link" size="small" onClick={() => void toggle(u)}>
              {m.enable}
            </Button>
          ) : (
            <Popconfirm title={m.disableConfirm} onConfirm={() => void toggle(u)}>
              <Button type="link" size="small" danger data-testid="user-disable">
                {m.disable}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={
        <Space>
          <TeamOutlined />
          {m.title}
          <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 12 }}>
            {fmt(m.total, { n: rows.length })}
          </Typography.Text>
        </Space>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open("new")} data-testid="user-create">
          {m.create}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder={m.search}
          allowClear
          style={{ width: 220 }}
          onChange={(e) => setQ(e.target.value.trim())}
        />
        <TreeSelect
          style={{ width: 260 }}
          placeholder={m.unitFilter}
          allowClear
          showSearch
          treeNodeFilterProp="title"
          treeData={tree}
          value={unitFilter}
          onChange={(v?: number) => setParams(v ? { unit: String(v) } : {})}
          treeDefaultExpandAll={units.length < 80}
        />
        <Select
          style={{ width: 160 }}
          placeholder={m.roleFilter}
          allowClear
          value={role}
          onChange={setRole}
          options={ROLES.map((r) => ({ value: r, label: roleName(r, locale) }))}
        />
      </Space>
      <PageState loading={users.loading && !users.data} error={users.error ?? orgs.error} onRetry={users.reload}>
        <Table<User>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={{ pageSize: 20, size: "small", showSizeChanger: false }}
          data-testid="users-table"
        />
      </PageState>
      <Modal
        open={editing !== null}
        title={editing === "new" ? m.create : `${m.edit}：${editing?.username ?? ""}`}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
        forceRender
      >
        {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={submit}>
          {editing === "new" && (
            <Form.Item
              name="username"
              label={m.username}
              rules={[
                { required: true, message: m.required },
                { pattern: /^[A-Za-z0-9_.-]{3,32}$/u, message: "3–32 位字母、数字、下划线、点或横线" },
              ]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="displayName" label={m.name} rules={[{ required: true, message: m.required }]}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item
            name="role"
            label={m.role}
            rules={[{ required: true, message: m.required }]}
            extra={roleLocked(editing)}
          >
            <Select
              disabled={roleLocked(editing) !== null}
              options={ROLES.map((r) => ({ value: r, label: roleName(r, locale) }))}
              data-testid="user-role"
            />
          </Form.Item>
          <Form.Item name="orgUnitId" label={m.unit} rules={[{ required: true, message: m.required }]}>
            <TreeSelect
              showSearch
              treeNodeFilterProp="title"
              treeData={tree}
              treeDefaultExpandAll={units.length < 80}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.role !== b.role}>
            {({ getFieldValue }) =>
              getFieldValue("role") === "deputy" && (
                <Form.Item name="departmentIds" label={m.departments}>
                  <Select mode="multiple" options={departments} />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item name="email" label={m.email} rules={[{ type: "email" }]}>
            <Input />
          </Form.Item>
          {editing === "new" && (
            <Form.Item name="password" label={m.password} extra={m.passwordHint}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal
        open={secret !== null}
        title={secret?.title}
        onOk={() => setSecret(null)}
        onCancel={() => setSecret(null)}
        cancelButtonProps={{ style: { display: "none" } }}
        okText={m.close}
      >
        <Typography.Paragraph>{m.oneTime}</Typography.Paragraph>
        <Typography.Paragraph
          copyable={{ text: secret?.password ?? "" }}
          code
          style={{ fontSize: 18 }}
          data-testid="one-time-password"
        >
          {secret?.password}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
