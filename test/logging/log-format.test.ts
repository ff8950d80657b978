import { PassThrough, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger, logDestination } from '../../src/logging/index.js';
import { logWhereToGo } from '../../src/startup/index.js';

const ID = '370102198001011234';

/** A stdout stand-in: a terminal or not, collecting what is written. */
function stdout(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  // Colours stripped: a terminal gets them, the assertions read the words.
  // eslint-disable-next-line no-control-regex
  return { stream: Object.assign(stream, { isTTY }) as unknown as NodeJS.WriteStream, text: () => chunks.join('').replace(/\x1b\[[0-9;]*m/g, '') };
}

/** JSON lines written by a logger to memory. */
function jsonLines(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c.toString('utf8')), done()) });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('log format', () => {
  it('is JSON when stdout is not a terminal (auto), readable lines when it is, masked either way', async () => {
    expect(logDestination('auto', stdout(false).stream)).toBeUndefined();
    expect(logDestination('json', stdout(true).stream)).toBeUndefined();
    const tty = stdout(true);
    const logger = createLogger('info', logDestination('auto', tty.stream));
    logger.info({ member: ID }, `verified ${ID}`);
    await sleep(50);
    expect(tty.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: verified 370102\*{8}1234\n {4}member: "370102\*{8}1234"/m);
    expect(tty.text()).not.toContain(ID);
    expect(tty.text()).not.toContain('"level"');
  });

  it('pretty when asked (LOG_FORMAT=pretty) even without a terminal', async () => {
    const out = stdout(false);
    createLogger('info', logDestination('pretty', out.stream)).info('hello');
    await sleep(50);
    expect(out.text()).toMatch(/INFO.*: hello/);
  });
});

describe('start-up lines', () => {
  it('say where the API, console, GraphiQL, queue dashboard and metrics are, and how to get a token, without printing the scrape token', () => {
    const out = jsonLines();
    logWhereToGo(createLogger('info', out.stream), { graphql: 'http://127.0.0.1:4000/graphql', profile: 'development', metricsToken: { token: 'secret-scrape-token-0123', from: '/srv/hub/.data/metrics-token' } });
    const text = out.lines().map((l) => String(l.msg)).join('\n');
    expect(text).toContain('http://127.0.0.1:4000/graphql');
    expect(text).toContain('http://127.0.0.1:4000/console/');
    expect(text).toContain('http://127.0.0.1:4000/graphiql');
    expect(text).toContain('http://127.0.0.1:4000/admin/queues');
    expect(text).toContain('export TOKEN=$(npm run -s token -- --role verifier --org 370102)');
    expect(text).toContain('curl -H "authorization: Bearer $(cat /srv/hub/.data/metrics-token)" http://127.0.0.1:4000/metrics');
    expect(text).not.toContain('secret-scrape-token');
  });

  it('leave the development token line out in production', () => {
    const out = jsonLines();
    logWhereToGo(createLogger('info', out.stream), { graphql: 'https://hub.example/graphql', profile: 'production', metricsToken: null });
    const text = out.lines().map((l) => String(l.msg)).join('\n');
    expect(text).not.toContain('npm run -s token');
    expect(text).not.toContain('/metrics');
  });
});

describe('trace ids in log lines', () => {
  it('every line written inside a span carries its traceId and spanId; lines outside carry none', async () => {
    const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
    const { context, ROOT_CONTEXT, trace } = await import('@opentelemetry/api');
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const out = jsonLines();
      const logger = createLogger('info', out.stream);
      const span = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
      context.with(trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(span)), () => logger.info('inside'));
      logger.info('outside');
      const [inside, outside] = out.lines();
      expect(inside).toMatchObject({ msg: 'inside', traceId: span.traceId, spanId: span.spanId });
      expect(outside).not.toHaveProperty('traceId');
    } finally {
      context.disable();
    }
  });
});
