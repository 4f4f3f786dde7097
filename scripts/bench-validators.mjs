#!/usr/bin/env node
// Times each form's generated validate.mjs against ajv's compiled validator (draft-07 schema,
// allErrors, full formats) on the same mixed valid/invalid submissions — the form's conformance
// vectors — in one run, alternating rounds so machine noise hits both. Prints validations per second
// and the ratio for each form.
//
// Usage: NODE_PATH=/usr/share/nodejs node scripts/bench-validators.mjs BUILD_DIR [SECONDS_PER_ROUND] [--ablate]
//
// --ablate also times, for each form, copies of its validate.mjs with one family of checks taken
// out (the text is edited; such a copy is wrong and only measured): what each costs, and so
// where the distance to ajv, which makes none of them, comes from.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { vectorData } from '../Tests/Judges/vector_data.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');

const args = process.argv.slice(2);
const ablate = args.includes('--ablate');
const [build, roundSeconds = '0.3'] = args.filter((a) => a !== '--ablate');

// Each family of checks ajv does not make, and the edit of validate.mjs that takes it out.
const ABLATIONS = [
  ['encoding', 'no broken-text check (isWellFormed and U+FFFD)', (t) => t.replace('function wellFormed(s) {', 'function wellFormed(s) {\n  return true;')],
  ['members', 'no count of an object\'s members (unknown-member check)', (t) => t.replaceAll('if (n !== Object.keys(v).length) for', 'if (false) for')],
  ['names', 'person names read as plain text (NFC, spaces, letters)', (t) => t.replace('function nameState(s) {', 'function nameState(s) {\n  return 4;')],
];
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
    if (ablate) {
      const text = fs.readFileSync(path.join(folder, 'validate.mjs'), 'utf8');
      for (const [name, what, edit] of ABLATIONS) {
        const edited = edit(text);
        if (edited === text) continue;  // the form has no such check
        const { validate: without } = await import('data:text/javascript;base64,' + Buffer.from(edited).toString('base64'));
        const fn = (d) => without(d, options).valid;
        let rate = 0, full = 0, ajvRate = 0;
        for (let r = 0; r < rounds; r++) {
          full = Math.max(full, measure(ours, inputs, +roundSeconds).rate);
          rate = Math.max(rate, measure(fn, inputs, +roundSeconds).rate);
          ajvRate = Math.max(ajvRate, measure(theirs, inputs, +roundSeconds).rate);
        }
        console.log(`  without ${name.padEnd(9)} ${(rate / full).toFixed(2)}x faster, ${(rate / ajvRate).toFixed(2)}x ajv (${what})`);
      }
    }
  }
}
console.log(`lowest ratio validate.mjs / ajv: ${worst.toFixed(2)}`);
