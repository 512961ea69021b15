// Login: username and password; the server's error code decides the message (wrong password, locked,
// disabled, too many attempts). A user with a one-time password goes on to change it.
import { useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { Alert, Button, Card, Form, Input, Segmented, Typography } from "antd";
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { api, ApiError } from "../../api/client.ts";
import { useLocale, useMessages } from "../../app/i18n.tsx";
import { useSessionState, type MeResponse } from "../../app/session.tsx";

const M = {
  zh: {
    product: "落实 · 教育局工作落实平台",
    tagline: "工作要点一键导入 · 任务交办 · 进展填报 · 督查督办",
    title: "账号登录",
    username: "用户名",
    password: "密码",
    usernameRequired: "请输入用户名",
    passwordRequired: "请输入密码",
    submit: "登 录",
    hint: "忘记密码请联系系统管理员重置。",
  },
  en: {
    product: "Luoshi · Education Bureau Work Tracker",
    tagline: "Import the work plan · assign · report progress · supervise",
    title: "Sign in",
    username: "Username",
    password: "Password",
    usernameRequired: "Enter your username",
    passwordRequired: "Enter your password",
    submit: "Sign in",
    hint: "Forgot your password? Ask the administrator to reset it.",
  },
};

export default function LoginPage() {
  const m = useMessages(M);
  const { locale, setLocale } = useLocale();
  const session = useSessionState();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (session.status === "ready" && session.user && !busy) return <Navigate to="/" replace />;

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const me = await api.post<MeResponse>("/auth/login", v);
      session.signIn(me);
      const next = params.get("next");
      navigate(me.user.mustChangePassword ? "/account?required=1" : next && next.startsWith("/") ? next : "/", {
        replace: true,
      });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e)));
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: "100vh",
        display: "flex",
        flexDirection: "column",
        alignItems: "center",
        justifyContent: "center",
        background: "linear-gradient(160deg, #e6f4ff 0%, #f5f5f5 55%, #f0f5ff 100%)",
        padding: 24,
      }}
    >
      <div style={{ position: "absolute", top: 16, right: 24 }}>
        <Segmented
          size="small"
          value={locale}
          onChange={(v) => setLocale(v as "zh" | "en")}
          options={[
            { label: "中文", value: "zh" },
            { label: "EN", value: "en" },
          ]}
        />
      </div>
      <div style={{ display: "flex", alignItems: "center", gap: 12, marginBottom: 8 }}>
        <span
          style={{
            width: 40,
            height: 40,
            borderRadius: 8,
            background: "#1677ff",
            color: "#fff",
            display: "inline-flex",
            alignItems: "center",
            justifyContent: "center",
            fontWeight: 700,
            fontSize: 22,
          }}
        >
          落
        </span>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {m.product}
        </Typography.Title>
      </div>
      <Typography.Text type="secondary" style={{ marginBottom: 32 }}>
        {m.tagline}
      </Typography.Text>
      <Card title={m.title} style={{ width: 380, boxShadow: "0 6px 16px rgba(0,0,0,0.06)" }}>
        {error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={error.message}
            description={error.code === "LOGIN_FAILED" || error.code === "VALIDATION" ? undefined : error.code}
            data-testid="login-error"
          />
        )}
        <Form layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label={m.username} rules={[{ required: true, message: m.usernameRequired }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={m.password} rules={[{ required: true, message: m.passwordRequired }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
            {m.submit}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {m.hint}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
