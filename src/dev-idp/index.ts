// Offers: the development identity provider (oidc-provider with demo users of every role in several regions), mounted in the hub at /dev-idp in development only, and its list of demo users.
// Keeps: its signing key and cookie keys (made at start, in memory), its sign-in page and the skipped consent.
export { mountDevIdentityProvider } from './provider.js';
export type { DevIdentityProviderOptions } from './provider.js';
export { DEMO_USERS, findDemoUser } from './demo-users.js';
export type { DemoUser } from './demo-users.js';
