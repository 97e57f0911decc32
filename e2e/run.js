#!/usr/bin/env node
const { runScenarios } = require('./harness');
const scenarios = require('./scenarios');

// `node e2e/run.js <pattern>` runs only the scenarios whose name matches.
const only = process.argv[2] ? new RegExp(process.argv[2], 'i') : undefined;
runScenarios(scenarios.filter(([name]) => !only || only.test(name))).then(
  ({ failed }) => process.exit(failed ? 1 : 0),
);
