import { loadConfig, type Config } from '../config.ts';
import { settingFlags } from './settings.ts';

/** The one config, from the environment and the command's setting flags (flags win). */
export const configFrom = (options: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Config => loadConfig(env, settingFlags(options));
