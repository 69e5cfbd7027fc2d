/**
 * Every character of a rendered image maps back to the values key (and the file/range that
 * wins for the environment) or to the template text that produced it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadChart } from '../../../server/src/core/helm/chart/loadChart';
import type { HelmContainer, ProvenancePart } from '../../../server/src/core/helm/containers';
import { chartContainers } from '../../../server/src/core/helm/containers';
import type { RenderRequest } from '../../../server/src/core/helm/render';
import { renderChart } from '../../../server/src/core/helm/render';
import type { UserValuesInput } from '../../../server/src/core/helm/values/userValues';
import type { Range } from '../../../server/src/core/model';
import { readChartDir } from './chartDir';

const DIR = path.resolve(__dirname, '../../fixtures/helm/legacy-v1');

function containersOf(request: RenderRequest = {}): HelmContainer[] {
  return chartContainers(renderChart(loadChart(readChartDir(DIR)), request), { alwaysPullImagesAdmission: false }).containers;
}

function textAt(file: string, range: Range): string {
  const lines = readFileSync(path.join(DIR, file), 'utf8').split('\n');
  return (lines[range.start.line] as string).slice(range.start.character, range.start.line === range.end.line ? range.end.character : undefined);
}

/** A readable summary: each part as `value <rootPath> @ <file>: <text there>` or `literal <file>: <text>`. */
function describe(image: string, parts: ProvenancePart[]): string[] {
  return parts.map((part) => {
    const piece = image.slice(part.start, part.end);
    if (part.kind === 'value') {
      const source = part.origin?.source;
      if (!source) {
        return `${piece} ← value ${part.chartPath.join('.')} (origin unknown)`;
      }
      if (source.kind === 'set') {
        return `${piece} ← ${source.flag} ${source.expression}`;
      }
      const location = source.location;
      const written = location && !source.file.includes('.tgz') ? textAt(source.file, location.valueRange) : '';
      return `${piece} ← ${part.origin?.rootPath.join('.')} in ${source.file}${written ? ` "${written}"` : ''}`;
    }
    if (part.kind === 'literal') {
      return part.file.includes('.tgz') ? `${piece} ← ${part.file}` : `${piece} ← ${part.file} "${textAt(part.file, part.range)}"`;
    }
    return `${piece} ← computed (${part.reason})`;
  });
}

test('default environment: repository and tag from values.yaml, the colon from the template', () => {
  const app = containersOf().find((c) => c.container === 'app') as HelmContainer;
  assert.equal(app.image, 'example/legacy-app:1');
  assert.deepEqual(describe(app.image, app.imageProvenance), [
    'example/legacy-app ← image.repository in values.yaml "example/legacy-app"',
    ': ← templates/deployment.yaml ":"',
    '1 ← image.tag in values.yaml "1.0"',
  ]);
  assert.deepEqual(describe(app.pullPolicy.explicit ?? '', app.policyProvenance), ['Always ← image.pullPolicy in values.yaml "Always"']);
});

test('an environment file wins where it sets the key; a subchart key maps to the parent file that overrides it', () => {
  const request: RenderRequest = { values: { files: [{ file: 'values-prod.yaml', text: readFileSync(path.join(DIR, 'values-prod.yaml'), 'utf8') }] } };
  const containers = containersOf(request);
  const app = containers.find((c) => c.container === 'app') as HelmContainer;
  assert.deepEqual(describe(app.image, app.imageProvenance), [
    'example/legacy-app ← image.repository in values.yaml "example/legacy-app"',
    ': ← templates/deployment.yaml ":"',
    '1.10 ← image.tag in values-prod.yaml "1.10"',
  ]);
  const queue = containers.find((c) => c.container === 'queue') as HelmContainer;
  assert.equal(queue.image, 'rabbitmq:3.12.10');
  assert.deepEqual(describe(queue.image, queue.imageProvenance), [
    'rabbitmq ← queue.image.repository in charts/queue-1.2.0.tgz/values.yaml',
    ': ← charts/queue-1.2.0.tgz/templates/_helpers.tpl',
    '3.12.10 ← queue.image.tag in values-prod.yaml "3.12.10"',
  ]);
  const literal = queue.imageProvenance[1];
  assert.equal(literal?.kind, 'literal');
  assert.deepEqual(literal?.kind === 'literal' ? literal.range.start : null, { line: 1, character: 30 });
});

test('--set wins over files and is named', () => {
  const app = containersOf({ values: { files: [], set: ['image.tag=2'] } }).find((c) => c.container === 'app') as HelmContainer;
  assert.equal(app.image, 'example/legacy-app:2');
  assert.equal(describe(app.image, app.imageProvenance)[2], '2 ← --set image.tag=2');
});

test('the value flag of the kind Helm applies last wins and is named, whatever the order given', () => {
  const tagOf = (values: UserValuesInput): string => {
    const app = containersOf({ values }).find((c) => c.container === 'app') as HelmContainer;
    return describe(app.image, app.imageProvenance)[2] as string;
  };
  const files = [{ file: 'u.yaml', text: 'image:\n  tag: file\n' }];
  assert.equal(tagOf({ files, setJson: ['image.tag="json"'] }), 'json ← --set-json image.tag="json"');
  assert.equal(tagOf({ files, setJson: ['{"image":{"tag":"whole"}}'] }), 'whole ← --set-json {"image":{"tag":"whole"}}');
  assert.equal(tagOf({ files, set: ['image.tag=2'], setJson: ['image.tag="json"'] }), '2 ← --set image.tag=2');
  assert.equal(tagOf({ files, setFile: ['image.tag=tag.txt'], setFileTexts: { 'tag.txt': 'from-file' }, setString: ['image.tag=s'] }), 'from-file ← --set-file image.tag=tag.txt');
  assert.equal(tagOf({ files, setLiteral: ['image.tag=lit'], setFile: ['image.tag=tag.txt'], setFileTexts: { 'tag.txt': 'x' }, set: ['image.tag=3'] }), 'lit ← --set-literal image.tag=lit');
});

test('a map --set-json writes whole hides what the values files wrote under it: the chart default shows through', () => {
  const values = { files: [{ file: 'u.yaml', text: 'image:\n  pullPolicy: Never\n  tag: file\n' }], setJson: ['image={"repository":"x","tag":"2"}'] };
  const app = containersOf({ values }).find((c) => c.container === 'app') as HelmContainer;
  assert.equal(app.image, 'x:2');
  assert.equal(describe(app.image, app.imageProvenance)[2], '2 ← --set-json image={"repository":"x","tag":"2"}');
  assert.deepEqual(describe(app.pullPolicy.explicit ?? '', app.policyProvenance), ['Always ← image.pullPolicy in values.yaml "Always"']);
});
