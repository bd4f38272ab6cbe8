import { VersionedCache } from '../../server/services/versioned-cache';

describe('VersionedCache', () => {
  it('computes once per version and key', async () => {
    const cache = new VersionedCache();
    let runs = 0;
    const compute = async () => ++runs;
    expect(await cache.get(1, 'a', compute)).toBe(1);
    expect(await cache.get(1, 'a', compute)).toBe(1);
    expect(await cache.get(1, 'b', compute)).toBe(2);
    expect(await cache.get(2, 'a', compute)).toBe(3);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 3 });
  });

  it('drops everything of an older version', async () => {
    const cache = new VersionedCache();
    await cache.get(1, 'a', async () => 1);
    await cache.get(1, 'b', async () => 1);
    await cache.get(2, 'a', async () => 2);
    expect(cache.size).toBe(1);
  });

  it('shares one computation between concurrent requests', async () => {
    const cache = new VersionedCache();
    let runs = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 10));
    expect(await Promise.all([cache.get(1, 'a', slow), cache.get(1, 'a', slow)])).toEqual([1, 1]);
  });

  it('keeps at most its size, evicting the least recently used', async () => {
    const cache = new VersionedCache(2);
    let runs = 0;
    const compute = async () => ++runs;
    await cache.get(1, 'a', compute);
    await cache.get(1, 'b', compute);
    await cache.get(1, 'a', compute); // a is now the most recent
    await cache.get(1, 'c', compute); // evicts b
    expect(cache.size).toBe(2);
    expect(await cache.get(1, 'a', compute)).toBe(1);
    expect(await cache.get(1, 'b', compute)).toBe(4);
  });

  it('does not keep a failed computation', async () => {
    const cache = new VersionedCache();
    await expect(cache.get(1, 'a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get(1, 'a', async () => 'ok')).toBe('ok');
  });
});
