// Offers: canonical JSON (RFC 8785) for everything hashed or signed, as text or as its UTF-8 bytes;
// objects built with their keys in that order (inKeyOrder), so signing them copies nothing.
// Keeps: the number and key-order rules it implements.
export { canonicalBytes, canonicalJson, inKeyOrder } from './canonical-json.js';
