#!/usr/bin/env node
// Creates a stand-in Electron distribution so `electron-builder --dir` can validate
// build/electron-builder.yml on a machine that cannot download Electron. The "binary" is a
// shell script that also carries Electron's fuse sentinel and an 8-fuse V1 wire in
// Electron's default state, so the electronFuses step really runs and can be read back.
// Usage: node build/make-standin-dist.mjs <dir>
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? 'dist/electron-standin');
mkdirSync(dir, { recursive: true });
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'; // @electron/fuses constants.js
// RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadFromAsar,
// BrowserV8Snapshot, FileProtocolPrivileges: Electron's defaults.
const DEFAULT_WIRE = '10110001';
const script = '#!/bin/sh\necho "stand-in for the Electron binary (packaging dry run)"\nexit 0\n# ';
const binary = Buffer.concat([
  Buffer.from(script),
  Buffer.from(SENTINEL),
  Buffer.from([1, DEFAULT_WIRE.length]),
  Buffer.from(`${DEFAULT_WIRE}\n`),
]);
const file = path.join(dir, process.platform === 'win32' ? 'electron.exe' : 'electron');
writeFileSync(file, binary);
chmodSync(file, 0o755);
writeFileSync(path.join(dir, 'version'), 'stand-in\n');
console.log(dir);
