import { readFileSync } from 'node:fs';
import { canonicalJson } from '../src/canonical/index.js';
const body = JSON.parse(readFileSync('/tmp/body.json', 'utf8'));
// Shuffle key order of attribute-like objects to mimic built bodies: reverse keys of every object.
function rev(v: unknown): unknown { if (Array.isArray(v)) return v.map(rev); if (v && typeof v === 'object') { const o: Record<string, unknown> = {}; for (const k of Object.keys(v).reverse()) o[k] = rev((v as Record<string, unknown>)[k]); return o; } return v; }
const shuffled = rev(body);
function cpu(name: string, f: () => unknown, n = 300) {
  for (let i = 0; i < 30; i++) f();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const c = process.cpuUsage(c0);
  console.log(name.padEnd(30), ((c.user + c.system) / 1000 / n).toFixed(3), 'ms');
}
cpu('JSON.stringify', () => JSON.stringify(body));
cpu('canonicalJson in order', () => canonicalJson(body));
cpu('canonicalJson reversed', () => canonicalJson(shuffled));
