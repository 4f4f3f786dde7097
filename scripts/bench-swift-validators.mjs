#!/usr/bin/env node
// Times each form's generated Swift validator against its validate.mjs on the same submissions — the
// form's conformance vectors, exactly as JavaScript validated them — alternating rounds (a run of the
// Swift benchmark, then node) so machine noise hits both. Prints validations per second and the ratio.
//
// Usage: node scripts/bench-swift-validators.mjs ARTIFACTS_DIR VALIDATOR_BENCH_BINARY [SECONDS_PER_ROUND] [--valid] [--bodies]
// --valid: only the vectors JavaScript found valid, on both sides (what a back end mostly receives
// once the form page has checked the answers; the default mixes in every near miss).
// --bodies: each submission as JSON text, read and validated — JSON.parse then validate.mjs, against
// the Swift validator reading the text itself (validate(json:)) — as a request body reaches a back end.
// scripts/bench-swift-validators.sh prepares both and runs this.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const validOnly = process.argv.includes('--valid');
const fromBodies = process.argv.includes('--bodies');
const [artifacts, binary, roundSeconds = '0.3'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const rounds = 5;
const resultsFile = path.join(artifacts, 'js-results.json');
const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));

function measure(fn, inputs, seconds) {
  let count = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < limit) {
    for (const input of inputs) sink += fn(input);
    count += inputs.length;
  }
  return { rate: count / (Number(process.hrtime.bigint() - start) / 1e9), sink };
}

const forms = [];
for (const form of results.forms) {
  const vectors = form.vectors.filter((v) => !validOnly || v.javascript.valid);
  if (vectors.length === 0) continue;
  const { validate } = await import(pathToFileURL(path.join(artifacts, 'forms', form.form, form.version, 'validate.mjs')).href);
  const inputs = vectors.map((v) => [fromBodies ? JSON.stringify(v.data) : v.data, { today: v.today }]);
  const run = fromBodies ? ([text, options]) => validate(JSON.parse(text), options).errors.length : ([data, options]) => validate(data, options).errors.length;
  forms.push({ id: form.form, key: `${form.form}@${form.version}`, inputs, run, swift: 0, js: 0 });
}
for (let r = 0; r < rounds; r++) {
  const swift = spawnSync(binary, [resultsFile, roundSeconds, ...(validOnly ? ['valid'] : []), ...(fromBodies ? ['bodies'] : [])], { encoding: 'utf8' });
  if (swift.status !== 0) throw new Error(`ValidatorBench failed: ${swift.stderr}`);
  const rates = JSON.parse(swift.stdout.split('\n')[0]);
  for (const form of forms) {
    form.swift = Math.max(form.swift, rates[form.key] ?? 0);
    form.js = Math.max(form.js, measure(form.run, form.inputs, +roundSeconds).rate);
  }
}
console.log(`node ${process.version}; fastest of ${rounds} rounds of ${roundSeconds} s per form and side${validOnly ? '; valid submissions only' : ''}${fromBodies ? '; from the JSON text' : ''}`);
console.log('form'.padEnd(48) + 'inputs'.padStart(7) + 'Swift/s'.padStart(12) + 'validate.mjs/s'.padStart(16) + 'ratio'.padStart(8));
const ratios = [];
for (const form of forms) {
  const ratio = form.swift / form.js;
  ratios.push(ratio);
  console.log(form.key.padEnd(48) + String(form.inputs.length).padStart(7) + Math.round(form.swift).toLocaleString('en').padStart(12) +
    Math.round(form.js).toLocaleString('en').padStart(16) + ratio.toFixed(2).padStart(8));
}
console.log(`Swift / validate.mjs: lowest ${Math.min(...ratios).toFixed(2)}, highest ${Math.max(...ratios).toFixed(2)}`);
