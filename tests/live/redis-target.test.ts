// Where the server's Redis clients connect: REDIS_URL itself, or the master the Sentinels name.
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../server/live/redis-target.ts';

describe('Redis target', () => {
  it('connects to the URL given as text or as a target without Sentinels, with the options given', () => {
    for (const target of ['redis://:pw@10.0.0.5:6390/2', { url: 'redis://:pw@10.0.0.5:6390/2', sentinels: null, name: 'kezek' }]) {
      const r = connectRedis(target, { lazyConnect: true, commandTimeout: 750 });
      expect(r.options).toMatchObject({ host: '10.0.0.5', port: 6390, password: 'pw', db: 2, commandTimeout: 750, sentinels: null, failoverDetector: false });
      r.disconnect();
    }
  });

  it('connects through the Sentinels to the master they name, with the URL’s password and database, following a failover', () => {
    const sentinels = [{ host: '10.0.0.7', port: 26379 }, { host: '10.0.0.8', port: 26379 }];
    const r = connectRedis({ url: 'redis://:pw@10.0.0.5:6390/2', sentinels, name: 'kezek' }, { lazyConnect: true, commandTimeout: 750 });
    expect(r.options).toMatchObject({ sentinels, name: 'kezek', failoverDetector: true, password: 'pw', db: 2, commandTimeout: 750 });
    r.disconnect();
  });
});
