#!/usr/bin/env node
/* The sandbox's side of ./sandboxProcess.ts, run through Backstage's node transform. */
require('@backstage/cli/config/nodeTransform.cjs');
require('./child.ts').main();
