import { ConfigError, loadConfig, DEVELOPMENT_SESSION_SECRET } from '../../server/config';

/** The error loadConfig throws for env, or fails the test if it does not throw. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('uses the defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      databaseUrl: 'sqlite:data/catalogue.db',
      nodeEnv: 'development',
      production: false,
      seed: true,
      sessionSecret: DEVELOPMENT_SESSION_SECRET,
      sessionIdleMinutes: 60,
      trustProxy: false,
      uploadLimitBytes: 50 * 1024 * 1024,
      uploadDir: 'data/uploads',
      listThread: true,
    });
  });

  it('takes PORTAL_URL and TRACKING_URL only as full http(s) addresses', () => {
    expect(loadConfig({})).not.toHaveProperty('portalUrl');
    const config = loadConfig({ PORTAL_URL: ' https://dichvucong.quangngai.gov.vn ', TRACKING_URL: 'https://dichvucong.quangngai.gov.vn/tra-cuu' });
    expect(config.portalUrl).toBe('https://dichvucong.quangngai.gov.vn/');
    expect(config.trackingUrl).toBe('https://dichvucong.quangngai.gov.vn/tra-cuu');
    expect(() => loadConfig({ PORTAL_URL: 'javascript:alert(1)' })).toThrow(/PORTAL_URL must be a full http:\/\/ or https:\/\/ address/);
    expect(() => loadConfig({ TRACKING_URL: 'dichvucong.quangngai.gov.vn' })).toThrow(/TRACKING_URL/);
  });

  it('refuses to start in production without a SESSION_SECRET of at least 32 characters', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET must be set in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).sessionSecret).toBe('x'.repeat(32));
  });

  it.each([
    [{ TRUST_PROXY: '1' }, { trustProxy: 1 }],
    [{ TRUST_PROXY: '0' }, { trustProxy: false }],
    [{ TRUST_PROXY: 'loopback' }, { trustProxy: 'loopback' }],
    [{ TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,::1' }, { trustProxy: '10.0.0.5, 10.0.1.0/24, ::1' }],
    [{ UPLOAD_LIMIT_MB: '5' }, { uploadLimitBytes: 5 * 1024 * 1024 }],
    [{ SESSION_IDLE_MINUTES: '15' }, { sessionIdleMinutes: 15 }],
  ])('reads %j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it.each([
    { UPLOAD_LIMIT_MB: 'lots' },
    { UPLOAD_LIMIT_MB: '0' },
    { SESSION_IDLE_MINUTES: '0' },
    { SESSION_IDLE_MINUTES: 'x' },
    // `true` trusts the left-most X-Forwarded-For entry, which the client writes.
    { TRUST_PROXY: 'true' },
    { TRUST_PROXY: 'proxy.example' },
    { TRUST_PROXY: '10.0.0.0/33' },
  ])('refuses %j', (env) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(Object.keys(env)[0]));
  });

  it.each([
    ['0', false],
    ['false', false],
    ['1', true],
    ['true', true],
  ])('reads SEED=%s as %s', (seed, expected) => {
    expect(loadConfig({ SEED: seed }).seed).toBe(expected);
  });

  it.each(['yes', '', '2'])('refuses SEED=%j', (seed) => {
    expect(configError({ SEED: seed }).message).toMatch(/SEED/);
  });

  it.each([
    ['1', 1],
    ['8080', 8080],
    ['65535', 65535],
  ])('reads PORT=%s', (port, expected) => {
    expect(loadConfig({ PORT: port }).port).toBe(expected);
  });

  it.each(['abc', '0', '70000', '-1', '65536', '3000.5', '', ' 3000', '1e3'])('refuses PORT=%j naming PORT', (port) => {
    const error = configError({ PORT: port });
    expect(error.message).toMatch(/PORT/);
    expect(error.message).toContain(`"${port}"`);
  });

  it.each(['mysql://x', 'sqlite:', 'data/catalogue.db', ''])('refuses DATABASE_URL=%j', (url) => {
    expect(configError({ DATABASE_URL: url }).message).toMatch(/DATABASE_URL/);
  });

  it.each(['postgres://user:pw@localhost:5432/dvc', 'postgresql://localhost/dvc', 'sqlite::memory:', 'sqlite:/var/lib/dvc/catalogue.db'])(
    'accepts DATABASE_URL=%j',
    (url) => {
      expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    },
  );

  it('reports several problems together', () => {
    const error = configError({ PORT: 'abc', DATABASE_URL: 'mysql://x', SEED: 'maybe', NODE_ENV: 'staging' });
    expect(error.message).toMatch(/PORT/);
    expect(error.message).toMatch(/DATABASE_URL/);
    expect(error.message).toMatch(/SEED/);
    expect(error.message).toMatch(/NODE_ENV/);
    expect(error.message.split('\n- ')).toHaveLength(5);
  });

  it.each([
    ['production', true],
    ['development', false],
    ['test', false],
  ] as const)('reads NODE_ENV=%s (production: %s)', (nodeEnv, production) => {
    expect(loadConfig({ NODE_ENV: nodeEnv, SESSION_SECRET: 's'.repeat(32) })).toMatchObject({ nodeEnv, production });
  });

  it('refuses an unknown NODE_ENV', () => {
    expect(configError({ NODE_ENV: 'staging' }).message).toMatch(/NODE_ENV/);
  });
});
