// 时间轴: a Gantt-like view of the plan's tasks (CSS grid): one row per task under its domain, a bar from
// the start of the plan's year to the deadline in the task's status colour with its progress filled in,
// milestones as diamonds (filled when reached), today as a red line. Readable at 1280 px.
import { useMemo } from "react";
import { Empty, Space, Tooltip, Typography } from "antd";
import { Link } from "react-router";
import { useLocale, useMessages } from "../../app/i18n.tsx";
import { COLOR_HEX, StatusDot, numbered, reasonText, stateName, type StatusColor } from "../../components/status.tsx";
import type { BoardExtras } from "../plans/types.ts";
import type { FlatTask } from "./model.ts";

const messages = {
  zh: {
    none: "筛选出的任务都还没有完成时限或节点",
    noDeadline: "以下任务未设完成时限：",
    today: "今天",
    milestone: "节点",
    reached: "已完成",
    pending: "未完成",
    deadline: "完成时限",
    progress: "进度",
    domainless: "未分篇章",
    legend: "条形从任务列入计划之日到完成时限，深色部分为进度；◆ 为节点（实心 = 已完成）；红线为今天。",
  },
  en: {
    none: "None of the tasks shown has a deadline or milestone yet",
    noDeadline: "Tasks without a deadline:",
    today: "Today",
    milestone: "Milestone",
    reached: "reached",
    pending: "pending",
    deadline: "Deadline",
    progress: "Progress",
    domainless: "No section",
    legend:
      "Bars run from the day the task entered the plan to its deadline, the dark part is progress; ◆ milestones (filled = reached); red line = today.",
  },
};

const DAY = 86_400_000;
const toDay = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const LABEL = 300;

export function Timeline({
  tasks,
  milestones,
  today,
  starts,
}: {
  tasks: FlatTask[];
  milestones: BoardExtras["milestones"];
  today: string;
  /** Task id → the day it entered the plan (where its bar starts). */
  starts: BoardExtras["tasks"];
}) {
  const t = useMessages(messages);
  const { locale } = useLocale();
  const byTask = useMemo(() => {
    const m = new Map<number, BoardExtras["milestones"]>();
    for (const x of milestones) m.set(x.taskId, [...(m.get(x.taskId) ?? []), x]);
    return m;
  }, [milestones]);

  const dated = tasks.filter((x) => x.deadline || byTask.has(x.id));
  const undated = tasks.filter((x) => !x.deadline && !byTask.has(x.id));
  if (!dated.length) return <Empty description={t.none} data-testid="timeline-empty" />;

  // range: whole months from the earliest start or milestone to the latest deadline or milestone
  const startOf = new Map(starts.map((x) => [x.id, x.createdOn]));
  const dates = [
    today,
    ...dated.flatMap((x) => [
      x.deadline ?? "",
      startOf.get(x.id) ?? "",
      ...(byTask.get(x.id) ?? []).map((m) => m.dueOn),
    ]),
  ].filter(Boolean);
  const minDate = dates.reduce((a, b) => (a < b ? a : b));
  const startStr = `${minDate.slice(0, 7)}-01`;
  const maxDate = dates.reduce((a, b) => (a > b ? a : b));
  const endMonth = new Date(Date.UTC(Number(maxDate.slice(0, 4)), Number(maxDate.slice(5, 7)), 1)); // 1st of next month
  const start = toDay(startStr);
  const end = endMonth.getTime() / DAY;
  const span = Math.max(1, end - start);
  const pos = (d: string) => `${(((toDay(d) - start) / span) * 100).toFixed(3)}%`;

  const months: { label: string; left: string; width: string }[] = [];
  for (let y = Number(startStr.slice(0, 4)), m = Number(startStr.slice(5, 7)); ;) {
    const a = Date.UTC(y, m - 1, 1) / DAY;
    if (a >= end) break;
    const b = Date.UTC(y, m, 1) / DAY;
    const sparse = (end - start) / 30 > 14 && m % 2 === 0 && m !== 1;
    months.push({
      label: sparse
        ? ""
        : m === 1 || months.length === 0
          ? locale === "zh"
            ? `${y}年${m}月`
            : `${y}-${String(m).padStart(2, "0")}`
          : locale === "zh"
            ? `${m}月`
            : String(m).padStart(2, "0"),
      left: `${(((a - start) / span) * 100).toFixed(3)}%`,
      width: `${(((b - a) / span) * 100).toFixed(3)}%`,
    });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }

  const groups = new Map<string, { title: string; rows: FlatTask[] }>();
  for (const x of dated) {
    const key = x.domain ? String(x.domain.id) : "-";
    const title = x.domain ? numbered(x.domain.num, x.domain.title, x.domain.marker) : t.domainless;
    const g = groups.get(key) ?? { title, rows: [] };
    g.rows.push(x);
    groups.set(key, g);
  }
  const todayIn = toDay(today) >= start && toDay(today) <= end;

  const grid = (
    <div style={{ position: "absolute", inset: 0, pointerEvents: "none" }}>
      {months.map((m, i) => (
        <div
          key={i}
          style={{
            position: "absolute",
            top: 0,
            bottom: 0,
            left: m.left,
            width: m.width,
            borderLeft: "1px solid #f0f0f0",
            background: i % 2 ? "#fafafa" : undefined,
          }}
        />
      ))}
      {todayIn ? (
        <div style={{ position: "absolute", top: 0, bottom: 0, left: pos(today), borderLeft: "2px solid #f5222d" }} />
      ) : null}
    </div>
  );

  return (
    <div data-testid="timeline">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t.legend}
      </Typography.Text>
      <div style={{ border: "1px solid #f0f0f0", borderRadius: 6, marginTop: 8, overflow: "hidden" }}>
        {/* month header */}
        <div style={{ display: "flex", borderBottom: "1px solid #f0f0f0", background: "#fafafa", fontSize: 12 }}>
          <div style={{ width: LABEL, flex: "none", padding: "6px 12px", fontWeight: 500 }} />
          <div style={{ position: "relative", flex: 1, height: 28 }}>
            {months.map((m, i) => (
              <div
                key={i}
                style={{
                  position: "absolute",
                  left: m.left,
                  width: m.width,
                  top: 6,
                  textAlign: "center",
                  color: "#595959",
                  whiteSpace: "nowrap",
                  overflow: "hidden",
                }}
              >
                {m.label}
              </div>
            ))}
            {todayIn ? (
              <div
                style={{
                  position: "absolute",
                  left: pos(today),
                  top: 0,
                  transform: "translateX(-50%)",
                  background: "#f5222d",
                  color: "#fff",
                  fontSize: 10,
                  padding: "0 4px",
                  borderRadius: 2,
                }}
              >
                {t.today}
              </div>
            ) : null}
          </div>
        </div>
        {[...groups.values()].map((g) => (
          <div key={g.title}>
            <div
              style={{
                padding: "4px 12px",
                background: "#f5f7fa",
                fontWeight: 500,
                fontSize: 13,
                borderBottom: "1px solid #f0f0f0",
              }}
            >
              {g.title}
            </div>
            {g.rows.map((x) => {
              const color = (x.statusColor ?? "grey") as StatusColor;
              const hex = COLOR_HEX[color];
              const ms = byTask.get(x.id) ?? [];
              return (
                <div
                  key={x.id}
                  style={{ display: "flex", borderBottom: "1px solid #f5f5f5", minHeight: 30 }}
                  data-testid="timeline-row"
                >
                  <div
                    style={{
                      width: LABEL,
                      flex: "none",
                      padding: "5px 12px",
                      display: "flex",
                      gap: 6,
                      alignItems: "center",
                      overflow: "hidden",
                    }}
                  >
                    <StatusDot color={color} />
                    <Link
                      to={`/tasks/${x.id}`}
                      style={{ whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis", fontSize: 13 }}
                      title={x.title}
                    >
                      {numbered(x.num, x.title, x.marker)}
                    </Link>
                  </div>
                  <div style={{ position: "relative", flex: 1 }}>
                    {grid}
                    {x.deadline ? (
                      <Tooltip
                        title={
                          <div>
                            <div>{x.title}</div>
                            <div>
                              {t.deadline}：{x.deadline} · {t.progress}：{x.progress}% · {stateName(x.state, locale)}
                            </div>
                            {x.statusReason ? <div>{reasonText(x.statusReason, locale)}</div> : null}
                          </div>
                        }
                      >
                        <div
                          style={{
                            position: "absolute",
                            left: pos(startOf.get(x.id) ?? startStr),
                            width: `calc(${pos(x.deadline)} - ${pos(startOf.get(x.id) ?? startStr)})`,
                            minWidth: 4,
                            top: 8,
                            height: 14,
                            background: `${hex}33`,
                            border: `1px solid ${hex}`,
                            borderRadius: 3,
                            overflow: "hidden",
                          }}
                        >
                          <div style={{ width: `${x.progress}%`, height: "100%", background: hex, opacity: 0.85 }} />
                        </div>
                      </Tooltip>
                    ) : null}
                    {ms.map((m) => (
                      <Tooltip
                        key={m.id}
                        title={`${t.milestone}：${m.title}（${m.dueOn}，${m.reachedAt ? t.reached : t.pending}）`}
                      >
                        <div
                          data-testid="timeline-milestone"
                          style={{
                            position: "absolute",
                            left: pos(m.dueOn),
                            top: 9,
                            width: 12,
                            height: 12,
                            transform: "translateX(-6px) rotate(45deg)",
                            background: m.reachedAt ? "#1677ff" : "#fff",
                            border: "2px solid #1677ff",
                          }}
                        />
                      </Tooltip>
                    ))}
                  </div>
                </div>
              );
            })}
          </div>
        ))}
      </div>
      {undated.length ? (
        <Space wrap size={[12, 4]} style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t.noDeadline}</Typography.Text>
          {undated.slice(0, 30).map((x) => (
            <Link key={x.id} to={`/tasks/${x.id}`}>
              {x.num ?? ""}
              {x.title.length > 16 ? `${x.title.slice(0, 16)}…` : x.title}
            </Link>
          ))}
          {undated.length > 30 ? <Typography.Text type="secondary">… +{undated.length - 30}</Typography.Text> : null}
        </Space>
      ) : null}
    </div>
  );
}
