// Generates the expected CVSS tables under tests/fixtures/cvss from reference calculators.
//
//   npm install                     # in a scratch copy of this directory, never in the repo
//   node generate.mjs --redhat /path/to/cvss40.js --first /path/to/FIRST/checkout \
//        --first31 /path/to/cvsscalc31.js --first30 /path/to/cvsscalc30.js --out DIR
//
// Oracles (none of their code is committed):
//   v4.0  RedHatProductSecurity/cvss-v4-calculator cvss40.js (the code behind FIRST's
//         calculator, with the 2024-11 rounding fix) is the authority; FIRSTdotorg's
//         cvss_score.js (2024-08 snapshot) and ae-cvss-calculator are cross-checks, @pandatix/js-cvss too.
//   v3.x  FIRST's own cvsscalc31.js / cvsscalc30.js (--first31, --first30: copies of the files
//         behind first.org's v3 calculators) are the authority; ae-cvss-calculator and
//         @pandatix/js-cvss are cross-checks.
// Disagreements of the cross-checks are counted and printed, not written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const outDir = args.out ?? 'out';
fs.mkdirSync(outDir, { recursive: true });

// Seeded PRNG (mulberry32) so the random samples are reproducible.
function prng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (rand, list) => list[Math.floor(rand() * list.length)];

// ---- oracles ----
const { CVSS40 } = require(path.resolve(args.redhat));
const ae = require('ae-cvss-calculator');

// @pandatix/js-cvss ships ESM with extensionless imports; load a patched scratch copy.
const pjDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pj-'));
const pjDist = path.join(path.dirname(require.resolve('@pandatix/js-cvss/package.json')), 'dist');
for (const f of fs.readdirSync(pjDist).filter((f) => f.endsWith('.js')))
  fs.writeFileSync(path.join(pjDir, f.replace(/\.js$/, '.mjs')), fs.readFileSync(path.join(pjDist, f), 'utf8').replace(/from '\.\/(\w+)'/g, "from './$1.mjs'"));
const pj = await import(path.join(pjDir, 'index.mjs'));

let first = null;
if (args.first) {
  const ctx = vm.createContext({});
  for (const f of ['cvss_lookup.js', 'max_composed.js', 'max_severity.js', 'cvss_score.js'])
    vm.runInContext(fs.readFileSync(path.join(args.first, f), 'utf8'), ctx);
  first = (vector) => {
    const selected = { E: 'X', CR: 'X', IR: 'X', AR: 'X', MAV: 'X', MAC: 'X', MAT: 'X', MPR: 'X', MUI: 'X', MVC: 'X', MVI: 'X', MVA: 'X', MSC: 'X', MSI: 'X', MSA: 'X' };
    for (const part of vector.split('/').slice(1)) { const [k, v] = part.split(':'); selected[k] = v; }
    ctx.sel = selected;
    return vm.runInContext('cvss_score(sel, cvssLookup_global, maxSeverity, macroVector(sel))', ctx);
  };
}

const fmt = (x) => Number(x).toFixed(1);
const disagreements = {};
const note = (name) => { disagreements[name] = (disagreements[name] ?? 0) + 1; };

// ---- v4.0 ----
const V4_BASE = [
  ['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['AT', ['N', 'P']], ['PR', ['N', 'L', 'H']], ['UI', ['N', 'P', 'A']],
  ['VC', ['H', 'L', 'N']], ['VI', ['H', 'L', 'N']], ['VA', ['H', 'L', 'N']], ['SC', ['H', 'L', 'N']], ['SI', ['H', 'L', 'N']], ['SA', ['H', 'L', 'N']],
];
const V4_OPTIONAL = [
  ['E', ['X', 'A', 'P', 'U']], ['CR', ['X', 'H', 'M', 'L']], ['IR', ['X', 'H', 'M', 'L']], ['AR', ['X', 'H', 'M', 'L']],
  ['MAV', ['X', 'N', 'A', 'L', 'P']], ['MAC', ['X', 'L', 'H']], ['MAT', ['X', 'N', 'P']], ['MPR', ['X', 'N', 'L', 'H']], ['MUI', ['X', 'N', 'P', 'A']],
  ['MVC', ['X', 'H', 'L', 'N']], ['MVI', ['X', 'H', 'L', 'N']], ['MVA', ['X', 'H', 'L', 'N']], ['MSC', ['X', 'H', 'L', 'N']],
  ['MSI', ['X', 'S', 'H', 'L', 'N']], ['MSA', ['X', 'S', 'H', 'L', 'N']],
  ['S', ['X', 'N', 'P']], ['AU', ['X', 'N', 'Y']], ['R', ['X', 'A', 'U', 'I']], ['V', ['X', 'D', 'C']], ['RE', ['X', 'L', 'M', 'H']], ['U', ['X', 'Clear', 'Green', 'Amber', 'Red']],
];

function* enumerate(metrics, prefix) {
  const idx = new Array(metrics.length).fill(0);
  while (true) {
    yield prefix + metrics.map(([name, values], i) => `${name}:${values[idx[i]]}`).join('/');
    let i = metrics.length - 1;
    while (i >= 0 && ++idx[i] === metrics[i][1].length) idx[i--] = 0;
    if (i < 0) return;
  }
}

function v4Oracle(vector) {
  const c = new CVSS40(vector);
  const score = fmt(c.score);
  if (first && fmt(first(vector)) !== score) note('v4: FIRST 2024-08 cvss_score.js (no epsilon rounding) vs cvss40.js');
  const a = new ae.Cvss4P0(vector).calculateScores();
  if (fmt(a.overall) !== score) note('v4: ae-cvss-calculator vs cvss40.js');
  if (fmt(new pj.CVSS40(vector).Score()) !== score) note('v4: @pandatix/js-cvss vs cvss40.js');
  return { score, macro: c.vector.equivalentClasses, nomenclature: c.vector.nomenclature };
}

const v4Base = ['# CVSS v4.0 base scores from cvss40.js, one per line, in the enumeration order of',
  '# tests/cvss/cvss_v4_table_test.cpp: AV(N,A,L,P) AC(L,H) AT(N,P) PR(N,L,H) UI(N,P,A) VC VI VA SC SI SA(H,L,N), last metric fastest.'];
for (const vector of enumerate(V4_BASE, 'CVSS:4.0/')) v4Base.push(v4Oracle(vector).score);
fs.writeFileSync(path.join(outDir, 'v4_base_scores.txt'), v4Base.join('\n') + '\n');

{
  const rand = prng(20240601);
  const lines = ['# vector\tscore\tmacro_vector\tnomenclature (cvss40.js); seed 20240601'];
  for (let n = 0; n < 20000; n++) {
    const parts = V4_BASE.map(([name, values]) => `${name}:${pick(rand, values)}`);
    for (const [name, values] of V4_OPTIONAL) {
      const v = pick(rand, values);
      // Most vectors leave X out; some spell it, both are valid.
      if (v !== 'X' ? rand() < 0.6 : rand() < 0.1) parts.push(`${name}:${v}`);
    }
    const vector = 'CVSS:4.0/' + parts.join('/');
    const r = v4Oracle(vector);
    lines.push([vector, r.score, r.macro, r.nomenclature].join('\t'));
  }
  fs.writeFileSync(path.join(outDir, 'v4_random.tsv'), lines.join('\n') + '\n');
}

// ---- v3.x ----
const V3_BASE = [['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['PR', ['N', 'L', 'H']], ['UI', ['N', 'R']], ['S', ['U', 'C']],
  ['C', ['H', 'L', 'N']], ['I', ['H', 'L', 'N']], ['A', ['H', 'L', 'N']]];
const V3_OPTIONAL = [['E', ['X', 'H', 'F', 'P', 'U']], ['RL', ['X', 'U', 'W', 'T', 'O']], ['RC', ['X', 'C', 'R', 'U']],
  ['CR', ['X', 'H', 'M', 'L']], ['IR', ['X', 'H', 'M', 'L']], ['AR', ['X', 'H', 'M', 'L']], ['MAV', ['X', 'N', 'A', 'L', 'P']], ['MAC', ['X', 'L', 'H']],
  ['MPR', ['X', 'N', 'L', 'H']], ['MUI', ['X', 'N', 'R']], ['MS', ['X', 'U', 'C']], ['MC', ['X', 'H', 'L', 'N']], ['MI', ['X', 'H', 'L', 'N']], ['MA', ['X', 'H', 'L', 'N']]];

const firstV3 = vm.createContext({});
vm.runInContext(fs.readFileSync(args.first31, 'utf8') + '\n' + fs.readFileSync(args.first30, 'utf8') + '\nthis.CVSS31 = CVSS31; this.CVSS30 = CVSS;', firstV3);

function v3Oracle(vector) {
  const v31 = vector.startsWith('CVSS:3.1/');
  // FIRST's v3 calculators only accept their own prefix and order-free metrics, like ours.
  const r = (v31 ? firstV3.CVSS31 : firstV3.CVSS30).calculateCVSSFromVector(vector);
  if (!r.success) throw new Error(`FIRST rejected ${vector}: ${r.errorType}`);
  const mine = [r.baseMetricScore, r.temporalMetricScore, r.environmentalMetricScore];
  const a = v31 ? new ae.Cvss3P1(vector).calculateScores() : new ae.Cvss3P0(vector).calculateScores();
  const aeScores = [a.base, a.temporal ?? a.base, a.environmental ?? a.temporal ?? a.base].map(fmt);
  if (aeScores.join() !== mine.join()) note(`${vector.slice(0, 8)}: ae-cvss-calculator vs FIRST`);
  const p = v31 ? new pj.CVSS31(vector) : new pj.CVSS30(vector);
  const pjScores = [fmt(p.BaseScore()), fmt(p.TemporalScore()), fmt(p.EnvironmentalScore())];
  if (pjScores.join() !== mine.join()) note(`${vector.slice(0, 8)}: @pandatix/js-cvss vs FIRST`);
  return mine;
}

const v31Base = ['# CVSS v3.1 base scores (FIRST cvsscalc3x.js), one per line, in the enumeration order of',
  '# tests/cvss/cvss_v3_table_test.cpp: AV(N,A,L,P) AC(L,H) PR(N,L,H) UI(N,R) S(U,C) C I A(H,L,N), last metric fastest.'];
for (const vector of enumerate(V3_BASE, 'CVSS:3.1/')) v31Base.push(v3Oracle(vector)[0]);
fs.writeFileSync(path.join(outDir, 'v31_base_scores.txt'), v31Base.join('\n') + '\n');

for (const [version, count, seed] of [['3.1', 10000, 31], ['3.0', 3000, 30]]) {
  const rand = prng(seed);
  const lines = [`# vector\tbase\ttemporal\tenvironmental (FIRST cvsscalc3x.js); seed ${seed}; metrics shuffled`];
  for (let n = 0; n < count; n++) {
    const parts = V3_BASE.map(([name, values]) => `${name}:${pick(rand, values)}`);
    for (const [name, values] of V3_OPTIONAL) if (rand() < 0.5) parts.push(`${name}:${pick(rand, values)}`);
    // v3 allows any order: shuffle a quarter of them.
    if (rand() < 0.25) for (let i = parts.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [parts[i], parts[j]] = [parts[j], parts[i]]; }
    const vector = `CVSS:${version}/` + parts.join('/');
    lines.push([vector, ...v3Oracle(vector)].join('\t'));
  }
  fs.writeFileSync(path.join(outDir, `v${version.replace('.', '')}_random.tsv`), lines.join('\n') + '\n');
}

console.log('disagreements:', JSON.stringify(disagreements, null, 2));
