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

// Random near misses beyond the vectors: each starts from a vector and changes one place — a value
// swapped for one of these, a member removed, or an awkward member added — with a fixed seed, so every
// run makes the same submissions.
const VALUES = ['', ' ', 'a', 'Nguyễn Văn A', 'Nguye\u0302\u0303n Văn A', ' An ', 'A  B', '0912345678', '02412345678',
  '031195001234', '003195001234', '0100109106', '0100109106-001', '2024-02-29', '2025-02-29', '2025-07-01T08:30:00+07:00',
  '2025-07-01T24:00:00Z', 'a@b.c', 'a@b', 'x'.repeat(300), '😀', '\u2028', '01', '31', '10792', '00004', 'khac', 'nam',
  '0000-01-01', '0001-01-01', '2016-12-31T23:59:60Z', '2026-03-02T10:00:00+24:00', '2026-03-02T10:00:00-23:59', 'Nguy\uD800n',
  '\uDC00', '\uFFFD', 'Nguyễn\uD83D\uDE00',
  'application/pdf', 0, -1, 1, 1.5, 2100, 1900, 1e21, 9007199254740993, true, false, null, [], ['x'], ['nam', 'nam'], {},
  { province: '31', commune: '10792' }, { province: '01', commune: '10792', detail: 'x' }, { name: 'a.pdf', media_type: 'application/pdf', size: 1 }];
const KEYS = ['__proto__', 'constructor', '0', '10', 'é', 'e\u0301', 'a/b', 'x~y', 'unknown', 'a\uD800'];

function random(seed) {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function places(value, into = [], parent = null, key = null) {
  into.push({ parent, key, value });
  if (value !== null && typeof value === 'object') for (const k of Object.keys(value)) places(value[k], into, value, k);
  return into;
}

function mutate(data, next) {
  const copy = JSON.parse(JSON.stringify(data));
  const all = places(copy);
  const place = all[Math.floor(next() * all.length)];
  const pick = (list) => JSON.parse(JSON.stringify(list[Math.floor(next() * list.length)]));
  const choice = next();
  const container = place.value !== null && typeof place.value === 'object';
  if (choice < 0.2 && container && !Array.isArray(place.value)) {
    Object.defineProperty(place.value, pick(KEYS), { value: pick(VALUES), enumerable: true, writable: true, configurable: true });
  } else if (choice < 0.35 && place.parent !== null && !Array.isArray(place.parent)) {
    delete place.parent[place.key];
  } else if (place.parent !== null) {
    place.parent[place.key] = pick(VALUES);
  } else {
    return pick(VALUES);
  }
  return copy;
}

const [build, defaultToday] = process.argv.slice(2);
const forms = [];
const root = path.join(build, 'forms');
for (const form of fs.readdirSync(root).sort()) {
  for (const version of fs.readdirSync(path.join(root, form)).sort()) {
    const folder = path.join(root, form, version);
    const { validate, expressions, hash } = await import(pathToFileURL(path.join(folder, 'validate.mjs')).href);
    const suite = JSON.parse(fs.readFileSync(path.join(folder, 'vectors.json'), 'utf8'));
    const vectors = suite.vectors.map((vector) => {
      const data = vectorData(suite.vectors, vector);
      const today = vector.today ?? defaultToday;
      return { name: vector.name, today, data, prefill: vector.prefill ?? null, formc: vector.errors, javascript: validate(data, { today, prefill: vector.prefill }) };
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
    const next = random(forms.length + 1);
    const fuzz = [];
    for (let i = 0; i < 100 && suite.vectors.length > 0; i++) {
      const vector = suite.vectors[Math.floor(next() * suite.vectors.length)];
      const today = vector.today ?? defaultToday;
      // Through JSON text, so the data is exactly what another parser reads.
      const data = JSON.parse(JSON.stringify(mutate(vectorData(suite.vectors, vector), next)));
      fuzz.push({ today, data, javascript: validate(data, { today }) });
    }
    // Hostile bodies, under the default error limit and a small one: hundreds of unknown members, and
    // every list of a valid submission replaced by hundreds of wrong items (past max_items, the items
    // are not looked into; without it, the error limit stops the walk).
    const hostile = [];
    const base = suite.vectors.find((v) => v.valid && v.data !== null && typeof v.data === 'object');
    if (base) {
      const today = base.today ?? defaultToday;
      const wide = JSON.parse(JSON.stringify(vectorData(suite.vectors, base)));
      for (let i = 0; i < 300; i++) wide['x' + i] = i;
      const long = JSON.parse(JSON.stringify(vectorData(suite.vectors, base)));
      for (const place of places(long)) if (Array.isArray(place.value) && place.parent !== null) place.parent[place.key] = Array.from({ length: 300 }, (_, i) => ({ bad: i }));
      for (const data of [wide, long]) {
        for (const maxErrors of [undefined, 7]) {
          hostile.push({ today, data, maxErrors: maxErrors ?? null, javascript: validate(data, { today, maxErrors }) });
        }
      }
    }
    forms.push({ form: suite.form, version: suite.version, hash, vectors, logic, fuzz, hostile });
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
    return { name: v.name, ...input, formc: { status: v.status, total: v.total, missing: v.missing, errors: v.errors, items: v.items }, javascript: computeFees(input) };
  });
  // Calls fees.mjs refuses that a Swift caller can also make: the FeeInputError code each gives.
  const base = rules.vectors[0] ?? { channel: rules.inputs.channels[0], on: '2026-03-02' };
  const good = { caseId: base.case ?? null, channel: base.channel, on: base.on, categories: [], answers: {} };
  const misuses = [
    { ...good, caseId: 'khong_co' }, { ...good, channel: 'qua_bo_cau' }, { ...good, on: '2026-02-30' }, { ...good, on: '02/03/2026' },
    { ...good, categories: ['khong_co'] }, { ...good, answers: [] }, good,
  ].map((input) => {
    try { return { ...input, javascript: { total: computeFees(input).total } }; } catch (e) { return { ...input, javascript: { error: e.code } }; }
  });
  procedures.push({ procedure: rules.procedure, vectors, misuses });
}
process.stdout.write(JSON.stringify({ node: process.version, forms, procedures }) + '\n');
