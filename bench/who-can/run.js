#!/usr/bin/env node
/* Runs the TypeScript benchmark through Backstage's node transform (no build step). */
require('@backstage/cli/config/nodeTransform.cjs');
require('./whoCan.ts')
  .main()
  .catch(error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
