/**
 * Imported first by the long-lived processes (`npm start`, `npm run worker`, bench:read), before
 * anything loads graphql-js: graphql-js picks its `instanceOf` check when its module is evaluated,
 * and unless NODE_ENV is `production` that check walks the prototype chain with a cross-realm
 * diagnostic on every call (10% of a full-household read, issue 15). An explicit NODE_ENV wins.
 * Tests import modules directly and never load this file, so they keep graphql-js's development
 * checks. Apollo's own production defaults (no introspection, no stack traces, no landing page)
 * are set explicitly in src/server/app.ts, whatever NODE_ENV says.
 */
process.env.NODE_ENV ??= 'production';
