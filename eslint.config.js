// ESLint flat config: the recommended JavaScript and TypeScript rules, nothing stylistic (Prettier formats).
import { defineConfig, globalIgnores } from "eslint/config";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Node globals for plain .js/.mjs files (TypeScript files get them from @types/node; the `globals`
// package is not a dependency, so the few we use are listed here).
const nodeGlobals = {
  process: "readonly",
  console: "readonly",
  Buffer: "readonly",
  URL: "readonly",
  TextDecoder: "readonly",
  TextEncoder: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  setImmediate: "readonly",
  performance: "readonly",
  structuredClone: "readonly",
};

export default defineConfig(
  globalIgnores(["node_modules/", "data/", "dist/", "web/dist/", "coverage/", "scratch/"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: nodeGlobals },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
);
