#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is built with the app (npm run build) into out/main/cli.js.
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(built)) {
  process.stderr.write(
    'codecommit-doctor is not built yet: run "npm run build" in ' + path.dirname(__dirname) + '\n',
  );
  process.exit(2);
}
require(built);
