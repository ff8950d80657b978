// Offers: canonical JSON (RFC 8785) for everything hashed or signed.
// Keeps: the number and key-order rules it implements.
export { canonicalJson } from './canonical-json.js';
