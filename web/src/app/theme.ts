// The antd theme: Ant Design Pro's look (blue primary, light sider content, compact tables).
import type { ThemeConfig } from "antd";

export const theme: ThemeConfig = {
  token: {
    colorPrimary: "#1677ff",
    borderRadius: 6,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: "#ffffff", headerHeight: 56, headerPadding: "0 24px", siderBg: "#001529" },
  },
};
