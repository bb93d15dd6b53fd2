// The languages whose documents the language client sends to the server: specs
// (Markdown), OpenAPI documents (YAML, JSON) and the code languages the server parses.
// package.json's activation events list the same (checked by test/unit/manifest.test.ts).

export const LANGUAGES = [
  'markdown',
  'yaml',
  'json',
  'rust',
  'python',
  'javascript',
  'typescript',
  'typescriptreact',
  'go',
  'java',
  'csharp',
  'c',
  'cpp',
] as const;
