/** Navigation in charts: template names and `.Values` paths ↔ their definitions and uses. See chartNavigation.ts. */
export type { NavigationTarget } from './chartNavigation';
export { ChartNavigation } from './chartNavigation';
export type { NamedSymbol, TemplateSymbols, TextSpan, ValuesRead } from './templateSymbols';
export { scanTemplateSymbols } from './templateSymbols';
