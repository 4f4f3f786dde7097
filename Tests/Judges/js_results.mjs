#!/usr/bin/env node
// Runs every conformance vector of every form through its validate.mjs, every logic vector through
// its compiled expressions and every fee vector of every procedure through its fees.mjs, and writes
// what JavaScript answered — with the exact data it validated —
// as one JSON document, so other back ends (the generated Swift) can be held to the same answers,
// error for error and in the same order.
//
// Usage: node js_results.mjs BUILD_DIR TODAY > results.json
// TODAY (YYYY-MM-DD) is the date formc used for vectors without their own `today`.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { vectorData } from './vector_data.mjs';

const [build, defaultToday] = process.argv.slice(2);
const forms = [];
const root = path.join(build, 'forms');
for (const form of fs.readdirSync(root).sort()) {
  for (const version of fs.readdirSync(path.join(root, form)).sort()) {
    const folder = path.join(root, form, version);
    const { validate, expressions } = await import(pathToFileURL(path.join(folder, 'validate.mjs')).href);
    const suite = JSON.parse(fs.readFileSync(path.join(folder, 'vectors.json'), 'utf8'));
    const vectors = suite.vectors.map((vector) => {
      const data = vectorData(suite.vectors, vector);
      const today = vector.today ?? defaultToday;
      return { name: vector.name, today, data, formc: vector.errors, javascript: validate(data, { today }) };
    });
    const logic = [];
    for (const entry of suite.logic ?? []) {
      for (const c of entry.cases) {
        const vector = suite.vectors[c.vector];
        const context = { root: vector.data, today: vector.today ?? defaultToday, items: c.items ?? {} };
        const value = expressions[entry.id](context);
        logic.push({ id: entry.id, ...context, formc: c.expected, javascript: value === undefined ? null : value });
      }
    }
    forms.push({ form: suite.form, version: suite.version, vectors, logic });
  }
}
const procedures = [];
const procedureRoot = path.join(build, 'procedures');
for (const code of fs.existsSync(procedureRoot) ? fs.readdirSync(procedureRoot).sort() : []) {
  const module = path.join(procedureRoot, code, 'fees.mjs');
  if (!fs.existsSync(module)) continue;
  const { computeFees, rules } = await import(pathToFileURL(module).href);
  const vectors = rules.vectors.map((v) => {
    const input = { caseId: v.case ?? null, channel: v.channel, on: v.on, categories: v.categories ?? [], answers: v.answers ?? {} };
    return { name: v.name, ...input, formc: { total: v.total, items: v.items }, javascript: computeFees(input) };
  });
  procedures.push({ procedure: rules.procedure, vectors });
}
process.stdout.write(JSON.stringify({ node: process.version, forms, procedures }) + '\n');
