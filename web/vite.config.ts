// Vite for the web app. Development: `npm run dev:web` serves web/ on :5173 and proxies /api to the
// server (LUOSHI_API, default http://127.0.0.1:3000). Production: `npm run build:web` writes web/dist,
// which the server serves (server/web.ts). React and ECharts get stable vendor chunks; antd is left
// to the bundler, which splits it by component along the lazy page chunks, so the first page loads
// only the components the layout and login use (~285 kB gzip in all, against ~480 kB with one antd chunk).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { "/api": { target: process.env.LUOSHI_API ?? "http://127.0.0.1:3000", changeOrigin: false } },
  },
  build: {
    outDir: process.env.LUOSHI_WEB_OUT ?? fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            { name: "echarts", test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
