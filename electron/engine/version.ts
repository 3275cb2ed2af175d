// Kept in step with package.json by tests/unit/version.test.ts (the bundle must not read package.json at run time).
export const TOOL_VERSION = '0.1.0';
