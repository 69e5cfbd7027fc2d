/**
 * The parts of undici the transport uses, loaded from their own files: undici's index
 * also loads fetch, WebSocket, EventSource, caches, mocks and interceptors, about 1 MB
 * of code that made up a third of the CLI's start-up, though a registry client needs
 * none of it. These are undici's internal paths (the lockfile pins the version; the
 * registry tests exercise every part), set up as its index sets them up.
 */
import type * as Undici from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports -- undici's parts have no typed entry points */
const Dispatcher = require('undici/lib/dispatcher/dispatcher') as typeof Undici.Dispatcher;
const api = require('undici/lib/api') as object;
export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof Undici.ProxyAgent;
/* eslint-enable @typescript-eslint/no-require-imports */

// What undici's index does: `request` (ours) and `connect` (ProxyAgent's tunnel) are methods of every dispatcher.
Object.assign(Dispatcher.prototype, api);
