// Offers: trusted operations for machine clients: the manifests of registered operation documents by hash (read, and written from .graphql files), and admitting an assistance system's request only when it runs one of them.
// Keeps: the manifest formats (Apollo's persisted query manifest, a hash-to-document map) and the hash check of each entry.
export { loadTrustedOperations, operationHash } from './manifest.js';
export type { TrustedOperations } from './manifest.js';
export { admitOperation, heldToTrustedOperations } from './admit.js';
export { recordingOperations } from './record.js';
export type { OperationRequest } from './admit.js';
export { collectOperations } from './collect.js';
export type { Manifest, ManifestOperation } from './collect.js';
