#!/usr/bin/env node
// Builds the web app (vite build → web/dist) when web/dist is missing or older than anything under
// web/src, web/index.html or web/vite.config.ts. `npm start` runs this before serving, so a fresh
// clone works after `npm install`. `--force` always builds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const web = join(root, "web");
const dist = join(web, "dist", "index.html");

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const sources = [join(web, "src"), join(web, "index.html"), join(web, "vite.config.ts")].filter((p) => existsSync(p));
const force = process.argv.includes("--force");
const stale = force || !existsSync(dist) || Math.max(...sources.map(newest)) > statSync(dist).mtimeMs;

if (!stale) {
  console.log("web/dist 已是最新 (the web bundle is up to date)");
  process.exit(0);
}
console.log("正在构建网页前端… (building the web app with Vite)");
const vite = join(root, "node_modules", "vite", "bin", "vite.js");
const r = spawnSync(process.execPath, [vite, "build", "--config", join(web, "vite.config.ts")], {
  cwd: root,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
