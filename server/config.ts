/**
 * The one typed configuration, read from the environment and validated once at start-up.
 */
import { parseDatabaseUrl } from '../db/connection';

export interface Config {
  port: number;
  databaseUrl: string;
  nodeEnv: 'development' | 'production' | 'test';
  production: boolean;
  /** Load the sample catalogue into an empty database on start (SEED=0 turns it off). */
  seed: boolean;
}

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

  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);

  return {
    port,
    databaseUrl,
    nodeEnv,
    production: nodeEnv === 'production',
    seed: seedText === '1' || seedText === 'true',
  };
}
