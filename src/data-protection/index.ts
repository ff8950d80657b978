// Offers: envelope encryption of personal data at rest (AES-256-GCM values bound to table, column and row; data keys wrapped by the key-encryption key; HMAC look-up of ID numbers), opening a database's keys at start, and rotation.
// Keeps: the sealed value format, the data_keys rows and the unwrapped keys (per database, in memory).
export { DataProtectionError } from './cipher.js';
export type { DataKeyRing, SealedField, SealOptions } from './cipher.js';
export { decodeKek, resolveKek } from './kek.js';
export type { Kek, KekSource } from './kek.js';
export { openDataKeys, rotateDataKey, rewrapDataKeys } from './data-keys.js';
export { useDataKeys } from './registry.js';
export { idNumberHash, personField, openBytes, openJson, openText, sealBytes, sealJson, sealText } from './fields.js';
