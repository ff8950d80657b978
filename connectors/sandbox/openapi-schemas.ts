import type { Attribute, Catalog, Source } from '../../src/catalog/index.js';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) or any other OpenAPI object. */
export type JsonObject = { [keyword: string]: unknown };

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

/**
 * The JSON type of one attribute's value as `values()` in values.ts and fixtures.ts produce it:
 * null is always possible (an empty field, or nothing of the kind held).
 */
export function attributeSchema(a: Attribute): JsonObject {
  const unit = a.unit === null ? '' : ` (${a.unit})`;
  const about = { title: a.en, description: `${a.zh}: ${a.en}${unit}; category ${a.category}.`, ...(a.unit === null ? {} : { 'x-unit': a.unit }) };
  switch (a.type) {
    case 'MONEY':
    case 'DECIMAL':
      return { type: ['number', 'null'], ...about };
    case 'INTEGER':
      return { type: ['integer', 'null'], ...about };
    case 'BOOLEAN':
      return { type: ['boolean', 'null'], ...about };
    case 'DATE':
      return { type: ['string', 'null'], format: 'date', ...about };
    case 'TEXT':
      return { type: ['string', 'null'], ...about };
    case 'ENUM':
      return { type: ['string', 'null'], enum: [...(a.values ?? []), null], ...about };
  }
}

const idNumber: JsonObject = { type: 'string', description: 'Resident ID number (GB 11643), as asked.' };

/** The schemas one source adds to `components.schemas`, named `<source>_...`. */
export function sourceSchemas(cat: Catalog, source: Source): Record<string, JsonObject> {
  const attributes = cat.attributesOf(source.id);
  // NotFound first: oneOf's order means nothing to JSON Schema, but GraphQL Mesh types an answer as
  // the first member whose fields cover it, and a not-found answer's two fields are a record's too.
  const results: JsonObject = { type: 'array', description: 'One entry per person asked, in the order asked.', items: { oneOf: [ref('NotFound'), ref(`${source.id}_Record`)] } };
  const answer = (extra: Record<string, JsonObject>, required: string[]): JsonObject => ({
    type: 'object',
    additionalProperties: false,
    required: [...required, 'source', 'results'],
    properties: { ...extra, source: { const: source.id }, results },
  });
  return {
    [`${source.id}_Request`]: {
      type: 'object',
      required: ['persons'],
      properties: {
        persons: { type: 'array', minItems: 1, maxItems: source.maxBulk, items: idNumber, description: `At most ${source.maxBulk} persons a call (413 BULK_LIMIT_EXCEEDED beyond).` },
        attributes: { type: 'array', items: { enum: attributes.map((a) => a.code) }, description: 'Attribute codes to answer; every attribute of the source when left out (400 UNKNOWN_ATTRIBUTE for a code of another source).' },
      },
    },
    [`${source.id}_Values`]: {
      type: 'object',
      additionalProperties: false,
      description: 'The attributes asked for, by code; the other codes are left out.',
      properties: Object.fromEntries(attributes.map((a) => [a.code, attributeSchema(a)])),
    },
    [`${source.id}_Record`]: {
      type: 'object',
      additionalProperties: false,
      required: ['idNumber', 'found', 'asOf', 'values'],
      properties: { idNumber, found: { const: true }, asOf: { type: 'string', format: 'date', description: 'The date the record is true of.' }, values: ref(`${source.id}_Values`) },
    },
    ...(source.protocol === 'sync'
      ? { [`${source.id}_Answer`]: answer({}, []) }
      : { [`${source.id}_Done`]: answer({ ticket: { type: 'string', format: 'uuid' }, status: { const: 'DONE' } }, ['ticket', 'status']) }),
  };
}

/** Schemas every source shares. */
export const SHARED_SCHEMAS: Record<string, JsonObject> = {
  NotFound: {
    type: 'object',
    additionalProperties: false,
    required: ['idNumber', 'found'],
    description: 'The agency holds no record of the person.',
    properties: { idNumber, found: { const: false } },
  },
  Pending: {
    type: 'object',
    additionalProperties: false,
    required: ['ticket', 'status', 'readyAt'],
    description: 'An inquiry taken: poll GET .../inquiries/{ticket} from readyAt on.',
    properties: { ticket: { type: 'string', format: 'uuid' }, status: { const: 'PENDING' }, readyAt: { type: 'string', format: 'date-time' } },
  },
  Health: {
    type: 'object',
    additionalProperties: false,
    required: ['source', 'status'],
    properties: { source: { type: 'string' }, status: { const: 'UP' } },
  },
};

const retryAfter: JsonObject = { description: 'Seconds to wait before asking again.', schema: { type: 'integer', minimum: 1 } };

function errorResponse(description: string, codes: string[], headers?: JsonObject): JsonObject {
  const error: JsonObject = {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'message'],
    properties: { code: { enum: codes }, message: { type: 'string' }, field: { type: 'string', description: 'The request field at fault, where there is one.' } },
  };
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema: { type: 'object', additionalProperties: false, required: ['error'], properties: { error } } } },
  };
}

/** `components.responses`: the agency error answers (docs/SANDBOX.md, Protocol). */
export const ERROR_RESPONSES: Record<string, JsonObject> = {
  BadRequest: errorResponse('The body is not a query: not JSON, no persons, or an attribute code the source does not provide.', ['BAD_REQUEST', 'MALFORMED_JSON', 'UNKNOWN_ATTRIBUTE']),
  UnknownTicket: errorResponse('No such inquiry at this agency (or its answer was kept past an hour and dropped).', ['UNKNOWN_TICKET']),
  TooLarge: errorResponse('More persons than the source takes in one call, or a body over 1 MiB.', ['BULK_LIMIT_EXCEEDED', 'BODY_TOO_LARGE']),
  RateLimited: errorResponse("Over the source's rate limit.", ['RATE_LIMITED'], { 'Retry-After': retryAfter }),
  Unavailable: errorResponse('The agency is down for a while.', ['UNAVAILABLE']),
  Timeout: errorResponse('The agency back end did not answer in time.', ['UPSTREAM_TIMEOUT']),
  Internal: errorResponse('Anything else went wrong.', ['INTERNAL']),
};

/** The error responses every agency operation may give, by status. */
export const COMMON_ERRORS: Record<string, JsonObject> = {
  '429': { $ref: '#/components/responses/RateLimited' },
  '500': { $ref: '#/components/responses/Internal' },
  '503': { $ref: '#/components/responses/Unavailable' },
  '504': { $ref: '#/components/responses/Timeout' },
};
