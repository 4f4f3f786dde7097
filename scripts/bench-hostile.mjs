#!/usr/bin/env node
// Hostile bodies (tens of megabytes) through validate.mjs and the generated Swift validators, each
// under the default error limit and with no practical limit (maxErrors 1e9), side by side in one
// run: milliseconds to validate (parsing timed apart), errors returned, and each process's peak
// memory. Every case runs in a fresh process, so one case's memory does not count for another.
//
// Usage: node scripts/bench-hostile.mjs ARTIFACTS_DIR VALIDATOR_BENCH WORK_DIR
// (scripts/bench-swift-validators.sh --hostile prepares both and runs it.)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [artifacts, bench, work] = process.argv.slice(2);
fs.mkdirSync(work, { recursive: true });
const n = 1_000_000;
const bodies = [
  {
    name: '1M wrong items in a list of at most 20',
    form: 'de-nghi-chung-thuc-ban-sao',
    make: () => ({ giay_to: Array.from({ length: n }, (_, i) => ({ ten_giay_to: i, so_ban_sao: 'ba', la: 1 })) }),
  },
  {
    name: '1M unknown members',
    form: 'to-khai-dang-ky-khai-sinh',
    make: () => Object.fromEntries(Array.from({ length: n }, (_, i) => ['k' + i, i])),
  },
  {
    name: '1M wrong choices in an unbounded list',
    form: 'kiem-thu-logic',
    make: () => ({ a: { nhieu: Array.from({ length: n }, (_, i) => 'v' + i) } }),
  },
];

// One JavaScript case in its own process: parse, validate, report.
const child = `
  import fs from 'node:fs';
  const [file, module, limit] = process.argv.slice(1);
  const { validate } = await import(module);
  const text = fs.readFileSync(file, 'utf8');
  let t = performance.now();
  const data = JSON.parse(text);
  const parsed = performance.now() - t;
  t = performance.now();
  const result = validate(data, { today: '2026-11-25', maxErrors: Number(limit) });
  const validated = performance.now() - t;
  console.log(JSON.stringify({ parse_ms: Math.round(parsed), validate_ms: Math.round(validated), errors: result.errors.length,
    max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }));
`;

function formFolder(form) {
  const folder = path.join(artifacts, 'forms', form);
  return path.join(folder, fs.readdirSync(folder).sort().at(-1));
}

const rows = [];
for (const body of bodies) {
  const file = path.join(work, body.form + '.hostile.json');
  fs.writeFileSync(file, JSON.stringify(body.make()));
  const megabytes = (fs.statSync(file).size / 1e6).toFixed(1);
  const module = pathToFileURL(path.join(formFolder(body.form), 'validate.mjs')).href;
  for (const [label, limit] of [['limit 100', 100], ['no limit', 1e9]]) {
    const js = JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8192', '--input-type=module', '-e', child, file, module, String(limit)], { encoding: 'utf8' }));
    const swift = JSON.parse(execFileSync(bench, ['--hostile', file, body.form, String(limit)], { encoding: 'utf8' }));
    rows.push({ body: `${body.name} (${megabytes} MB)`, label, js, swift });
  }
}
const pad = (s, w) => String(s).padEnd(w);
const left = (s, w) => String(s).padStart(w);
let body = '';
console.log(pad('body / error limit', 56) + left('errors', 9) + left('JS ms', 9) + left('JS MB', 8) + left('Swift ms', 10) + left('Swift MB', 10));
for (const row of rows) {
  if (row.body !== body) console.log((body = row.body));
  const { js, swift } = row;
  const errors = js.errors === swift.errors ? js.errors : `${js.errors}≠${swift.errors}`;
  console.log(pad('  ' + row.label, 56) + left(errors, 9) + left(js.validate_ms, 9) + left(js.max_rss_mb, 8) + left(swift.validate_ms, 10) + left(swift.max_rss_mb, 10));
}
for (let i = 0; i < rows.length; i += 2) {
  const [a, b] = [rows[i], rows[i + 1]];
  // Times under a millisecond count as one, so the time ratio is a lower bound there.
  const time = (x, y) => `×${Math.round(Math.max(1, x) / Math.max(1, y))}`;
  const memory = (x, y) => `×${(x / y).toFixed(1)}`;
  console.log(`${a.body}, no limit against limit 100: JS time ${time(b.js.validate_ms, a.js.validate_ms)}, memory ${memory(b.js.max_rss_mb, a.js.max_rss_mb)}; Swift time ${time(b.swift.validate_ms, a.swift.validate_ms)}, memory ${memory(b.swift.max_rss_mb, a.swift.max_rss_mb)}`);
}
console.log('(parsing apart: JSON.parse ' + rows.map((r) => r.js.parse_ms).join('/') + ' ms, JSONTape(parsing:) ' + rows.map((r) => r.swift.parse_ms).join('/') + ' ms)');
