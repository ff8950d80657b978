export { canonicalJson } from './canonical-json.js';
export type { JsonValue } from './canonical-json.js';
