import { describe, expect, it } from 'vitest';
import { listen } from './listen';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('listen', () => {
  it('serves on a free port and reports a loopback URL for a wildcard bind', async () => {
    const server = await listen(() => new Response('hi'), { port: 0, host: '0.0.0.0' });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(await (await fetch(server.url)).text()).toBe('hi');
    } finally {
      await server.close(1000);
    }
  });

  it('lets an in-flight request finish on close, then refuses new connections', async () => {
    const entered = deferred();
    const release = deferred();
    const server = await listen(
      async () => {
        entered.resolve();
        await release.promise;
        return new Response('slow done');
      },
      { port: 0, host: '127.0.0.1' },
    );
    const slow = fetch(`${server.url}/slow`).then((response) => response.text());
    await entered.promise;
    const closed = server.close(5000);
    await expect(fetch(server.url)).rejects.toThrow();
    release.resolve();
    expect(await slow).toBe('slow done');
    await closed;
  });

  it('cuts connections that outlive the shutdown cap', async () => {
    const entered = deferred();
    const server = await listen(
      async () => {
        entered.resolve();
        return new Promise<Response>(() => {});
      },
      { port: 0, host: '127.0.0.1' },
    );
    const stuck = fetch(server.url);
    await entered.promise;
    await server.close(50);
    await expect(stuck).rejects.toThrow();
  });

  it('fails clearly when the port is taken', async () => {
    const first = await listen(() => new Response('a'), { port: 0, host: '127.0.0.1' });
    try {
      await expect(listen(() => new Response('b'), { port: first.port, host: '127.0.0.1' })).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      await first.close(1000);
    }
  });
});
