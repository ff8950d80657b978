/** One parameter (a leaf of the policy JSON) in two versions. */
export interface DiffRow {
  /** `standards.urban.minimumLiving`, `circles[0].name`. */
  path: string;
  old: string | undefined;
  new: string | undefined;
  kind: 'same' | 'added' | 'removed' | 'changed';
}

/** Every leaf of a JSON value by its path; an empty object or array is a leaf of its own. */
function leaves(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (Array.isArray(value) && value.length > 0) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  } else out.set(path, JSON.stringify(value));
  return out;
}

/**
 * Two policy versions' parameters side by side, leaf by leaf, in the order the paths first appear
 * (the older version's, then what the newer adds), each marked same, added, removed or changed.
 */
export function diffParameters(older: unknown, newer: unknown): DiffRow[] {
  const a = leaves(older, '', new Map());
  const b = leaves(newer, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.map((path) => {
    const o = a.get(path);
    const n = b.get(path);
    const kind = o === undefined ? 'added' : n === undefined ? 'removed' : o === n ? 'same' : 'changed';
    return { path, old: o, new: n, kind };
  });
}
