// Offers: HubError (an error safe to show clients, with a stable extensions.code) and ConfigError.
// Keeps: the list of codes a client may branch on, used through HubError.
export { HubError } from './hub-error.js';
export { ConfigError } from './config-error.js';
