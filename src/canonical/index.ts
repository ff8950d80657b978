// Offers: canonical JSON (RFC 8785) for everything hashed or signed, as text or as its UTF-8 bytes.
// Keeps: the number and key-order rules it implements.
export { canonicalBytes, canonicalJson } from './canonical-json.js';
