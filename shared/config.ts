/**
 * The one configuration module: every function reads its settings from `config`, validated once
 * when this module is first imported (Lambda init). The schema lives in shared/configuration.ts.
 */
import { loadConfig, type Config } from './configuration.ts';

export { ConfigError, ENV, loadConfig, type Config, type LogLevel } from './configuration.ts';

export const config: Config = loadConfig(process.env);
