import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/index.js';

describe('logger', () => {
  it('masks ID numbers in messages, fields and errors', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ member: { idNumber: '370102198001011234' }, err: new Error('no consent for 370102198001011234') }, 'checked 37010219800101123X');
    const text = lines.join('');
    expect(text).not.toMatch(/198001011234|19800101123X/);
    expect(text).toContain('370102********1234');
    expect(text).toContain('370102********123X');
  });
});
