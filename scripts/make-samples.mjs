#!/usr/bin/env node
// Rebuilds public/samples/*.csv and public/samples/index.json from two offline sources:
//   - the npm package vega-datasets (a devDependency): node_modules/vega-datasets/data/
//   - Debian's python3-sklearn: /usr/lib/python3/dist-packages/sklearn/datasets/data/
// No dependencies; run with `node scripts/make-samples.mjs`. The outputs are committed, so the app and the
// tests never need these sources; this script exists so every byte of a sample can be traced and remade.
// Every transformation is listed in public/samples/PROVENANCE.md; keep the two in step.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'samples');
const vegaDir = join(root, 'node_modules', 'vega-datasets', 'data');
const sklearnDir = process.env.SKLEARN_DATA_DIR ?? '/usr/lib/python3/dist-packages/sklearn/datasets/data';
const MAX_BYTES = 1_000_000;

for (const [dir, hint] of [
  [vegaDir, 'run `npm ci` (vega-datasets is a devDependency)'],
  [sklearnDir, 'install Debian\'s python3-sklearn or set SKLEARN_DATA_DIR'],
]) {
  if (!existsSync(dir)) {
    console.error(`make-samples: ${dir} not found: ${hint}`);
    process.exit(1);
  }
}

/** RFC 4180 cell: quote only when needed. null/undefined become an empty (missing) cell. */
function cell(value) {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

/** header: string[]; rows: unknown[][]. LF line endings, trailing newline, UTF-8 without BOM. */
function toCsv(header, rows) {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

function readVegaJson(name) {
  return JSON.parse(readFileSync(join(vegaDir, name), 'utf8'));
}

/** Objects → rows in a fixed column order (renaming keys), so the output never depends on key order. */
function fromRecords(records, columns, transform = (r) => r) {
  const header = columns.map(([, to]) => to);
  const rows = records.map((rec) => {
    const r = transform({ ...rec });
    return columns.map(([from]) => r[from] ?? null);
  });
  return { header, rows };
}

/**
 * sklearn's bundled CSVs: the first line is `n_samples,n_features,<target names...>`, then rows of
 * features followed by an integer class index into the target names. Feature tokens are kept verbatim.
 */
function readSklearnClassification(file, featureNames, targetName) {
  const lines = readFileSync(join(sklearnDir, file), 'utf8').trim().split(/\r?\n/);
  const [nSamples, nFeatures, ...classNames] = lines[0].split(',');
  if (Number(nFeatures) !== featureNames.length) {
    throw new Error(`${file}: expected ${featureNames.length} features, header says ${nFeatures}`);
  }
  const rows = lines.slice(1).map((line, i) => {
    const tokens = line.split(',');
    const cls = classNames[Number(tokens[featureNames.length])];
    if (tokens.length !== featureNames.length + 1 || cls === undefined) {
      throw new Error(`${file}: malformed line ${i + 2}`);
    }
    return [...tokens.slice(0, featureNames.length), cls];
  });
  if (rows.length !== Number(nSamples)) throw new Error(`${file}: ${rows.length} rows, header says ${nSamples}`);
  return { header: [...featureNames, targetName], rows };
}

/** Minimal CSV reader for vega's seattle-weather.csv (no quoted fields there; checked below). */
function readSimpleCsv(text) {
  if (text.includes('"')) throw new Error('readSimpleCsv: quoted fields not supported');
  const [head, ...lines] = text.trim().split(/\r?\n/);
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

// Feature names as sklearn's load_breast_cancer() defines them (sklearn/datasets/_base.py); the CSV
// itself carries none.
const BREAST_CANCER_FEATURES = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness',
  'concavity', 'concave points', 'symmetry', 'fractal dimension'];
const breastCancerNames = [
  ...BREAST_CANCER_FEATURES.map((f) => `mean ${f}`),
  ...BREAST_CANCER_FEATURES.map((f) => `${f} error`),
  ...BREAST_CANCER_FEATURES.map((f) => `worst ${f}`),
];
const IRIS_FEATURES = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];

const samples = [
  {
    id: 'breast-cancer',
    name: 'Breast cancer (Wisconsin diagnostic)',
    file: 'breast-cancer.csv',
    description:
      'Thirty measurements of cell nuclei from 569 breast-mass biopsies; predict whether the mass is malignant or benign.',
    target: 'diagnosis',
    task: 'binary',
    source: 'UCI ML Breast Cancer Wisconsin (Diagnostic), as bundled with scikit-learn 1.2 (Debian python3-sklearn)',
    licence: 'BSD-3-Clause (scikit-learn distribution); UCI lists the dataset under CC BY 4.0',
    build: () => readSklearnClassification('breast_cancer.csv', breastCancerNames, 'diagnosis'),
  },
  {
    id: 'iris',
    name: 'Iris flowers',
    file: 'iris.csv',
    description: 'Four measurements of 150 iris flowers from three species; the classic first classifier.',
    target: 'species',
    task: 'multiclass',
    source: 'R. A. Fisher (1936), the corrected copy as in R, as bundled with scikit-learn 1.2 (Debian python3-sklearn)',
    licence: 'BSD-3-Clause (scikit-learn distribution); UCI lists the dataset under CC BY 4.0',
    build: () => readSklearnClassification('iris.csv', IRIS_FEATURES, 'species'),
  },
  {
    id: 'penguins',
    name: 'Palmer penguins',
    file: 'penguins.csv',
    description:
      'Beak, flipper and body-mass measurements of 344 Antarctic penguins; predict the species. Has missing values and categorical columns (island, sex).',
    target: 'Species',
    task: 'multiclass',
    source: 'Palmer Station Antarctica LTER (Gorman et al.), via Allison Horst\'s palmerpenguins and vega-datasets 3.2.1',
    licence: 'CC0-1.0',
    build: () =>
      fromRecords(
        readVegaJson('penguins.json'),
        [
          ['Species', 'Species'],
          ['Island', 'Island'],
          ['Beak Length (mm)', 'Beak Length (mm)'],
          ['Beak Depth (mm)', 'Beak Depth (mm)'],
          ['Flipper Length (mm)', 'Flipper Length (mm)'],
          ['Body Mass (g)', 'Body Mass (g)'],
          ['Sex', 'Sex'],
        ],
        // One record has Sex "." (a placeholder in the original data); it means unknown, like null.
        (r) => ({ ...r, Sex: r.Sex === '.' ? null : r.Sex }),
      ),
  },
  {
    id: 'cars',
    name: 'Cars (fuel economy)',
    file: 'cars.csv',
    description:
      'Specifications of 406 cars from 1970-1982; predict fuel economy in miles per gallon. Has missing values (8 cars without a target) and an Origin categorical.',
    target: 'Miles_per_Gallon',
    task: 'regression',
    source: 'StatLib Datasets Archive (auto-mpg, 1982), via vega-datasets 3.2.1',
    licence: 'Distributed in 1982 for educational and scientific purposes (StatLib); vega-datasets packaging BSD-3-Clause',
    build: () =>
      fromRecords(
        readVegaJson('cars.json'),
        [
          ['Name', 'Name'],
          ['Miles_per_Gallon', 'Miles_per_Gallon'],
          ['Cylinders', 'Cylinders'],
          ['Displacement', 'Displacement'],
          ['Horsepower', 'Horsepower'],
          ['Weight_in_lbs', 'Weight_in_lbs'],
          ['Acceleration', 'Acceleration'],
          ['Year', 'Year'],
          ['Origin', 'Origin'],
        ],
        // vega stores the model year as a date "1970-01-01"; the data only knows the year.
        (r) => ({ ...r, Year: Number(String(r.Year).slice(0, 4)) }),
      ),
  },
  {
    id: 'seattle-weather',
    name: 'Seattle weather (daily, 2012-2015)',
    file: 'seattle-weather.csv',
    description:
      'Daily precipitation, temperatures and wind in Seattle over four years, in date order; predict the day\'s weather (sun, rain, drizzle, snow, fog). Use a time-ordered split.',
    target: 'weather',
    task: 'multiclass',
    source: 'NOAA National Climatic Data Center, via vega-datasets 3.2.1 (weather label synthesized by vega)',
    licence: 'U.S. Government work (public domain); vega-datasets packaging BSD-3-Clause',
    build: () => readSimpleCsv(readFileSync(join(vegaDir, 'seattle-weather.csv'), 'utf8')),
  },
];

mkdirSync(outDir, { recursive: true });
const index = [];
for (const { build, ...meta } of samples) {
  const { header, rows } = build();
  if (!header.includes(meta.target)) throw new Error(`${meta.id}: target ${meta.target} not in header`);
  for (const [i, r] of rows.entries()) {
    if (r.length !== header.length) throw new Error(`${meta.id}: row ${i + 1} has ${r.length} fields`);
  }
  const csv = toCsv(header, rows);
  const bytes = Buffer.byteLength(csv);
  if (bytes >= MAX_BYTES) throw new Error(`${meta.id}: ${bytes} bytes, over the ${MAX_BYTES} limit`);
  writeFileSync(join(outDir, meta.file), csv);
  // Key order here is the order the app's index.json contract lists.
  index.push({
    id: meta.id,
    name: meta.name,
    file: meta.file,
    description: meta.description,
    target: meta.target,
    task: meta.task,
    rows: rows.length,
    columns: header.length,
    source: meta.source,
    licence: meta.licence,
  });
  console.log(`${meta.file}: ${rows.length} rows x ${header.length} columns, ${bytes} bytes`);
}
writeFileSync(join(outDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
console.log(`index.json: ${index.length} samples`);
