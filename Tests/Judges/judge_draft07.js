#!/usr/bin/env node
// Independent judge of formc's draft-07 JSON Schema output, using ajv 6 (Debian's node-ajv).
//
// Usage: NODE_PATH=/usr/share/nodejs node judge_draft07.js BUILD_DIR
//
// For every form: the schema must be valid against the draft-07 meta-schema and compile, and every
// conformance vector must get the verdict formc says a JSON Schema validator gives it. ajv runs with
// all errors and full format checks (its default "fast" formats accept 2023-02-30).
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');


// A near-miss vector is its base vector's data with one JSON Patch (RFC 6902) operation applied.
function vectorData(vectors, vector) {
  if (vector.data !== undefined) return vector.data;
  const data = JSON.parse(JSON.stringify(vectors[vector.base].data));
  for (const op of vector.patch) {
    const tokens = op.path.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop();
    let parent = data;
    for (const t of tokens) parent = parent[t];
    if (op.op === 'remove') { if (Array.isArray(parent)) parent.splice(+last, 1); else delete parent[last]; }
    else parent[last] = op.value;
  }
  return data;
}

const build = process.argv[2];
const manifest = JSON.parse(fs.readFileSync(path.join(build, 'manifest.json'), 'utf8'));
const schemas = manifest.artifacts.filter((a) => a.kind === 'json-schema-draft-07');
const problems = [];
let vectors = 0;
for (const artifact of schemas) {
  const file = path.join(build, artifact.path);
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  const ajv = new Ajv({ allErrors: true, format: 'full' });
  if (!ajv.validateSchema(schema)) {
    problems.push(`${artifact.path}: not a valid draft-07 schema: ${ajv.errorsText(ajv.errors)}`);
    continue;
  }
  const validate = ajv.compile(schema);
  const suite = JSON.parse(fs.readFileSync(path.join(path.dirname(file), 'vectors.json'), 'utf8'));
  for (const vector of suite.vectors) {
    vectors += 1;
    const valid = validate(vectorData(suite.vectors, vector));
    if (valid !== vector.schema_valid) {
      const detail = valid ? 'no errors' : ajv.errorsText(validate.errors);
      problems.push(`${artifact.path}: vector '${vector.name}': formc says schema_valid=${vector.schema_valid}, ajv says ${valid} (${detail})`);
    }
  }
}
for (const problem of problems) console.log(problem);
console.log(`ajv ${require('ajv/package.json').version}: ${schemas.length} schemas, ${vectors} vectors, ${problems.length} disagreements`);
process.exit(problems.length > 0 || schemas.length === 0 ? 1 : 0);
