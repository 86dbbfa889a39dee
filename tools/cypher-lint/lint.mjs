#!/usr/bin/env node
// Lints cypher/**/*.cypher against the Neo4j 5 dialect with Neo4j's own
// language support library, and checks each file's `// params:` header
// against the parameters its query really uses.
//
// Usage: node tools/cypher-lint/lint.mjs [DIR_OR_FILES...]
// Exit: 0 clean (warnings allowed), 1 any error, 2 usage problem.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const SCRIPT_DIR = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_DIR = path.resolve(SCRIPT_DIR, '..', '..', 'cypher');
const SEVERITY = { 1: 'error', 2: 'warning' };
const PARAM_NAME = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;

function usage(message) {
  console.error(`cypher-lint: ${message}`);
  console.error('usage: node tools/cypher-lint/lint.mjs [DIR_OR_FILES...]');
  process.exit(2);
}

function collectFiles(args) {
  const files = [];
  for (const arg of args) {
    const abs = path.resolve(arg);
    if (!fs.existsSync(abs)) usage(`no such file or directory: ${arg}`);
    if (fs.statSync(abs).isDirectory()) {
      const found = fs
        .readdirSync(abs, { recursive: true })
        .filter((rel) => rel.endsWith('.cypher'))
        .map((rel) => path.join(abs, rel))
        .filter((p) => fs.statSync(p).isFile());
      files.push(...found.sort());
    } else {
      // An explicitly named file is linted whatever its extension.
      files.push(abs);
    }
  }
  return [...new Set(files)];
}

function displayPath(abs) {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

// Returns {params: string[], line} or {error, line}; lines are 1-based.
// Only the leading block of `//` lines is the header, so a later comment
// cannot silently declare parameters.
function parseHeader(lines) {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    if (!line.startsWith('//')) break;
    const m = /^\/\/\s*params:(.*)$/.exec(line);
    if (!m) continue;
    const value = m[1].trim();
    if (value === 'none') return { params: [], line: i + 1 };
    const names = value.split(',').map((s) => s.trim());
    const bad = names.filter((n) => !PARAM_NAME.test(n));
    if (value === '' || bad.length > 0) {
      return {
        error: `malformed params header (want "// params: $a, $b" or "// params: none"): ${line}`,
        line: i + 1,
      };
    }
    return { params: names.map((n) => n.slice(1)), line: i + 1 };
  }
  return {
    error: 'missing "// params: ..." header line (use "// params: none" if the query takes none)',
    line: 1,
  };
}

function lintFile(file) {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/);
  const problems = [];
  const header = parseHeader(lines);
  if (header.error) {
    problems.push({ severity: 'error', line: header.line, col: 1, message: header.error });
  }
  const declared = header.params ?? [];

  // Placeholder values: the library only checks that a parameter is defined.
  const dbSchema = {
    defaultLanguage: 'CYPHER 5',
    parameters: Object.fromEntries(declared.map((n) => [n, 'placeholder'])),
  };
  // Console commands (:param, :use) are a Browser feature, not valid in files.
  const { diagnostics } = lintCypherQuery(text, dbSchema, { consoleCommandsEnabled: false });
  for (const d of diagnostics) {
    problems.push({
      severity: SEVERITY[d.severity] ?? 'warning',
      line: d.range.start.line + 1,
      col: d.range.start.character + 1,
      message: d.message.replace(/\s+/g, ' ').trim(),
    });
  }

  // Whole-line comments are blanked (keeping line numbers) so the header
  // itself, or a commented-out clause, does not count as a use.
  const body = lines.map((l) => (l.trim().startsWith('//') ? '' : l));
  for (const name of declared) {
    const use = new RegExp(`\\$${name}(?![A-Za-z0-9_])`);
    if (!body.some((l) => use.test(l))) {
      problems.push({
        severity: 'error',
        line: header.line,
        col: 1,
        message: `parameter $${name} is declared in the params header but never used`,
      });
    }
  }
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}

const args = process.argv.slice(2);
if (args.some((a) => a === '-h' || a === '--help')) {
  console.log('usage: node tools/cypher-lint/lint.mjs [DIR_OR_FILES...]');
  process.exit(0);
}
const files = collectFiles(args.length > 0 ? args : [DEFAULT_DIR]);
if (files.length === 0) usage(`no .cypher files found in: ${(args.length ? args : [DEFAULT_DIR]).join(' ')}`);

const counts = { error: 0, warning: 0 };
for (const file of files) {
  for (const p of lintFile(file)) {
    counts[p.severity]++;
    console.log(`${displayPath(file)}:${p.line}:${p.col}: ${p.severity}: ${p.message}`);
  }
}
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
console.log(
  `cypher-lint: ${plural(files.length, 'file')}, ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}`,
);
process.exit(counts.error > 0 ? 1 : 0);
