// Account: who I am, and change my password (required after an administrator set a one-time password).
import { useState } from "react";
import { useNavigate } from "react-router";
import { Alert, App, Button, Card, Descriptions, Form, Input, Space } from "antd";
import { api, ApiError } from "../../api/client.ts";
import { useLocale, useMessages } from "../../app/i18n.tsx";
import { roleName } from "../../app/roles.ts";
import { useSession } from "../../app/session.tsx";

const M = {
  zh: {
    title: "账号信息",
    username: "用户名",
    name: "姓名",
    unit: "所属单位",
    role: "角色",
    change: "修改密码",
    required: "您正在使用管理员设置的临时密码，请先修改密码后再使用系统。",
    current: "原密码",
    next: "新密码",
    confirm: "确认新密码",
    rule: "至少 10 位，须包含字母和数字",
    mismatch: "两次输入的新密码不一致",
    requiredField: "请填写",
    submit: "保存新密码",
    done: "密码已修改",
  },
  en: {
    title: "Account",
    username: "Username",
    name: "Name",
    unit: "Unit",
    role: "Role",
    change: "Change password",
    required: "You are using a one-time password set by the administrator. Change it before going on.",
    current: "Current password",
    next: "New password",
    confirm: "Confirm new password",
    rule: "At least 10 characters with letters and digits",
    mismatch: "The new passwords do not match",
    requiredField: "Required",
    submit: "Save new password",
    done: "Password changed",
  },
};

export default function AccountPage() {
  const m = useMessages(M);
  const { locale } = useLocale();
  const { user, refresh } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post("/auth/password", { currentPassword: v.currentPassword, newPassword: v.newPassword });
      void message.success(m.done);
      form.resetFields();
      const wasRequired = user.mustChangePassword;
      await refresh();
      if (wasRequired) navigate("/", { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%", maxWidth: 720 }}>
      {user.mustChangePassword && <Alert type="warning" showIcon title={m.required} data-testid="must-change" />}
      <Card title={m.title}>
        <Descriptions column={2} size="small">
          <Descriptions.Item label={m.username}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={m.name}>{user.displayName}</Descriptions.Item>
          <Descriptions.Item label={m.unit}>{user.orgUnit.name}</Descriptions.Item>
          <Descriptions.Item label={m.role}>{roleName(user.role, locale)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={m.change}>
        {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error.message} />}
        <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 400 }}>
          <Form.Item name="currentPassword" label={m.current} rules={[{ required: true, message: m.requiredField }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={m.next}
            extra={m.rule}
            rules={[
              { required: true, message: m.requiredField },
              {
                validator: (_r, v: string | undefined) =>
                  !v || (v.length >= 10 && /[A-Za-z]/u.test(v) && /\d/u.test(v))
                    ? Promise.resolve()
                    : Promise.reject(new Error(m.rule)),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={m.confirm}
            dependencies={["newPassword"]}
            rules={[
              { required: true, message: m.requiredField },
              ({ getFieldValue }) => ({
                validator: (_r, v: string | undefined) =>
                  !v || v === getFieldValue("newPassword") ? Promise.resolve() : Promise.reject(new Error(m.mismatch)),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {m.submit}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
