// One ECharts chart in a div: created on mount (canvas renderer), given a new option when it changes,
// resized with its container (ResizeObserver), disposed on unmount.
import { useEffect, useRef, type CSSProperties } from "react";
import { echarts, type ChartOption } from "./echarts.ts";

export type { ChartOption };

export interface ChartProps {
  option: ChartOption;
  height?: number;
  style?: CSSProperties;
  /** data-testid of the container (e2e looks for the canvas inside). */
  testId?: string;
  /** Click on a data item: its series name, category name and data index. */
  onItemClick?: (e: { seriesName?: string; name?: string; dataIndex?: number }) => void;
}

export function Chart({ option, height = 320, style, testId, onItemClick }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const c = echarts.init(node, undefined, { renderer: "canvas" });
    chart.current = c;
    c.on("click", (p) => click.current?.(p as { seriesName?: string; name?: string; dataIndex?: number }));
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!c.isDisposed()) c.resize();
      });
    });
    ro.observe(node);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} data-testid={testId} style={{ width: "100%", height, ...style }} />;
}
