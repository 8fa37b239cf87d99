#!/usr/bin/env node
// Checks the message catalogues against each other and against the code:
//  1. en.json and zh-CN.json have exactly the same keys, every message a non-empty string, and both spell the
//     same ICU placeholders ({max}, {count, plural, …}).
//  2. every `t("key")` / `$_("key")` in src/ names a key of the catalogues, and the key is a string literal
//     (a computed key could not be checked, so it is refused).
//  3. no user-visible text is written into Svelte markup: text nodes and the placeholder/title/alt/aria-label
//     attributes must come from the catalogues.
// Exits 1 with one line per problem.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "svelte/compiler";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const catalogues = { en: "src/lib/i18n/en.json", "zh-CN": "src/lib/i18n/zh-CN.json" };
const problems = [];

function flatten(obj, prefix = "", out = new Map()) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v, key, out);
    else out.set(key, v);
  }
  return out;
}

/** Top-level ICU argument names: `{name}` and `{name, plural, …}`. */
function placeholders(message) {
  const names = new Set();
  for (const m of message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*(?=[,}])/g)) names.add(m[1]);
  return [...names].sort().join(",");
}

function balanced(message) {
  let depth = 0;
  for (const ch of message) {
    if (ch === "{") depth++;
    else if (ch === "}" && --depth < 0) return false;
  }
  return depth === 0;
}

// 1. catalogues
const messages = {};
for (const [locale, path] of Object.entries(catalogues)) {
  try {
    messages[locale] = flatten(JSON.parse(readFileSync(join(root, path), "utf8")));
  } catch (e) {
    problems.push(`${path}: cannot read: ${e.message}`);
    messages[locale] = new Map();
  }
}
const [baseLocale, ...otherLocales] = Object.keys(catalogues);
const base = messages[baseLocale];
for (const locale of otherLocales) {
  const other = messages[locale];
  for (const key of base.keys()) if (!other.has(key)) problems.push(`${catalogues[locale]}: missing key "${key}"`);
  for (const key of other.keys()) if (!base.has(key)) problems.push(`${catalogues[baseLocale]}: missing key "${key}"`);
  for (const [key, value] of base) {
    const translated = other.get(key);
    if (typeof value === "string" && typeof translated === "string" && placeholders(value) !== placeholders(translated)) {
      problems.push(`"${key}": placeholders differ: ${baseLocale} {${placeholders(value)}} vs ${locale} {${placeholders(translated)}}`);
    }
  }
}
for (const [locale, map] of Object.entries(messages)) {
  for (const [key, value] of map) {
    if (typeof value !== "string" || value.trim() === "") problems.push(`${catalogues[locale]}: "${key}" is not a non-empty string`);
    else if (!balanced(value)) problems.push(`${catalogues[locale]}: "${key}" has unbalanced braces`);
  }
}

// 2. keys used in code
function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(svelte|ts|js)$/.test(name) && name !== "bindings.ts") yield path;
  }
}

const CALL = /(?<![\w$.])(?:\$_|\$t|t)\(\s*/g;
const LITERAL = /^(["'`])([^"'`$\\]+)\1/;
const used = new Set();
const sources = [...files(src)];

for (const file of sources) {
  const text = readFileSync(file, "utf8");
  const rel = relative(root, file);
  for (const m of text.matchAll(CALL)) {
    const rest = text.slice(m.index + m[0].length);
    const line = text.slice(0, m.index).split("\n").length;
    // `t(...)` must be a translation call; skip declarations such as `function t(` or `(t: Translate)`.
    if (m[0].startsWith("t") && /(?:function\s+|:\s*)$/.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    const lit = LITERAL.exec(rest);
    if (!lit) {
      problems.push(`${rel}:${line}: translation key is not a string literal: ${rest.slice(0, 40).split("\n")[0]}`);
      continue;
    }
    used.add(lit[2]);
    if (!base.has(lit[2])) problems.push(`${rel}:${line}: unknown message key "${lit[2]}"`);
  }
}

// 3. literal text in markup
const TEXT_ATTRIBUTES = new Set(["placeholder", "title", "alt", "aria-label", "label"]);
const LETTER = /\p{L}/u;

function walk(node, visit) {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (visit(node) === false) return;
  for (const [k, v] of Object.entries(node)) {
    if (k === "parent" || k === "metadata") continue;
    if (v && typeof v === "object") walk(v, visit);
  }
}

for (const file of sources.filter((f) => f.endsWith(".svelte"))) {
  const rel = relative(root, file);
  const text = readFileSync(file, "utf8");
  let ast;
  try {
    ast = parse(text, { modern: true });
  } catch (e) {
    problems.push(`${rel}: cannot parse: ${e.message}`);
    continue;
  }
  const lineOf = (pos) => text.slice(0, pos).split("\n").length;
  walk(ast.fragment, (node) => {
    if (node.type === "Text" && LETTER.test(node.data)) {
      problems.push(`${rel}:${lineOf(node.start)}: literal text in markup: "${node.data.trim().slice(0, 40)}"`);
    }
    if (node.type === "Attribute") {
      // Other attributes (class, data-testid, type, …) are code, not text for people.
      if (TEXT_ATTRIBUTES.has(node.name) && Array.isArray(node.value)) {
        for (const part of node.value) {
          if (part.type === "Text" && LETTER.test(part.data)) {
            problems.push(`${rel}:${lineOf(part.start)}: literal text in ${node.name}="…": "${part.data.trim().slice(0, 40)}"`);
          }
        }
      }
      return false;
    }
  });
}

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`check-i18n: ${problems.length} problem(s)`);
  process.exit(1);
}
const unused = [...base.keys()].filter((k) => !used.has(k));
if (unused.length > 0) console.log(`check-i18n: note: keys not used by any t()/$_() call: ${unused.join(", ")}`);
console.log(`check-i18n: ${base.size} keys in ${Object.keys(catalogues).length} catalogues, ${used.size} used in code: OK`);
