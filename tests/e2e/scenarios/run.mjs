// The shared end-to-end scenarios, written once against the engine layer
// (tests/e2e/engines/) and run in every engine of `ENGINES` (default:
// chromium, firefox, webkit). scripts/test.sh runs this file once per engine,
// each run under its own time limit:
//   ENGINES=firefox node --test tests/e2e/scenarios/run.mjs
// The Chromium-only files beside (tests/e2e/*.test.mjs) cover more, with
// Playwright's interception and emulation; these are the cross-engine guard.

import { after, before, describe } from 'node:test';

import { ENGINES, launch } from '../engines/index.mjs';
import { appScenarios } from './app.mjs';
import { startServers } from './context.mjs';
import { embedScenarios } from './embed.mjs';
import { readerScenarios, timeScenarios } from './reader.mjs';
import { screenshotScenarios } from './screenshots.mjs';

const ZONES = [
  // The publisher's own zone: both widgets read 19:41.
  { timezone: 'Asia/Shanghai', local: '2024-01-24 19:41' },
  { timezone: 'America/New_York', local: '2024-01-24 06:41' },
];

for (const engine of ENGINES) {
  describe(engine, () => {
    // One browser for most scenarios (each opens its pages with that
    // origin's storage emptied), one more per other time zone.
    const ctx = { engine, servers: null, session: null, sessions: {} };

    before(async () => {
      ctx.servers = await startServers();
      ctx.session = await launch(engine, { timezone: ZONES[0].timezone, locale: 'en-US' });
      ctx.sessions[ZONES[0].timezone] = ctx.session;
    });

    after(async () => {
      await Promise.allSettled(Object.values(ctx.sessions).map((session) => session.close()));
      await ctx.session?.close();
      await ctx.servers?.close();
    });

    describe('the embed on a partner page', () => embedScenarios(ctx));
    describe('the standalone app', () => appScenarios(ctx));
    describe('the reader: time and keyboard', () => {
      readerScenarios(ctx);
      for (const zone of ZONES) {
        describe(zone.timezone, () => {
          if (zone !== ZONES[0]) {
            before(async () => {
              ctx.sessions[zone.timezone] = await launch(engine, { timezone: zone.timezone, locale: 'zh-CN' });
            });
          }
          timeScenarios(ctx, zone);
        });
      }
    });
    describe('screenshots', () => screenshotScenarios(ctx));
  });
}
