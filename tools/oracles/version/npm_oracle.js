// Writes node-semver's verdicts as TSV tables for tests/version/oracle_test.cpp.
//   npm_versions.tsv   version <TAB> 1|0 (new SemVer(v) succeeds)
//   npm_compare.tsv    a <TAB> b <TAB> -1|0|1 (semver.compare)
//   npm_satisfies.tsv  version <TAB> range <TAB> true|false|invalid (invalid: new Range throws)
// Deterministic (seeded PRNG); run from this directory after `npm install`.
'use strict'
const fs = require('fs')
const path = require('path')
const semver = require('semver')

let seed = 20240611
const rand = () => { // mulberry32
  seed = (seed + 0x6D2B79F5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (xs) => xs[Math.floor(rand() * xs.length)]

const nums = ['0', '1', '2', '3', '10', '01', '9007199254740991', '9007199254740992']
const pres = ['', '', '', '-0', '-1', '-alpha', '-alpha.1', '-beta', '-beta.2', '-rc.1', '-alpha.beta', '-0.3.7',
  '-x.7.z.92', '-01', '-alpha..1', '-a-b', '--', '-99999999999999999999', '-99999999999999999998']
const builds = ['', '', '', '+build', '+001', '+exp.sha.5114f85', '+', '+a..b']
const prefixes = ['', '', '', '', 'v', '=', ' ', 'V', 'v ', '\u00a0', '\ufeff']

const versions = new Set(['1.2.3', '0.0.0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta',
  '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1', ' 1.2.3 ', 'v1.2.3', '=1.2.3',
  '1.2', '1', '', 'a.b.c', '1.2.3.4', '1.2.3-', '1.2.3+', '1.2.3-+b', '1.2.3-é', '\t1.2.3\n', '1.2.3 -beta',
  '1.2.3-9007199254740992', '1.2.3-9007199254740993', '00.1.2', '1.2.3-alpha.01'])
while (versions.size < 900) {
  versions.add(pick(prefixes) + pick(nums) + '.' + pick(nums.slice(0, 5)) + '.' + pick(nums.slice(0, 5)) +
    pick(pres) + pick(builds))
}
const versionList = [...versions]
const valid = versionList.filter(v => semver.valid(v) !== null)

const ops = ['', '', '=', '<', '<', '<=', '>', '>=', '>=', '^', '^', '~', '~', '~>', '> ', '>= ', '^ ', '~ ', '~> ', '= ', '==', '!']
const parts = ['0', '1', '2', '3', '0', '1', '2', '10', 'x', 'X', '*', '01']
const partial = () => {
  const n = 1 + Math.floor(rand() * 3)
  let s = pick(['', '', '', 'v', '=', 'v='])
  for (let i = 0; i < n; i++) s += (i ? '.' : '') + pick(parts)
  if (n === 3 && rand() < 0.3) s += pick(pres.slice(3))
  if (rand() < 0.1) s += pick(builds)
  return s
}
const comparator = () => pick(ops) + partial()
const set = () => {
  if (rand() < 0.15) return partial() + pick([' - ', ' -', '- ', ' - ']) + partial()
  const n = 1 + Math.floor(rand() * 3)
  const cs = []
  for (let i = 0; i < n; i++) cs.push(comparator())
  return cs.join(pick([' ', ' ', '  ', ', ', '\t']))
}
const ranges = new Set(['', '*', 'x', '1.x', '1.2.*', '^1.2.3', '~1.2.3', '~>1.2', '1.2.3 - 2.3.4', '1.2 - 2',
  '>=1.2.3 <2.0.0', '^0.0.3', '^0.2.3', '^1.2.3-beta.2', '~1.2.3-beta.2', '1.2.3*', '* || 1.2.3-beta',
  '1.2.3-beta || *', '>1.x', '<=1.2', '<1.x', '>=*', '<*', '>*', '1.2.3+build', '^1.2.x-beta', '~ 1.2', '> 1.2.3',
  '>= 1.2.3 < 2', '1.x.3', 'x.1', '*.1', '^x.1', '||', '1 ||', '|| 1', 'a', '>=1.0.0 <0.0.0-0 || 2', '<0.0.0-0',
  '>=0.0.0', '>=0', '=1.2.3', '==1.2.3', 'v1.2.3', '^v1', '~v1.2', '1.2.3 -', '- 1.2.3', '1.2.3 - 2.3.4 - 3',
  '>=1.2.3-alpha <1.2.3', '>1.2.3-alpha.1', '<1.2.4-0', '^9007199254740991', '~9007199254740991.1',
  '>9007199254740991.x', '1.2.3 || 2.x || 3.1.* || >=4', '\u00a0^1.2\u3000', '1.2.3-01', '>=1.2.3 foo'])
while (ranges.size < 3200) {
  const n = rand() < 0.8 ? 1 : 2
  const sets = []
  for (let i = 0; i < n; i++) sets.push(set())
  ranges.add(sets.join(pick(['||', ' || ', ' ||'])))
}
const rangeList = [...ranges].filter(r => !/[\t\n]/.test(r))

const out = (name, lines) => fs.writeFileSync(path.join(__dirname, '../../../tests/fixtures/version', name),
  lines.join('\n') + '\n')
const clean = versionList.filter(v => !/[\t\n]/.test(v))
out('npm_versions.tsv', clean.map(v => `${v}\t${semver.valid(v) !== null ? 1 : 0}`))

const cmp = []
for (let i = 0; i < 6000; i++) {
  const a = pick(valid); const b = pick(valid)
  if (/[\t\n]/.test(a + b)) continue
  cmp.push(`${a}\t${b}\t${semver.compare(a, b)}`)
}
out('npm_compare.tsv', cmp)

const sat = []
const small = []
for (const M of ['0', '1', '2', '3']) for (const m of ['0', '1', '2', '3']) for (const p of ['0', '1', '2', '3']) {
  for (const pre of ['', '', '-0', '-alpha', '-beta.2', '-rc.1']) small.push(`${M}.${m}.${p}${pre}`)
}
const testVersions = valid.filter(v => !/[\t\n]/.test(v)).concat(small, small, small)
for (const r of rangeList) {
  let range = null
  try { range = new semver.Range(r) } catch (e) { range = null }
  for (let k = 0; k < (range === null ? 3 : 16); k++) {
    const v = pick(testVersions)
    sat.push(`${v}\t${r}\t${range === null ? 'invalid' : range.test(v)}`)
  }
}
out('npm_satisfies.tsv', sat)
console.log(`versions ${clean.length}, compare ${cmp.length}, satisfies ${sat.length}`)
