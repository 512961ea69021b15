// Loading, error and empty states for a page or a card: one component so every screen behaves the same.
import type { ReactNode } from "react";
import { Button, Empty, Result, Spin } from "antd";
import { ApiError } from "../api/client.ts";
import { useMessages } from "../app/i18n.tsx";

const M = {
  zh: {
    retry: "重试",
    error: "加载失败",
    notFound: "找不到要查看的内容",
    forbidden: "无权查看",
    home: "返回工作台",
    empty: "暂无数据",
    code: "错误代码",
    loading: "加载中…",
  },
  en: {
    retry: "Retry",
    error: "Failed to load",
    notFound: "Not found",
    forbidden: "Not allowed",
    home: "Back to my work",
    empty: "No data",
    code: "Error code",
    loading: "Loading…",
  },
};

export function PageState(props: {
  loading?: boolean;
  error?: unknown;
  empty?: boolean;
  emptyText?: string;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  const m = useMessages(M);
  if (props.error) {
    const e = props.error;
    const message = e instanceof Error ? e.message : String(e);
    const code = e instanceof ApiError ? e.code : undefined;
    // 403/404 will not change on a retry: say what happened and offer the way home instead
    const status = e instanceof ApiError && (e.status === 403 || e.status === 404) ? e.status : null;
    return (
      <Result
        status={status === 403 ? "403" : status === 404 ? "404" : "error"}
        title={status === 403 ? m.forbidden : status === 404 ? m.notFound : m.error}
        subTitle={
          <span data-testid="page-error">
            {message}
            {code ? `（${m.code}：${code}）` : ""}
          </span>
        }
        extra={
          status ? (
            <Button type="primary" href="/">
              {m.home}
            </Button>
          ) : props.onRetry ? (
            <Button onClick={props.onRetry}>{m.retry}</Button>
          ) : undefined
        }
      />
    );
  }
  if (props.loading)
    return (
      <div style={{ padding: 48, textAlign: "center" }} data-testid="page-loading">
        <Spin size="large" />
        <div style={{ marginTop: 12, color: "rgba(0,0,0,0.45)" }}>{m.loading}</div>
      </div>
    );
  if (props.empty) return <Empty description={props.emptyText ?? m.empty} style={{ padding: 32 }} />;
  return <>{props.children}</>;
}
