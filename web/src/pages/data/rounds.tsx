// 数据采集 (/data/rounds): the collection rounds the user takes part in with their progress (forms
// submitted / approved per unit, 逾期未报 counts), for county staff a new round (data set, period, dates, root
// unit), and the 数据项 drawer (elements.tsx). Server: GET|POST /api/rounds, GET /api/data-sets, GET /api/registry.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { DatabaseOutlined, PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useMessages } from "../../app/i18n.tsx";
import { useSession } from "../../app/session.tsx";
import { PageState } from "../../components/page-state.tsx";
import { useApi } from "../../components/use-api.ts";
import { ElementsDrawer } from "./elements.tsx";
import type { DataSet, RegistryUnit, Round } from "./types.ts";

const M = {
  zh: {
    title: "数据采集",
    subtitle: "教育事业统计等采集轮次：学校填报 → 乡镇审核 → 县级审核锁定",
    create: "新建采集轮次",
    elements: "数据项",
    name: "轮次名称",
    dataSet: "数据集",
    period: "统计期",
    periodHint: "学年填 YYYY（如 2025 表示 2025学年，统计时点 9月1日）",
    root: "采集范围（根单位）",
    opens: "开始日期",
    due: "截止日期",
    dates: "填报时间",
    progress: "进度",
    schoolsDone: "学校已上报 {d}/{n}",
    counts: "填报中 {open} · 已上报 {submitted} · 已审核 {approved} · 已锁定 {locked}",
    status: "状态",
    open: "进行中",
    closed: "已结束",
    action: "操作",
    view: "进入",
    empty: "还没有采集轮次",
    created: "已创建采集轮次：{name}（{n} 个单位）",
    required: "请填写",
    cancel: "取消",
    ok: "创建",
    overdueN: "逾期未报 {n}",
  },
  en: {
    title: "Data collection",
    subtitle: "Collection rounds (school census): schools enter → townships approve → county locks",
    create: "New round",
    elements: "Data elements",
    name: "Round name",
    dataSet: "Data set",
    period: "Period",
    periodHint: "A school year as YYYY (2025 = school year 2025, stocks at 1 Sept)",
    root: "Scope (root unit)",
    opens: "Opens",
    due: "Due",
    dates: "Entry window",
    progress: "Progress",
    schoolsDone: "Schools submitted {d}/{n}",
    counts: "open {open} · submitted {submitted} · approved {approved} · locked {locked}",
    status: "Status",
    open: "Open",
    closed: "Closed",
    action: "Actions",
    view: "Open",
    empty: "No collection round yet",
    created: "Round created: {name} ({n} units)",
    required: "Required",
    cancel: "Cancel",
    ok: "Create",
    overdueN: "{n} overdue",
  },
};

const COUNTY_WRITERS = new Set(["admin", "staff"]);

interface CreateForm {
  dataSetId: number;
  name: string;
  period: string;
  rootUnitId?: number;
  dates: [Dayjs, Dayjs];
}

export default function RoundsPage() {
  const m = useMessages(M);
  const { user } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useApi<{ rounds: Round[] }>("/rounds");
  const canCreate = COUNTY_WRITERS.has(user.role);
  const [creating, setCreating] = useState(false);
  const [showElements, setShowElements] = useState(false);
  const rounds = data?.rounds ?? [];

  return (
    <Card
      title={
        <Space orientation="vertical" size={0} style={{ padding: "8px 0" }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {m.title}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 13 }}>
            {m.subtitle}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Button icon={<DatabaseOutlined />} onClick={() => setShowElements(true)} data-testid="elements-open">
            {m.elements}
          </Button>
          {canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="round-create">
              {m.create}
            </Button>
          ) : null}
        </Space>
      }
    >
      <PageState loading={loading && !data} error={error} onRetry={reload} empty={!rounds.length} emptyText={m.empty}>
        <Table<Round>
          rowKey="id"
          dataSource={rounds}
          data-testid="rounds-table"
          pagination={rounds.length > 20 ? { pageSize: 20 } : false}
          onRow={(r) => ({ onDoubleClick: () => navigate(`/data/rounds/${r.id}`) })}
          columns={[
            {
              title: m.name,
              dataIndex: "name",
              render: (v: string, r) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/data/rounds/${r.id}`}>{v}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.dataSetName} · {r.rootName}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: m.period, dataIndex: "period", width: 90 },
            {
              title: m.dates,
              width: 200,
              render: (_, r) => (
                <Space size={2} orientation="vertical">
                  <span style={{ whiteSpace: "nowrap" }}>
                    {r.opensOn} ~ {r.dueOn}
                  </span>
                  {r.progress.overdue > 0 ? (
                    <Tag color="red">{fmt(m.overdueN, { n: r.progress.overdue })}</Tag>
                  ) : null}
                </Space>
              ),
            },
            {
              title: m.progress,
              width: 300,
              render: (_, r) => {
                const p = r.progress;
                const done = p.approved + p.locked;
                return (
                  <Tooltip title={fmt(m.counts, p)}>
                    <Space orientation="vertical" size={0} style={{ width: "100%" }}>
                      <Progress
                        size="small"
                        percent={p.total ? Math.round(((done + p.submitted) / p.total) * 100) : 0}
                        success={{ percent: p.total ? Math.round((done / p.total) * 100) : 0 }}
                      />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {fmt(m.schoolsDone, { d: p.schoolsDone, n: p.schools })} · {fmt(m.counts, p)}
                      </Typography.Text>
                    </Space>
                  </Tooltip>
                );
              },
            },
            {
              title: m.status,
              dataIndex: "status",
              width: 80,
              render: (s: string) => <Tag color={s === "open" ? "processing" : "default"}>{s === "open" ? m.open : m.closed}</Tag>,
            },
            {
              title: m.action,
              width: 70,
              render: (_, r) => <Link to={`/data/rounds/${r.id}`}>{m.view}</Link>,
            },
          ]}
        />
      </PageState>
      <ElementsDrawer open={showElements} onClose={() => setShowElements(false)} canEdit={canCreate} />
      {creating ? (
        <CreateRound
          onClose={() => setCreating(false)}
          onCreated={(r, n) => {
            void message.success(fmt(m.created, { name: r.name, n }));
            setCreating(false);
            reload();
            navigate(`/data/rounds/${r.id}`);
          }}
        />
      ) : null}
    </Card>
  );
}

function CreateRound(props: { onClose: () => void; onCreated: (r: Round, units: number) => void }) {
  const m = useMessages(M);
  const sets = useApi<{ dataSets: DataSet[] }>("/data-sets");
  const reg = useApi<{ units: RegistryUnit[] }>("/registry");
  const [form] = Form.useForm<CreateForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const year = dayjs().month() >= 8 ? dayjs().year() : dayjs().year() - 1;
  const roots = (reg.data?.units ?? []).filter((u) => ["county", "city", "province", "township", "center"].includes(u.type));

  const submit = async (v: CreateForm) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ round: Round; units: number | unknown[] }>("/rounds", {
        dataSetId: v.dataSetId,
        name: v.name,
        period: v.period,
        ...(v.rootUnitId ? { rootUnitId: v.rootUnitId } : {}),
        opensOn: v.dates[0].format("YYYY-MM-DD"),
        dueOn: v.dates[1].format("YYYY-MM-DD"),
      });
      props.onCreated(r.round, Array.isArray(r.units) ? r.units.length : Number(r.units));
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}${(e.details as { message?: string })?.message ? `：${(e.details as { message: string }).message}` : ""}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={m.create}
      okText={m.ok}
      cancelText={m.cancel}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      width={560}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form<CreateForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          period: String(year),
          name: `${year}学年教育事业统计`,
          dates: [dayjs(`${year}-09-01`), dayjs(`${year}-09-20`)],
        }}
      >
        <Form.Item name="dataSetId" label={m.dataSet} rules={[{ required: true, message: m.required }]}>
          <Select
            loading={sets.loading}
            options={(sets.data?.dataSets ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }))}
          />
        </Form.Item>
        <Form.Item name="name" label={m.name} rules={[{ required: true, message: m.required }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="period"
          label={m.period}
          extra={m.periodHint}
          rules={[{ required: true, pattern: /^(19|20)\d{2}(Q[1-4]|0[1-9]|1[0-2])?$/u, message: m.periodHint }]}
        >
          <Input maxLength={7} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="rootUnitId" label={m.root}>
          <Select
            allowClear
            loading={reg.loading}
            showSearch={{ optionFilterProp: "label" }}
            options={roots.map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="dates" label={m.dates} rules={[{ required: true, message: m.required }]}>
          <DatePicker.RangePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
