import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, chooseDatabase } from '../../src/embedded-db/index.js';

let server: Server;
let open: number;
let closed: number;

beforeAll(async () => {
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open = (server.address() as AddressInfo).port;
  // A port that was free a moment ago and is closed now: nothing answers there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closed = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the database npm start uses', () => {
  it('is DATABASE_URL whenever it is set, without probing', async () => {
    let probed = false;
    const probe = async () => {
      probed = true;
      return false;
    };
    expect(await chooseDatabase({ DATABASE_URL: 'postgres://db.example/hub' }, probe)).toEqual({ kind: 'configured' });
    expect(probed).toBe(false);
  });

  it('is the server answering on 127.0.0.1:5432 when DATABASE_URL is unset, else an embedded one', async () => {
    expect(await chooseDatabase({}, () => answers('127.0.0.1', open))).toEqual({ kind: 'local' });
    expect(await chooseDatabase({}, () => answers('127.0.0.1', closed))).toEqual({ kind: 'embedded' });
    // An empty DATABASE_URL (DATABASE_URL= in a .env file) counts as unset.
    expect(await chooseDatabase({ DATABASE_URL: ' ' }, () => answers('127.0.0.1', closed))).toEqual({ kind: 'embedded' });
  });

  it('probes with a time limit: an address that never answers counts as nothing there', async () => {
    const started = Date.now();
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so the connection neither opens nor fails fast.
    expect(await answers('192.0.2.1', 5432, 300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
