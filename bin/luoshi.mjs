#!/usr/bin/env node
// Entry point of the `luoshi` command: runs the TypeScript CLI through tsx (see docs/decisions/002-run-typescript-with-tsx.md).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
