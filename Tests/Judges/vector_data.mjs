// Shared by the node judges: the data of a conformance vector.

// A near-miss vector is its base vector's data with its JSON Patch (RFC 6902) applied.
export function vectorData(vectors, vector) {
  if (vector.data !== undefined) return vector.data;
  let data = JSON.parse(JSON.stringify(vectors[vector.base].data));
  for (const op of vector.patch) {
    const tokens = op.path.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (tokens.length === 0) { data = op.op === 'remove' ? undefined : op.value; continue; }
    const last = tokens.pop();
    let parent = data;
    for (const t of tokens) parent = parent[t];
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : +last;
      if (op.op === 'add') parent.splice(index, 0, op.value);
      else if (op.op === 'remove') parent.splice(index, 1);
      else parent[index] = op.value;
    } else if (op.op === 'remove') {
      delete parent[last];
    } else {
      parent[last] = op.value;
    }
  }
  return data;
}
