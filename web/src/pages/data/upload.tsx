// An all-or-nothing Excel upload (registry import, entry template): pick a .xlsx, upload with progress,
// and on a 422 with details.rows show the row-level errors (行, 列, 问题) in a table; nothing was written.
import { useState } from "react";
import { Alert, App, Button, Modal, Progress, Table, Typography, Upload } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { ApiError, uploadWithProgress } from "../../api/client.ts";
import { fmt, useMessages } from "../../app/i18n.tsx";
import { rowErrors, type RowError } from "./types.ts";

const M = {
  zh: {
    errorsTitle: "上传未通过校验，未写入任何数据",
    errorsHint: "共 {n} 处问题，请在 Excel 中修改后重新上传。",
    row: "行",
    column: "列",
    message: "问题",
    close: "关闭",
    uploading: "正在上传…",
  },
  en: {
    errorsTitle: "The file did not pass the checks; nothing was written",
    errorsHint: "{n} problems: fix them in Excel and upload again.",
    row: "Row",
    column: "Column",
    message: "Problem",
    close: "Close",
    uploading: "Uploading…",
  },
};

export function RowErrorTable({ rows }: { rows: RowError[] }) {
  const m = useMessages(M);
  return (
    <Table<RowError & { key: number }>
      size="small"
      data-testid="row-errors"
      dataSource={rows.map((r, key) => ({ ...r, key }))}
      pagination={rows.length > 10 ? { pageSize: 10, size: "small" } : false}
      columns={[
        { title: m.row, dataIndex: "row", width: 64 },
        { title: m.column, dataIndex: "column", width: 160, render: (v: string | null) => v ?? "—" },
        { title: m.message, dataIndex: "message" },
      ]}
    />
  );
}

export function ExcelUpload<T>(props: {
  path: string;
  label: string;
  onDone: (result: T) => void;
  disabled?: boolean;
  testId?: string;
}) {
  const m = useMessages(M);
  const { message } = App.useApp();
  const [percent, setPercent] = useState<number | null>(null);
  const [errors, setErrors] = useState<RowError[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (file: File) => {
    const form = new FormData();
    form.append("file", file);
    setPercent(0);
    try {
      const r = await uploadWithProgress<T>(props.path, form, setPercent);
      props.onDone(r);
    } catch (e) {
      const rows = e instanceof ApiError ? rowErrors(e.details) : null;
      if (rows?.length) {
        setErrors(rows);
        setError(e instanceof ApiError ? e.message : null);
      } else void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setPercent(null);
    }
  };

  return (
    <>
      <Upload
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        disabled={props.disabled || percent !== null}
        beforeUpload={(f) => {
          void send(f);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={percent !== null} disabled={props.disabled} data-testid={props.testId}>
          {percent !== null ? `${m.uploading} ${percent}%` : props.label}
        </Button>
      </Upload>
      {percent !== null && percent < 100 ? <Progress percent={percent} size="small" style={{ width: 120 }} /> : null}
      <Modal
        open={errors !== null}
        title={m.errorsTitle}
        width={760}
        onCancel={() => setErrors(null)}
        footer={<Button onClick={() => setErrors(null)}>{m.close}</Button>}
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Typography.Paragraph type="secondary">{fmt(m.errorsHint, { n: errors?.length ?? 0 })}</Typography.Paragraph>
        {errors ? <RowErrorTable rows={errors} /> : null}
      </Modal>
    </>
  );
}
