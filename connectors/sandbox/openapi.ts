import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Catalog, Source } from '../../src/catalog/index.js';
import { send } from './http.js';
import { COMMON_ERRORS, ERROR_RESPONSES, SHARED_SCHEMAS, sourceSchemas, type JsonObject } from './openapi-schemas.js';

const json = (schema: JsonObject): JsonObject => ({ 'application/json': { schema } });
const schemaRef = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const responseRef = (name: string): JsonObject => ({ $ref: `#/components/responses/${name}` });

function about(source: Source): string {
  return `${source.zh} (${source.en}); family ${source.family}, at most ${source.maxBulk} persons a call.`;
}

function queryBody(source: Source): JsonObject {
  return { required: true, content: json(schemaRef(`${source.id}_Request`)) };
}

/** The paths of one source: its query (sync) or inquiry and poll (async, banks), and its health. */
function sourcePaths(source: Source): Record<string, JsonObject> {
  const tags = [source.family];
  const health = {
    get: { operationId: `${source.id}_health`, summary: `${source.en}: health`, tags, responses: { '200': { description: 'The agency answers.', content: json(schemaRef('Health')) }, ...COMMON_ERRORS } },
  };
  const asked = { '400': responseRef('BadRequest'), '413': responseRef('TooLarge'), ...COMMON_ERRORS };
  if (source.protocol === 'sync') {
    return {
      [`/agencies/${source.id}/query`]: {
        post: {
          operationId: `${source.id}_query`,
          summary: `${source.en}: records of persons by ID number`,
          description: about(source),
          tags,
          requestBody: queryBody(source),
          responses: { '200': { description: 'What the agency holds of each person.', content: json(schemaRef(`${source.id}_Answer`)) }, ...asked },
        },
      },
      [`/agencies/${source.id}/health`]: health,
    };
  }
  const ticket = { name: 'ticket', in: 'path', required: true, schema: { type: 'string' }, description: 'As the inquiry answered it.' };
  return {
    [`/agencies/${source.id}/inquiries`]: {
      post: {
        operationId: `${source.id}_inquire`,
        summary: `${source.en}: ask about persons by ID number (answered later)`,
        description: `${about(source)} The answer is fetched with the ticket.`,
        tags,
        requestBody: queryBody(source),
        responses: { '202': { description: 'Inquiry taken.', content: json(schemaRef('Pending')) }, ...asked },
      },
    },
    [`/agencies/${source.id}/inquiries/{ticket}`]: {
      get: {
        operationId: `${source.id}_inquiry`,
        summary: `${source.en}: the answer to an inquiry`,
        tags,
        parameters: [ticket],
        responses: {
          '200': { description: 'What the agency holds of each person asked.', content: json(schemaRef(`${source.id}_Done`)) },
          '202': { description: 'Not ready yet.', headers: { 'Retry-After': { description: 'Seconds until it is ready.', schema: { type: 'integer', minimum: 1 } } }, content: json(schemaRef('Pending')) },
          '404': responseRef('UnknownTicket'),
          ...COMMON_ERRORS,
        },
      },
    },
    [`/agencies/${source.id}/health`]: health,
  };
}

/**
 * The OpenAPI 3.1 description of every agency of a catalogue: what the sandbox serves under
 * `/agencies/` (agencies.ts), one operation per source and protocol, with each source's attributes
 * typed from the catalogue. The version is a hash of the catalogue, so it changes with it.
 */
export function openApiDocument(cat: Catalog): JsonObject {
  const version = createHash('sha256').update(JSON.stringify([cat.sources, cat.attributes])).digest('hex').slice(0, 12);
  const families = [...new Set(cat.sources.map((s) => s.family))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sandbox agencies',
      version,
      description:
        'Simulated agencies answering about persons by resident ID number (docs/SANDBOX.md). Synchronous sources answer `POST /agencies/{source}/query` at once; banks take `POST /agencies/{bank}/inquiries` and answer later through a ticket.',
    },
    tags: families.map((name) => ({ name })),
    paths: Object.assign({}, ...cat.sources.map(sourcePaths)) as JsonObject,
    components: {
      schemas: Object.assign({ ...SHARED_SCHEMAS }, ...cat.sources.map((s) => sourceSchemas(cat, s))) as JsonObject,
      responses: ERROR_RESPONSES,
    },
  };
}

// Built once per catalogue: 62 sources and their 400-odd attributes are a few hundred kilobytes.
const built = new WeakMap<Catalog, JsonObject>();

/** `GET /openapi.json`, the server being the address the request came in on. */
export function serveOpenApi(cat: Catalog, req: IncomingMessage, res: ServerResponse): void {
  let doc = built.get(cat);
  if (!doc) built.set(cat, (doc = openApiDocument(cat)));
  const { localAddress, localPort } = req.socket;
  const host = localAddress?.includes(':') ? `[${localAddress}]` : localAddress;
  send(res, 200, { ...doc, servers: [{ url: `http://${host ?? '127.0.0.1'}:${localPort ?? 80}` }] });
}
