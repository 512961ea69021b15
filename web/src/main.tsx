// Entry of the web app: locale (antd + dayjs), session, router.
import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import enUS from "antd/locale/en_US";
import { setUnauthorizedHandler } from "./api/client.ts";
import { LocaleProvider, useLocale } from "./app/i18n.tsx";
import { router } from "./app/router.tsx";
import { SessionProvider } from "./app/session.tsx";
import { theme } from "./app/theme.ts";

setUnauthorizedHandler(() => {
  window.dispatchEvent(new Event("luoshi:unauthorized"));
});

function Providers({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  return (
    <ConfigProvider locale={locale === "en" ? enUS : zhCN} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <LocaleProvider>
      <Providers>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </Providers>
    </LocaleProvider>
  </StrictMode>,
);
