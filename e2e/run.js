#!/usr/bin/env node
const { runScenarios } = require('./harness');
const scenarios = require('./scenarios');

runScenarios(scenarios).then(({ failed }) => process.exit(failed ? 1 : 0));
