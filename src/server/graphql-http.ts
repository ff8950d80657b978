import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import type { HubContext } from './context.js';
import { renderedBytes } from './rendered-answers.js';

/**
 * Apollo Server behind Express, as `@as-integrations/express5` does it, with one difference: an
 * answer rendered before (renderable.ts) is sent as the UTF-8 bytes kept with it, where Express
 * would encode the 110 KB JSON of a full household again for every read.
 */
export function graphqlHandler(server: ApolloServer<HubContext>, context: (req: Request, res: Response) => HubContext): RequestHandler {
  server.assertStarted('graphqlHandler()');
  return async (req, res) => {
    if (!('body' in req)) throw new Error('graphqlHandler: req.body is not set (express.json() must run before it)');
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    // The query string as it came (what url.parse gave the original): `new URL` throws on paths such as `//a:b`.
    const q = req.url.indexOf('?');
    const hubContext = context(req, res);
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: q === -1 ? '' : req.url.slice(q), body: req.body },
      context: async () => hubContext,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      const bytes = renderedBytes(hubContext.served.answer, response.body.string);
      res.send(bytes ?? response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
