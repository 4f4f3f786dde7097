#!/usr/bin/env node
// Runs every conformance vector of every form through its generated validate.mjs under node and
// requires the same verdict and the same errors (path and rule) as formc.
//
// Usage: node judge_validators.mjs BUILD_DIR [TODAY]
// TODAY (YYYY-MM-DD) is the date formc used for vectors without their own `today`.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { vectorData } from './vector_data.mjs';

const [build, defaultToday] = process.argv.slice(2);
const problems = [];
let vectors = 0;
let forms = 0;
let logicCases = 0;
let states = 0;
const root = path.join(build, 'forms');
for (const form of fs.readdirSync(root).sort()) {
  for (const version of fs.readdirSync(path.join(root, form)).sort()) {
    const folder = path.join(root, form, version);
    const { validate, expressions } = await import(pathToFileURL(path.join(folder, 'validate.mjs')).href);
    const suite = JSON.parse(fs.readFileSync(path.join(folder, 'vectors.json'), 'utf8'));
    forms += 1;
    for (const vector of suite.vectors) {
      vectors += 1;
      const result = validate(vectorData(suite.vectors, vector), { today: vector.today ?? defaultToday, prefill: vector.prefill });
      const key = (e) => `${e.path} ${e.rule}`;
      const expected = vector.errors.map(key).sort();
      const actual = result.errors.map(key).sort();
      if (result.valid !== vector.valid || JSON.stringify(expected) !== JSON.stringify(actual)) {
        problems.push(`${folder}: '${vector.name}': formc [${expected.join(', ')}], validate.mjs [${actual.join(', ')}]`);
      }
      for (const error of result.errors) {
        const match = vector.errors.find((e) => key(e) === key(error));
        if (match && (match.message.vi !== error.message.vi || match.message.en !== error.message.en)) {
          problems.push(`${folder}: '${vector.name}': message of ${key(error)} differs: ${JSON.stringify(match.message)} vs ${JSON.stringify(error.message)}`);
        }
      }
    }
    // logic.mjs: its expressions on the logic vectors, and every field's state on every example.
    const logic = await import(pathToFileURL(path.join(folder, 'logic.mjs')).href);
    for (const entry of suite.logic ?? []) {
      for (const c of entry.cases) {
        const vector = suite.vectors[c.vector];
        const value = logic.expressions[entry.id]({ root: vector.data, today: vector.today ?? defaultToday, items: { ...(c.items ?? {}) } });
        if (JSON.stringify(value) !== JSON.stringify(c.expected)) {
          problems.push(`${folder}: logic.mjs ${entry.id} on '${vector.name}': formc ${JSON.stringify(c.expected)}, logic.mjs ${JSON.stringify(value)}`);
        }
      }
    }
    for (const s of suite.states ?? []) {
      states += 1;
      const vector = suite.vectors[s.vector];
      const { fields } = logic.evaluate(vector.data, { today: vector.today ?? defaultToday });
      const pointers = [...new Set([...Object.keys(s.fields), ...Object.keys(fields)])].sort();
      for (const pointer of pointers) {
        if (JSON.stringify(fields[pointer]) !== JSON.stringify(s.fields[pointer])) {
          problems.push(`${folder}: logic.mjs state of ${pointer} on '${vector.name}': formc ${JSON.stringify(s.fields[pointer])}, logic.mjs ${JSON.stringify(fields[pointer])}`);
        }
      }
    }
    // The compiled expressions against formc's values on the logic vectors.
    for (const entry of suite.logic ?? []) {
      for (const c of entry.cases) {
        logicCases += 1;
        const vector = suite.vectors[c.vector];
        const items = {};
        for (const [key, item] of Object.entries(c.items ?? {})) items[key] = item;
        const value = expressions[entry.id]({ root: vector.data, today: vector.today ?? defaultToday, items });
        if (JSON.stringify(value) !== JSON.stringify(c.expected)) {
          problems.push(`${folder}: ${entry.id} on '${vector.name}': formc ${JSON.stringify(c.expected)}, validate.mjs ${JSON.stringify(value)}`);
        }
      }
    }
  }
}
for (const problem of problems) console.log(problem);
console.log(`validate.mjs and logic.mjs under node ${process.version}: ${forms} forms, ${vectors} vectors, ${logicCases} expression vectors, ${states} field-state vectors, ${problems.length} disagreements`);
process.exit(problems.length > 0 || vectors === 0 || states === 0 ? 1 : 0);
