/*
 * bench:bundle — what the AKS Access plugin adds to the app's initial bundle
 * (the issue's target: ≤ 150 kB gzipped), and whether the tab's code stays out
 * of it (lazy-loaded).
 *
 * Builds the app for production twice with `backstage-cli package build`:
 * once as packages/app is, once without the plugin (App.tsx without its
 * import and feature, package.json without the dependency, so that
 * `app.packages: all` does not discover it either). Both builds run on
 * copies of packages/app under .cache/bench-bundle (gitignored): packages/app
 * itself, and its dist/, are never touched, so there is nothing to restore.
 *
 * The initial bundle is the JavaScript the built index.html loads (its
 * <script> tags: the entry chunks); each file is gzipped at level 9 and the
 * sizes summed. The delta between the two builds is the figure. The source
 * maps then say which of the plugin's files are in the initial bundle (with
 * their minified bytes) and which chunk holds the tab's component.
 *
 * Each build takes minutes (about 5 on two cores). BENCH_BUNDLE_REUSE=1
 * measures the builds a previous run left (with BENCH_BUNDLE_KEEP=1) instead
 * of building again; BENCH_BUNDLE_KEEP=1 keeps the copies and their builds.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';

const ROOT = path.resolve(__dirname, '../..');
const APP_DIR = path.join(ROOT, 'packages/app');
const WORK_DIR = path.join(ROOT, '.cache/bench-bundle');
const CLI = path.join(ROOT, 'node_modules/@backstage/cli/bin/backstage-cli');
const PLUGIN_PACKAGE = '@aks-access/plugin-aks-access';
/** Source paths (as the source maps name them) that belong to the plugin. */
const PLUGIN_SOURCE = /\/plugins\/aks-access(-common)?\/src\//;
/** The tab: the entity content extension's lazily imported component… */
const TAB_SOURCE = /\/plugins\/aks-access\/src\/components\/AksAccessContent\//;
/** …and the code only it, the card and the scaffolder fields render. */
const LAZY_SOURCE = /\/plugins\/aks-access\/src\/(components|fields)\//;
const TARGET_KB = 150;
const REUSE = !!process.env.BENCH_BUNDLE_REUSE;
const KEEP = !!process.env.BENCH_BUNDLE_KEEP || REUSE;

type Variant = 'with' | 'without';

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const signedKb = (bytes: number) =>
  `${bytes >= 0 ? '+' : '−'}${kb(Math.abs(bytes))}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const gzipSize = (content: Buffer) =>
  zlib.gzipSync(content, { level: 9 }).length;

/** A copy of packages/app to build; `without` drops the plugin from it. */
function prepareCopy(variant: Variant): string {
  const dir = path.join(WORK_DIR, variant);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of ['package.json', 'src', 'public']) {
    fs.cpSync(path.join(APP_DIR, entry), path.join(dir, entry), {
      recursive: true,
    });
  }
  if (variant === 'with') return dir;

  const appFile = path.join(dir, 'src/App.tsx');
  const app = fs.readFileSync(appFile, 'utf8');
  const importLine = new RegExp(
    `^import (\\w+) from '${PLUGIN_PACKAGE}(/alpha)?';\\n`,
    'm',
  );
  const name = app.match(importLine)?.[1];
  if (!name) {
    throw new Error(
      `packages/app/src/App.tsx no longer imports ${PLUGIN_PACKAGE}/alpha as expected; update bench/bundle`,
    );
  }
  const withoutPlugin = app
    .replace(importLine, '')
    .replace(new RegExp(`\\b${name},\\s*`), '');
  if (withoutPlugin.includes(name) || withoutPlugin.includes(PLUGIN_PACKAGE)) {
    throw new Error(
      `could not take ${name} out of App.tsx's features; update bench/bundle`,
    );
  }
  fs.writeFileSync(appFile, withoutPlugin);

  const pkgFile = path.join(dir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  delete pkg.dependencies[PLUGIN_PACKAGE];
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);

  const left = filesContaining(path.join(dir, 'src'), PLUGIN_PACKAGE);
  if (left.length > 0) {
    throw new Error(
      `the app still imports ${PLUGIN_PACKAGE} from ${left.join(', ')}`,
    );
  }
  return dir;
}

function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) hits.push(...filesContaining(file, needle));
    else if (fs.readFileSync(file, 'utf8').includes(needle)) hits.push(file);
  }
  return hits;
}

/** `backstage-cli package build` in the copy; its output goes to a log file. */
function build(variant: Variant, dir: string): Promise<number> {
  const log = path.join(WORK_DIR, `${variant}.log`);
  const out = fs.openSync(log, 'w');
  const started = performance.now();
  console.log(
    `building ${variant} the plugin … (log: ${path.relative(ROOT, log)})`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'package', 'build'], {
      cwd: dir,
      stdio: ['ignore', out, out],
    });
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      fs.closeSync(out);
      if (code === 0) {
        resolve(performance.now() - started);
        return;
      }
      const tail = fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .slice(-40)
        .join('\n');
      reject(
        new Error(
          `build ${variant} the plugin failed (${
            signal ?? `exit ${code}`
          }):\n${tail}`,
        ),
      );
    });
  });
}

interface InitialFile {
  file: string;
  raw: number;
  gzip: number;
}

/** The JS files the built index.html loads, in order. */
function initialFiles(dist: string): InitialFile[] {
  const html = fs.readFileSync(path.join(dist, 'index.html.tmpl'), 'utf8');
  const files = [...html.matchAll(/<script\b[^>]*?\bsrc="([^"]+)"/g)].map(m =>
    m[1].replace(/^<%=\s*publicPath\s*%>/, '').replace(/^\//, ''),
  );
  if (files.length === 0)
    throw new Error(`no <script> in ${dist}/index.html.tmpl`);
  return files.map(file => {
    const content = fs.readFileSync(path.join(dist, file));
    return { file, raw: content.length, gzip: gzipSize(content) };
  });
}

const sum = (files: InitialFile[], key: 'raw' | 'gzip') =>
  files.reduce((total, f) => total + f[key], 0);

const BASE64 =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Minified bytes per source file of one emitted file, from its source map:
 * each mapping segment owns the generated bytes up to the next segment.
 */
function bytesPerSource(jsFile: string): Map<string, number> {
  const map = JSON.parse(fs.readFileSync(`${jsFile}.map`, 'utf8')) as {
    sources: string[];
    mappings: string;
  };
  const lines = fs.readFileSync(jsFile, 'utf8').split('\n');
  const bytes = new Map<string, number>();
  let source = 0;
  map.mappings.split(';').forEach((line, lineIndex) => {
    const lineLength = Buffer.byteLength(lines[lineIndex] ?? '');
    let column = 0;
    const segments: { column: number; source?: number }[] = [];
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      segments.push({ column, source: fields.length > 1 ? source : undefined });
    }
    segments.forEach((s, i) => {
      if (s.source === undefined) return;
      const end = segments[i + 1]?.column ?? lineLength;
      const name = map.sources[s.source];
      bytes.set(name, (bytes.get(name) ?? 0) + Math.max(0, end - s.column));
    });
  });
  return bytes;
}

const shortSource = (source: string) =>
  source.replace(/^webpack:\/\/[^/]*\/(\.\.\/)*/, '');

interface Measured {
  files: InitialFile[];
  pluginSources: Map<string, number>;
  tabChunks: InitialFile[];
  tabInInitial: boolean;
}

function measure(variant: Variant): Measured {
  const dist = path.join(WORK_DIR, variant, 'dist');
  const files = initialFiles(dist);
  const initial = new Set(files.map(f => f.file));
  const pluginSources = new Map<string, number>();
  const tabChunks: InitialFile[] = [];
  let tabInInitial = false;
  const staticDir = path.join(dist, 'static');
  for (const name of fs.readdirSync(staticDir)) {
    if (
      !name.endsWith('.js') ||
      !fs.existsSync(path.join(staticDir, `${name}.map`))
    )
      continue;
    const file = `static/${name}`;
    const { sources } = JSON.parse(
      fs.readFileSync(path.join(staticDir, `${name}.map`), 'utf8'),
    ) as { sources: string[] };
    const isInitial = initial.has(file);
    if (sources.some(s => TAB_SOURCE.test(s))) {
      if (isInitial) tabInInitial = true;
      const content = fs.readFileSync(path.join(staticDir, name));
      tabChunks.push({ file, raw: content.length, gzip: gzipSize(content) });
    }
    if (isInitial && sources.some(s => PLUGIN_SOURCE.test(s))) {
      for (const [source, bytes] of bytesPerSource(
        path.join(staticDir, name),
      )) {
        if (PLUGIN_SOURCE.test(source)) {
          const short = shortSource(source);
          pluginSources.set(short, (pluginSources.get(short) ?? 0) + bytes);
        }
      }
    }
  }
  return { files, pluginSources, tabChunks, tabInInitial };
}

export async function main() {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const variants: Variant[] = ['with', 'without'];
  const buildTimes = new Map<Variant, number>();
  try {
    for (const variant of variants) {
      const dist = path.join(WORK_DIR, variant, 'dist/index.html.tmpl');
      if (REUSE && fs.existsSync(dist)) {
        console.log(
          `reusing the ${variant}-plugin build in ${path.relative(
            ROOT,
            path.dirname(dist),
          )}`,
        );
        continue;
      }
      buildTimes.set(variant, await build(variant, prepareCopy(variant)));
    }

    const withPlugin = measure('with');
    const withoutPlugin = measure('without');
    const row = (variant: Variant, m: Measured) => {
      const time = buildTimes.get(variant);
      console.log(
        `  ${variant.padEnd(8)} ${String(m.files.length).padStart(
          2,
        )} files  ${kb(sum(m.files, 'raw')).padStart(11)} minified  ${kb(
          sum(m.files, 'gzip'),
        ).padStart(10)} gzipped${time ? `  (built in ${seconds(time)})` : ''}`,
      );
    };
    const gzipDelta =
      sum(withPlugin.files, 'gzip') - sum(withoutPlugin.files, 'gzip');
    const rawDelta =
      sum(withPlugin.files, 'raw') - sum(withoutPlugin.files, 'raw');

    console.log('');
    console.log(
      'initial bundle (the JS the built index.html loads), production build of packages/app:',
    );
    row('with', withPlugin);
    row('without', withoutPlugin);
    console.log(
      `  delta    ${signedKb(gzipDelta)} gzipped (${signedKb(
        rawDelta,
      )} minified) — target ≤ ${TARGET_KB} kB gzipped: ${
        gzipDelta <= TARGET_KB * 1000 ? 'target met' : 'target missed'
      }`,
    );

    const byFile = (m: Measured) =>
      new Map(m.files.map(f => [f.file.replace(/\.[0-9a-f]+\.js$/, ''), f]));
    const before = byFile(withoutPlugin);
    const changed = [...byFile(withPlugin)].filter(
      ([name, f]) => f.gzip !== before.get(name)?.gzip,
    );
    if (changed.length > 0) {
      console.log('  initial files that differ (gzipped, with vs without):');
      for (const [name, f] of changed) {
        const old = before.get(name)?.gzip ?? 0;
        console.log(
          `    ${name.padEnd(36)} ${kb(f.gzip).padStart(10)} vs ${kb(
            old,
          ).padStart(10)}  ${signedKb(f.gzip - old)}`,
        );
      }
    }

    console.log('');
    const pluginTotal = [...withPlugin.pluginSources.values()].reduce(
      (a, b) => a + b,
      0,
    );
    console.log(
      `the plugin's own files in the initial bundle (minified bytes, from the source maps): ${kb(
        pluginTotal,
      )}`,
    );
    for (const [source, bytes] of [...withPlugin.pluginSources].sort(
      (a, b) => b[1] - a[1],
    )) {
      console.log(
        `    ${source.padEnd(70)} ${bytes
          .toLocaleString('en-US')
          .padStart(7)} B`,
      );
    }

    console.log('');
    const eager = [...withPlugin.pluginSources.keys()].filter(source =>
      LAZY_SOURCE.test(`/${source}`),
    );
    if (withPlugin.tabChunks.length === 0) {
      console.log(
        'AKS Access tab: AksAccessContent is in no chunk — did the build change?',
      );
    } else if (withPlugin.tabInInitial || eager.length > 0) {
      console.log(
        `AKS Access tab: NOT lazy-loaded — in the initial bundle: ${
          eager.join(', ') || 'AksAccessContent'
        }`,
      );
    } else {
      console.log(
        `AKS Access tab: lazy-loaded — AksAccessContent is in ${withPlugin.tabChunks
          .map(c => `${c.file} (${kb(c.gzip)} gzipped)`)
          .join(
            ', ',
          )}, which index.html does not load; no file of src/components or src/fields is in the initial bundle`,
      );
    }
  } finally {
    if (!KEEP) {
      for (const variant of variants) {
        fs.rmSync(path.join(WORK_DIR, variant), {
          recursive: true,
          force: true,
        });
      }
    }
  }
}
