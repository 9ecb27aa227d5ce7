import { escapeXml } from '../xml-text.js';

export { escapeXml };

export type XmlChild = string | null | undefined | false;

/** `wd:`-qualified element; attributes are qualified too (Workday's attributeFormDefault is qualified). */
export const wd = (name: string, attrs: Record<string, string | undefined> | null, ...children: XmlChild[]): string => {
  const a = Object.entries(attrs ?? {})
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` wd:${k}="${escapeXml(v)}"`)
    .join('');
  const body = children.filter((c): c is string => typeof c === 'string').join('');
  return `<wd:${name}${a}>${body}</wd:${name}>`;
};

/** An element holding text. */
export const wdText = (
  name: string,
  value: string | number | boolean | null | undefined,
  attrs?: Record<string, string | undefined>,
): string | null => (value === null || value === undefined ? null : wd(name, attrs ?? null, escapeXml(String(value))));

/** A Workday reference: `<wd:X wd:Descriptor="..."><wd:ID wd:type="T">v</wd:ID>...</wd:X>`. */
export const wdRef = (name: string, ids: readonly (readonly [string, string])[], descriptor?: string): string =>
  wd(name, { Descriptor: descriptor }, ...ids.map(([type, value]) => wd('ID', { type }, escapeXml(value))));
