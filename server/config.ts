/**
 * The one typed configuration, read from the environment and validated once at start-up.
 */
import net from 'node:net';
import { parseDatabaseUrl } from '../db/connection';
import { checkWebAddress } from '../domain/web-address';

export interface Config {
  port: number;
  databaseUrl: string;
  nodeEnv: 'development' | 'production' | 'test';
  production: boolean;
  /** Load the sample catalogue into an empty database on start (SEED=0 turns it off). */
  seed: boolean;
  /** Signs the CSRF tokens. Required in production. */
  sessionSecret: string;
  /** Sign-ins expire after this long without a request. */
  sessionIdleMinutes: number;
  /**
   * Express's "trust proxy": false, a hop count (1 for one reverse proxy), or the proxies' addresses. Never
   * `true`, which would take the left-most X-Forwarded-For entry: whatever the client wrote.
   */
  trustProxy: false | number | string;
  /** Largest upload accepted by the web import. */
  uploadLimitBytes: number;
  /** Where uploads wait for confirmation. */
  uploadDir: string;
  /** The province's public-service portal (PORTAL_URL): where a procedure without an imported address is done online. */
  portalUrl?: string;
  /** Where a citizen follows an application already filed (TRACKING_URL, "Tra cứu hồ sơ"). */
  trackingUrl?: string;
  /**
   * Lists and searches are counted and paged in a reader thread (LIST_THREAD=1, the default) rather than on the
   * event loop that answers every request (LIST_THREAD=0, the default under NODE_ENV=test).
   */
  listThread: boolean;
}

/** Used outside production when SESSION_SECRET is not set; never in production. */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-secret-do-not-use-in-production';

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];

  const nodeEnv = (env.NODE_ENV ?? 'development') as Config['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${env.NODE_ENV}")`);
  }

  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    problems.push(`PORT must be a whole number from 1 to 65535 (got "${portText}")`);
  }

  const databaseUrl = env.DATABASE_URL ?? 'sqlite:data/catalogue.db';
  try {
    parseDatabaseUrl(databaseUrl);
  } catch (error) {
    problems.push((error as Error).message);
  }

  const seedText = env.SEED ?? '1';
  if (!['0', '1', 'true', 'false'].includes(seedText)) problems.push(`SEED must be 0 or 1 (got "${seedText}")`);

  const sessionSecret = env.SESSION_SECRET ?? '';
  if (nodeEnv === 'production' && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be set in production, at least 32 characters (for example: openssl rand -hex 32)');
  }

  const idleText = env.SESSION_IDLE_MINUTES ?? '60';
  const sessionIdleMinutes = Number(idleText);
  if (!/^\d+$/.test(idleText) || sessionIdleMinutes < 1 || sessionIdleMinutes > 7 * 24 * 60) {
    problems.push(`SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 10080 (got "${idleText}")`);
  }

  const proxyText = (env.TRUST_PROXY ?? 'false').trim();
  const trustProxy = parseTrustProxy(proxyText);
  if (trustProxy === undefined) {
    problems.push(
      proxyText === 'true'
        ? 'TRUST_PROXY=true would let any client choose its address; give the number of proxies in front of the app (TRUST_PROXY=1 for one reverse proxy) or their addresses'
        : `TRUST_PROXY must be false, a number of proxies (1 for one reverse proxy), or addresses and subnets such as "loopback" or "10.0.0.5, 10.0.1.0/24" (got "${proxyText}")`,
    );
  }

  const limitText = env.UPLOAD_LIMIT_MB ?? '50';
  const uploadLimitMb = Number(limitText);
  if (!/^\d+(\.\d+)?$/.test(limitText) || uploadLimitMb <= 0 || uploadLimitMb > 2048) {
    problems.push(`UPLOAD_LIMIT_MB must be a number of megabytes from 0 to 2048 (got "${limitText}")`);
  }

  const threadText = env.LIST_THREAD ?? (nodeEnv === 'test' ? '0' : '1');
  if (!['0', '1'].includes(threadText)) problems.push(`LIST_THREAD must be 0 or 1 (got "${threadText}")`);

  const portalUrl = webAddress(env, 'PORTAL_URL', problems);
  const trackingUrl = webAddress(env, 'TRACKING_URL', problems);

  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);

  return {
    port,
    databaseUrl,
    nodeEnv,
    production: nodeEnv === 'production',
    seed: seedText === '1' || seedText === 'true',
    sessionSecret: sessionSecret || DEVELOPMENT_SESSION_SECRET,
    sessionIdleMinutes,
    trustProxy: trustProxy ?? false,
    uploadLimitBytes: Math.round(uploadLimitMb * 1024 * 1024),
    uploadDir: env.UPLOAD_DIR ?? 'data/uploads',
    listThread: threadText === '1',
    ...(portalUrl ? { portalUrl } : {}),
    ...(trackingUrl ? { trackingUrl } : {}),
  };
}

/** An optional address from the environment, checked as an imported one is (domain/web-address.ts). */
function webAddress(env: NodeJS.ProcessEnv, name: string, problems: string[]): string | undefined {
  const text = (env[name] ?? '').trim();
  if (text === '') return undefined;
  const checked = checkWebAddress(text);
  if (checked.ok) return checked.href;
  problems.push(`${name} must be a full http:// or https:// address with a host, such as https://dichvucong.quangngai.gov.vn (got "${text}": ${checked.problem})`);
  return undefined;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One proxy address, subnet (address/prefix) or Express's name for a range. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const version = net.isIP(address ?? '');
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** TRUST_PROXY's value for Express, or undefined when it is not one the app accepts. */
export function parseTrustProxy(text: string): false | number | string | undefined {
  if (text === 'false' || text === '0' || text === '') return false;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const entries = text.split(',').map((e) => e.trim());
  return entries.every(isProxyAddress) ? entries.join(', ') : undefined;
}
