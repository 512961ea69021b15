// The frame of every signed-in page, after Ant Design Pro: a dark left sider with the product name and
// the role's menu, a white header with the user's name, unit and role, the language switch and logout.
import { useMemo, useState, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router";
import { Avatar, Button, Dropdown, Layout, Menu, Segmented, Space, Tag, Typography, type MenuProps } from "antd";
import { KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from "@ant-design/icons";
import { useLocale, useMessages } from "./i18n.tsx";
import { menuFor, selectedKey, type MenuEntry } from "./menus.tsx";
import { useSession } from "./session.tsx";
import { roleName } from "./roles.ts";

const { Header, Sider, Content } = Layout;

const M = {
  zh: { product: "落实 · 教育局工作落实平台", short: "落实", logout: "退出登录", account: "修改密码", lang: "语言" },
  en: {
    product: "Luoshi · Education Bureau Work Tracker",
    short: "Luoshi",
    logout: "Log out",
    account: "Change password",
    lang: "Language",
  },
};

export function AppLayout({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const { locale, setLocale } = useLocale();
  const m = useMessages(M);
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const items = useMemo<MenuProps["items"]>(() => {
    const toItem = (e: MenuEntry): NonNullable<MenuProps["items"]>[number] => ({
      key: e.key,
      icon: e.icon,
      label: locale === "en" ? e.en : e.zh,
      children: e.children?.map(toItem),
    });
    return menuFor(user.role).map(toItem);
  }, [user.role, locale]);

  const selected = selectedKey(location.pathname);
  const openKeys = selected.startsWith("/admin") ? ["/admin"] : [];

  const userMenu: MenuProps = {
    items: [
      { key: "account", icon: <KeyOutlined />, label: m.account },
      { type: "divider" },
      { key: "logout", icon: <LogoutOutlined />, label: m.logout, danger: true },
    ],
    onClick: ({ key }) => {
      if (key === "account") navigate("/account");
      if (key === "logout") void signOut().then(() => navigate("/login", { replace: true }));
    },
  };

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Sider width={224} collapsible collapsed={collapsed} trigger={null} data-testid="sider">
        {/* The sider stretches with the page (so a full-page screenshot stays dark to the bottom); its
            content sticks to the top of the window and scrolls on its own when the menu is long. */}
        <div style={{ position: "sticky", top: 0, maxHeight: "100vh", overflowY: "auto", overflowX: "hidden" }}>
          <div
            style={{
              height: 56,
              display: "flex",
              alignItems: "center",
              gap: 10,
              padding: collapsed ? "0 22px" : "0 16px",
              color: "#fff",
              whiteSpace: "nowrap",
              overflow: "hidden",
            }}
            title={m.product}
          >
            <span
              style={{
                flex: "none",
                width: 30,
                height: 30,
                borderRadius: 6,
                background: "#1677ff",
                display: "inline-flex",
                alignItems: "center",
                justifyContent: "center",
                fontWeight: 700,
                fontSize: 16,
              }}
            >
              落
            </span>
            {!collapsed && (
              <span style={{ fontSize: 13.5, fontWeight: 600, lineHeight: 1.25, whiteSpace: "normal" }}>
                {m.product}
              </span>
            )}
          </div>
          <Menu
            theme="dark"
            mode="inline"
            items={items}
            selectedKeys={[selected]}
            defaultOpenKeys={openKeys}
            onClick={({ key }) => navigate(key)}
            data-testid="main-menu"
          />
        </div>
      </Sider>
      <Layout>
        <Header
          style={{
            display: "flex",
            alignItems: "center",
            justifyContent: "space-between",
            borderBottom: "1px solid #f0f0f0",
            position: "sticky",
            top: 0,
            zIndex: 10,
          }}
        >
          <Button
            type="text"
            aria-label="menu"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed((c) => !c)}
          />
          <Space size={16}>
            <Segmented
              size="small"
              value={locale}
              onChange={(v) => setLocale(v as "zh" | "en")}
              options={[
                { label: "中文", value: "zh" },
                { label: "EN", value: "en" },
              ]}
              aria-label={m.lang}
              data-testid="locale-switch"
            />
            <Dropdown menu={userMenu} placement="bottomRight">
              <Space style={{ cursor: "pointer" }} data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: "#1677ff" }} />
                <Typography.Text strong>{user.displayName}</Typography.Text>
                <Typography.Text type="secondary">{user.orgUnit.name}</Typography.Text>
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {roleName(user.role, locale)}
                </Tag>
              </Space>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 24, minWidth: 0 }}>{children}</Content>
      </Layout>
    </Layout>
  );
}
