/** Support shared by the LLM operators: the chat client and the reading of its answers. */
export * from './chat-client';
export * from './lazy-chat-client';
export * from './options';
export * from './model-slots';
export * from './attempt-fetch';
export * from './json-extract';
export * from './redact';
export * from './dropped';
export * from './label-match';
export * from './code-points';
export * from './mention-search';
export * from './entity-spans';
export * from './entity-answer';
export * from './input-text';
export * from './params';
export * from './span-results';
export * from './output-shapes';
