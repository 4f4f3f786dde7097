#!/usr/bin/env node
// Second evaluator of formc's logic: the emitted JavaScript (fees.mjs), under node.
//
// Usage: node judge_logic.mjs BUILD_DIR
//
// 1. Every fee vector of every procedures/*/fees.json goes through that procedure's fees.mjs
//    computeFees(); the whole breakdown (status, total, missing answers, the validators' errors about
//    what the fees read, and every line) must equal formc's, byte for byte as JSON.
// 2. Every expression vector of every forms/*/*/vectors.json goes through the emitted evaluator
//    (evaluateLogic, exported by every fees.mjs) and must give formc's value.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const build = process.argv[2];
const problems = [];
let feeVectors = 0;
let expressionVectors = 0;
let evaluateLogic = null;

const procedures = path.join(build, 'procedures');
for (const code of fs.readdirSync(procedures).sort()) {
  const rulesFile = path.join(procedures, code, 'fees.json');
  if (!fs.existsSync(rulesFile)) continue;
  const rules = JSON.parse(fs.readFileSync(rulesFile, 'utf8'));
  const module = await import(pathToFileURL(path.join(procedures, code, 'fees.mjs')).href);
  evaluateLogic = module.evaluateLogic;
  for (const vector of rules.vectors) {
    feeVectors += 1;
    const result = module.computeFees({ caseId: vector.case ?? null, channel: vector.channel, on: vector.on, categories: vector.categories, answers: vector.answers });
    const expected = JSON.stringify({ status: vector.status, total: vector.total, missing: vector.missing, errors: vector.errors, items: vector.items });
    const actual = JSON.stringify(result);
    if (expected !== actual) problems.push(`${rulesFile}: '${vector.name}': formc ${expected}, fees.mjs ${actual}`);
  }
}

for (const form of fs.readdirSync(path.join(build, 'forms')).sort()) {
  for (const version of fs.readdirSync(path.join(build, 'forms', form)).sort()) {
    const file = path.join(build, 'forms', form, version, 'vectors.json');
    const suite = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const entry of suite.logic ?? []) {
      for (const c of entry.cases) {
        expressionVectors += 1;
        const vector = suite.vectors[c.vector];
        const data = { ...vector.data };
        if (vector.today !== undefined) data.$today = vector.today;
        if (c.items !== undefined) data.$items = c.items;
        let value;
        try {
          value = evaluateLogic(entry.logic, data);
        } catch (error) {
          value = `<${error.message}>`;
        }
        if (JSON.stringify(value) !== JSON.stringify(c.expected)) {
          problems.push(`${file}: ${entry.id} on '${vector.name}': formc ${JSON.stringify(c.expected)}, fees.mjs ${JSON.stringify(value)}`);
        }
      }
    }
  }
}

for (const problem of problems) console.log(problem);
console.log(`fees.mjs under node ${process.version}: ${feeVectors} fee vectors, ${expressionVectors} expression vectors, ${problems.length} disagreements`);
process.exit(problems.length > 0 || feeVectors === 0 || expressionVectors === 0 ? 1 : 0);
