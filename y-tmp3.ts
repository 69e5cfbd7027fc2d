import { readFileSync } from 'node:fs';
import { analyzeText } from './server/src/core/fileAnalyzer';
import { DEFAULT_SETTINGS } from './server/src/core/settings';
const t = readFileSync(process.argv[2], 'utf8');
const a = analyzeText(t, { path: 'x.yaml', settings: DEFAULT_SETTINGS });
console.log(a.images.map(i => [i.image, i.container, i.resource, JSON.stringify(t.split('\n').slice(i.range.start.line, i.range.end.line+1).join('\n'))]), a.unreadable);
