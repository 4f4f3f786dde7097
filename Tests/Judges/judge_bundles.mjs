// Every combined procedure of a build, judged through its members: each conformance vector of the
// combined declaration is split by split.mjs, and each member's submission validated by that
// member's own validate.mjs. The combined verdict must be the members': valid exactly when every
// member's submission is valid and the combined declaration has no error of its own — a stray
// top-level answer, or a member's part that is not an object — which no member receives. A field
// another member's result gives (issued) is not in a split submission: its errors do not count.
// And every fee vector of a bundle (fees.json): its fees.mjs gives formc's breakdown, and its total is
// the members' own fee modules, each on its part of the split answers, summed.
// Usage: node judge_bundles.mjs BUILD_DIR [TODAY]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { vectorData } from './vector_data.mjs';

const [build, defaultToday = '2026-11-25'] = process.argv.slice(2);
const root = path.join(build, 'bundles');
const problems = [];
let bundles = 0, vectors = 0, members = 0, feeVectors = 0;
const load = (file) => import(pathToFileURL(path.join(build, file)).href);
for (const id of fs.existsSync(root) ? fs.readdirSync(root).sort() : []) {
  const { bundle, split } = await load(`bundles/${id}/split.mjs`);
  const folder = `forms/${bundle.form.id}/${bundle.form.version}`;
  const combined = await load(`${folder}/validate.mjs`);
  const suite = JSON.parse(fs.readFileSync(path.join(build, folder, 'vectors.json'), 'utf8'));
  const validators = {};
  for (const member of bundle.members) validators[member.id] = await load(`forms/${member.form.id}/${member.form.version}/validate.mjs`);
  bundles += 1;
  for (const vector of suite.vectors) {
    const data = vectorData(suite.vectors, vector);
    const today = vector.today ?? defaultToday;
    const whole = combined.validate(data, { today, prefill: vector.prefill });
    if (whole.valid !== vector.valid) problems.push(`${id}: '${vector.name}': the combined validate.mjs says ${whole.valid}, formc ${vector.valid}`);
    const parts = split(data);
    const verdicts = bundle.members.map((member) => {
      const result = validators[member.id].validate(parts[member.id], { today, prefill: vector.prefill });
      const errors = result.errors.filter((e) => !member.issued.some((i) => e.path === i.path || e.path.startsWith(i.path + '/')));
      return [member.id, { valid: errors.length === 0, errors }];
    });
    members += verdicts.length;
    const own = whole.errors.filter((e) => e.path.split('/').length <= 2 && !(e.rule === 'required' && bundle.members.some((m) => '/' + m.id === e.path)));
    const allValid = own.length === 0 && verdicts.every(([, result]) => result.valid);
    if (allValid !== vector.valid) {
      const said = verdicts.map(([m, r]) => `${m}: ${r.valid ? 'valid' : r.errors.map((e) => e.path + ' ' + e.rule).join(', ')}`).join('; ');
      problems.push(`${id}: '${vector.name}': the vector is ${vector.valid ? 'valid' : 'invalid'}, but split into its members: ${said}`);
    }
    vectors += 1;
  }
  if (!fs.existsSync(path.join(root, id, 'fees.json'))) continue;
  const { computeFees } = await load(`bundles/${id}/fees.mjs`);
  const rules = JSON.parse(fs.readFileSync(path.join(root, id, 'fees.json'), 'utf8'));
  const memberFees = {};
  for (const member of rules.members) memberFees[member.id] = (await load(`procedures/${member.procedure}/fees.mjs`)).computeFees;
  for (const vector of rules.vectors) {
    const input = { channel: vector.channel, on: vector.on, categories: vector.categories, answers: vector.answers };
    const got = computeFees(input);
    const mine = JSON.stringify([got.status, got.total, got.missing, got.errors.map((e) => [e.path, e.rule])]);
    const formc = JSON.stringify([vector.status, vector.total, vector.missing, vector.errors.map((e) => [e.path, e.rule])]);
    if (mine !== formc) problems.push(`${id}: fee vector '${vector.name}': fees.mjs gives ${mine}, formc ${formc}`);
    // The members' own modules, summed here, independently of the bundle's module.
    const parts = split(vector.answers);
    let sum = 0, known = true;
    for (const member of rules.members) {
      const answered = Object.prototype.hasOwnProperty.call(vector.answers, member.id) || member.copies.some((c) => c.from.split('/').slice(1).reduce((v, k) => v?.[k], vector.answers) !== undefined);
      const own = memberFees[member.id]({ caseId: member.case, channel: vector.channel, on: vector.on,
        categories: vector.categories.filter((c) => member.categories.includes(c)), answers: answered ? { [member.document]: parts[member.id] } : {} });
      if (own.total === null) known = false; else sum += own.total;
    }
    if ((known ? sum : null) !== got.total) problems.push(`${id}: fee vector '${vector.name}': the members' modules sum to ${known ? sum : 'nothing known'}, the bundle's gives ${got.total}`);
    feeVectors += 1;
  }
}
for (const problem of problems) console.log(problem);
console.log(`bundles under node ${process.version}: ${bundles} bundles, ${vectors} combined vectors split into ${members} member submissions, ${feeVectors} fee vectors, ${problems.length} disagreements`);
process.exit(problems.length ? 1 : 0);
