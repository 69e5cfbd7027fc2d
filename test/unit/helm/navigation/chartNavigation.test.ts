/**
 * Navigation over a chart with a library subchart (`common`) and a subchart used under an
 * alias (`worker` as `jobs`): template names to their define and back, `.Values` paths to
 * every values file that sets them and back. Expected places are found in the fixture's text.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { NavigationTarget } from '../../../../server/src/core/helm/navigation';
import { ChartNavigation } from '../../../../server/src/core/helm/navigation';
import { indexOf, positionAt, positionIn } from '../../../lsp/harness/text';
import { readChartDir } from '../chartDir';

const files = readChartDir(path.resolve(__dirname, '../../../fixtures/helm/navigation'));
const navigation = new ChartNavigation(files);
const text = (file: string): string => files.files[file] as string;

/** `needle` inside the `occurrence`-th `context` of `file`, as a target. */
const part = (file: string, context: string, needle: string, occurrence = 0): NavigationTarget => {
  const start = indexOf(text(file), context, occurrence) + context.indexOf(needle);
  return { file, range: { start: positionAt(text(file), start), end: positionAt(text(file), start + needle.length) } };
};
/** The `occurrence`-th key `name` of a values file. */
const key = (file: string, name: string, occurrence = 0): NavigationTarget => part(file, `${name}:`, name, occurrence);
const at = (file: string, needle: string, occurrence = 0): NavigationTarget => part(file, needle, needle, occurrence);
/** A position inside `needle` (its `delta`-th character) in `file`. */
const inside = (file: string, needle: string, delta = 1, occurrence = 0) => positionIn(text(file), needle, delta, occurrence);
const sorted = (targets: NavigationTarget[]) => [...targets].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

const DEPLOYMENT = 'templates/deployment.yaml';
const HELPERS = 'templates/_helpers.tpl';
const CRONJOB = 'charts/worker/templates/cronjob.yaml';
const IMAGES = 'charts/common/templates/_images.tpl';

describe('go to definition', () => {
  test('include and template go to the define, in the chart or in its library subchart', () => {
    assert.deepEqual(navigation.definition(DEPLOYMENT, inside(DEPLOYMENT, '"shop.fullname"', 3)), [at(HELPERS, 'shop.fullname', 1)]);
    assert.deepEqual(navigation.definition(DEPLOYMENT, inside(DEPLOYMENT, 'shop.fullname', 2, 1)), [at(HELPERS, 'shop.fullname', 1)]);
    assert.deepEqual(navigation.definition(CRONJOB, inside(CRONJOB, 'common.images.image')), [at(IMAGES, 'common.images.image', 1)]);
  });

  test('.Values.a.b goes to a.b in values.yaml and in each environment file that sets it', () => {
    assert.deepEqual(navigation.definition(HELPERS, inside(HELPERS, '.Values.image.tag', 14)), [
      key('values.yaml', 'tag'),
      key('values-prod.yaml', 'tag'),
      key('values/staging.yaml', 'tag'),
    ]);
  });

  test('on a segment, the path up to it; on .Values, the whole path; index arguments too', () => {
    const image = [key('values.yaml', 'image'), key('values-prod.yaml', 'image'), key('values/staging.yaml', 'image')];
    assert.deepEqual(navigation.definition(HELPERS, inside(HELPERS, '.Values.image.tag', 9)), image);
    assert.deepEqual(navigation.definition(DEPLOYMENT, inside(DEPLOYMENT, '.Values.image "global"', 2)), image);
    assert.deepEqual(navigation.definition(DEPLOYMENT, inside(DEPLOYMENT, '"pullPolicy"')), [key('values.yaml', 'pullPolicy'), key('values-prod.yaml', 'pullPolicy')]);
  });

  test('a subchart template reads its own values.yaml and the parent key under its alias', () => {
    assert.deepEqual(navigation.definition(CRONJOB, inside(CRONJOB, '.Values.image.tag', 15)), [
      key('charts/worker/values.yaml', 'tag'),
      key('values.yaml', 'tag', 1),
      key('values/staging.yaml', 'tag', 1),
    ]);
  });

  test('global.* in a subchart comes from every ancestor', () => {
    assert.deepEqual(navigation.definition(CRONJOB, inside(CRONJOB, '.Values.global', 9)), [key('values.yaml', 'global'), key('values-prod.yaml', 'global')]);
  });

  test('nothing where there is nothing to find: plain text, comments, unknown keys, other files', () => {
    assert.deepEqual(navigation.definition(DEPLOYMENT, inside(DEPLOYMENT, 'apiVersion')), []);
    assert.deepEqual(navigation.definition(HELPERS, inside(HELPERS, 'include "shop.fullname" . }}; this', 10)), []);
    assert.deepEqual(navigation.definition(DEPLOYMENT, inside(DEPLOYMENT, 'global" $.Values.global', 20)), [key('values.yaml', 'global'), key('values-prod.yaml', 'global')]);
    assert.deepEqual(navigation.definition('values.yaml', { line: 0, character: 1 }), []);
    assert.deepEqual(navigation.definition('templates/absent.yaml', { line: 0, character: 0 }), []);
  });
});

describe('find references', () => {
  test('of a define name: every include and template call, not the one in a comment; with the declaration on request', () => {
    const uses = [at(HELPERS, 'shop.fullname', 2), at(DEPLOYMENT, 'shop.fullname'), at(DEPLOYMENT, 'shop.fullname', 1), at(DEPLOYMENT, 'shop.fullname', 2)];
    assert.deepEqual(sorted(navigation.references(HELPERS, inside(HELPERS, 'shop.fullname', 1, 1), false)), sorted(uses));
    assert.deepEqual(sorted(navigation.references(DEPLOYMENT, inside(DEPLOYMENT, 'shop.fullname'), true)), sorted([at(HELPERS, 'shop.fullname', 1), ...uses]));
  });

  test('of a values key: the templates reading it or something under it, through subchart aliases', () => {
    assert.deepEqual(navigation.references('values.yaml', inside('values.yaml', 'tag'), false), [part(HELPERS, '.Values.image.tag', 'tag')]);
    assert.deepEqual(sorted(navigation.references('values.yaml', inside('values.yaml', 'image:', 2), false)), sorted([part(HELPERS, '.Values.image', 'image'), part(DEPLOYMENT, '.Values.image', 'image'), part(DEPLOYMENT, '"image" "pullPolicy"', 'image')]));
    assert.deepEqual(navigation.references('values/staging.yaml', inside('values/staging.yaml', 'tag', 1, 1), false), [part(CRONJOB, '.Values.image.tag', 'tag')]);
    assert.deepEqual(navigation.references('charts/worker/values.yaml', inside('charts/worker/values.yaml', 'schedule'), true), [key('charts/worker/values.yaml', 'schedule'), part(CRONJOB, '.Values.schedule', 'schedule')]);
  });

  test('of global: the root chart and every subchart reading it', () => {
    assert.deepEqual(sorted(navigation.references('values-prod.yaml', inside('values-prod.yaml', 'global'), false)), sorted([part(DEPLOYMENT, '$.Values.global', 'global'), part(CRONJOB, '.Values.global', 'global')]));
  });

  test('of a value (the scalar, not the key) and of a .Values path in a template', () => {
    assert.deepEqual(navigation.references('values.yaml', inside('values.yaml', '"0.9.1"'), false), [part(CRONJOB, '.Values.image.tag', 'tag')]);
    assert.deepEqual(sorted(navigation.references(CRONJOB, inside(CRONJOB, '.Values.schedule', 9), false)), [part(CRONJOB, '.Values.schedule', 'schedule')]);
  });
});

test('a chart without Chart.yaml, unparsable values and half-typed templates: no throw, what can be found is found', () => {
  const broken = new ChartNavigation({ files: { 'values.yaml': 'a: [', 'templates/x.yaml': '{{ include "y" . }}{{ .Values.a.b' } });
  assert.deepEqual(broken.definition('templates/x.yaml', { line: 0, character: 31 }), []);
  assert.deepEqual(broken.references('templates/x.yaml', { line: 0, character: 13 }, false), [{ file: 'templates/x.yaml', range: { start: { line: 0, character: 12 }, end: { line: 0, character: 13 } } }]);
});

test('any file of the chart mangled, any position: never throws, targets name files of the chart', () => {
  const names = Object.keys(files.files);
  fc.assert(
    fc.property(fc.constantFrom(...names), fc.nat(400), fc.nat(20), fc.stringMatching(/^[{}".$ \n:a-z-]{0,12}$/), fc.constantFrom(...names), fc.nat(20), fc.nat(80), (file, at, cut, noise, asked, line, character) => {
      const original = files.files[file] as string;
      const mangled = new ChartNavigation({ files: { ...files.files, [file]: original.slice(0, at) + noise + original.slice(at + cut) } });
      for (const found of [mangled.definition(asked, { line, character }), mangled.references(asked, { line, character }, true)]) {
        assert.ok(found.every((t) => names.includes(t.file)), JSON.stringify(found));
      }
    }),
    { numRuns: 200 },
  );
});
