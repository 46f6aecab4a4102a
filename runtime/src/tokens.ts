import type { InjectionToken } from 'tsyringe';
import type { RuntimeConfig } from './config/config';
import type { Logger } from './logging/logger';
import type { Store } from './storage/store';
import type { OperatorPlugin, ConverterPlugin } from './contracts';
import type { RunEvents } from './worker/run-events';

/** Injection tokens for everything that is not a concrete class. */
export const TOKENS = {
  Config: Symbol('Config') as InjectionToken<RuntimeConfig>,
  Logger: Symbol('Logger') as InjectionToken<Logger>,
  Store: Symbol('Store') as InjectionToken<Store>,
  Operator: Symbol('Operator') as InjectionToken<OperatorPlugin>,
  Converter: Symbol('Converter') as InjectionToken<ConverterPlugin>,
  Events: Symbol('Events') as InjectionToken<RunEvents>,
} as const;
