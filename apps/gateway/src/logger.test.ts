import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with an ISO time and a level name', () => {
    const { lines, destination } = capture();
    createLogger({ destination }).info({ requestId: 'req_1' }, 'hello');
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'hello', requestId: 'req_1' });
    expect(String(lines[0]?.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('redacts secrets wherever a caller puts them', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination });
    logger.info(
      {
        headers: { authorization: 'Bearer cw_live_abc', 'x-api-key': 'k1' },
        store: { credentials: { accessToken: 'shpat_1' }, name: 'Shop' },
        apiKey: 'cw_test_zzz',
        encryptionKey: 'AAAA',
        DATABASE_URL: 'postgres://u:pw@h/db',
      },
      'request',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['cw_live_abc', 'k1', 'shpat_1', 'cw_test_zzz', 'AAAA', 'pw@h']) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({ store: { name: 'Shop', credentials: '[redacted]' } });
  });

  it('respects the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'warn', destination });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((line) => line.msg)).toEqual(['loud']);
  });
});
