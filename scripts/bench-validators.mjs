#!/usr/bin/env node
// Times each form's generated validate.mjs against ajv's compiled validator (draft-07 schema,
// allErrors, full formats) on the same mixed valid/invalid submissions — the form's conformance
// vectors — in one run, alternating rounds so machine noise hits both. Prints validations per second
// and the ratio for each form.
//
// Usage: NODE_PATH=/usr/share/nodejs node scripts/bench-validators.mjs BUILD_DIR [SECONDS_PER_ROUND]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { vectorData } from '../Tests/Judges/vector_data.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');

const [build, roundSeconds = '0.3'] = process.argv.slice(2);
const rounds = 5;

function measure(fn, inputs, seconds) {
  let count = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  let sink = 0;
  while (process.hrtime.bigint() - start < limit) {
    for (const input of inputs) sink += fn(input) ? 1 : 0;
    count += inputs.length;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return { rate: count / elapsed, sink };
}

console.log(`node ${process.version}, ajv ${require('ajv/package.json').version}; fastest of ${rounds} rounds of ${roundSeconds} s per side`);
console.log('form'.padEnd(42) + 'inputs'.padStart(7) + 'validate.mjs/s'.padStart(16) + 'ajv/s'.padStart(12) + 'ratio'.padStart(8));
let worst = Infinity;
const root = path.join(build, 'forms');
for (const form of fs.readdirSync(root).sort()) {
  for (const version of fs.readdirSync(path.join(root, form)).sort()) {
    const folder = path.join(root, form, version);
    const { validate } = await import(pathToFileURL(path.join(folder, 'validate.mjs')).href);
    const schema = JSON.parse(fs.readFileSync(path.join(folder, 'schema.draft-07.json'), 'utf8'));
    const ajvValidate = new Ajv({ allErrors: true, format: 'full' }).compile(schema);
    const suite = JSON.parse(fs.readFileSync(path.join(folder, 'vectors.json'), 'utf8'));
    const inputs = suite.vectors.map((v) => vectorData(suite.vectors, v));
    const options = { today: '2026-11-25' };
    const ours = (d) => validate(d, options).valid;
    const theirs = (d) => ajvValidate(d);
    let best = { ours: 0, theirs: 0 };
    for (let r = 0; r < rounds; r++) {
      best.ours = Math.max(best.ours, measure(ours, inputs, +roundSeconds).rate);
      best.theirs = Math.max(best.theirs, measure(theirs, inputs, +roundSeconds).rate);
    }
    const ratio = best.ours / best.theirs;
    worst = Math.min(worst, ratio);
    console.log(form.padEnd(42) + String(inputs.length).padStart(7) + Math.round(best.ours).toLocaleString('en').padStart(16) +
      Math.round(best.theirs).toLocaleString('en').padStart(12) + ratio.toFixed(2).padStart(8));
  }
}
console.log(`lowest ratio validate.mjs / ajv: ${worst.toFixed(2)}`);
