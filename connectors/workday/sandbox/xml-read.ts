import { XMLParser } from 'fast-xml-parser';
import { decodeEntities } from '../xml-text.js';

/** A parsed element with its namespace resolved. */
export interface XmlNode {
  ns: string;
  local: string;
  /** The prefixed name as written, for messages. */
  name: string;
  attrs: { ns: string; local: string; value: string }[];
  children: XmlNode[];
  text: string;
}

export class XmlSyntaxError extends Error {}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded by decodeEntities in one pass; no DTD is ever read (documents with one are refused first).
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const build = (raw: unknown, scope: Map<string, string>): XmlNode | null => {
  if (!isRecord(raw)) return null;
  const name = Object.keys(raw).find((k) => k !== ':@' && !k.startsWith('#') && !k.startsWith('?'));
  if (name === undefined) return null;
  const attrsRaw = isRecord(raw[':@']) ? raw[':@'] : {};
  // Most elements declare no namespace: they share their parent's scope instead of copying it.
  const declares = Object.keys(attrsRaw).some((k) => k === 'xmlns' || k.startsWith('xmlns:'));
  const local = declares ? new Map(scope) : scope;
  if (declares)
    for (const [k, v] of Object.entries(attrsRaw)) {
      if (k === 'xmlns') local.set('', String(v));
      else if (k.startsWith('xmlns:')) local.set(k.slice(6), String(v));
    }
  const resolve = (qname: string, isAttr: boolean): { ns: string; local: string } => {
    const i = qname.indexOf(':');
    if (i < 0) return { ns: isAttr ? '' : (local.get('') ?? ''), local: qname };
    const ns = local.get(qname.slice(0, i));
    if (ns === undefined) throw new XmlSyntaxError(`undeclared namespace prefix in "${qname}"`);
    return { ns, local: qname.slice(i + 1) };
  };
  const attrs = Object.entries(attrsRaw)
    .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
    .map(([k, v]) => ({ ...resolve(k, true), value: decodeEntities(String(v)) }));
  const children: XmlNode[] = [];
  let text = '';
  const content = raw[name];
  for (const c of Array.isArray(content) ? content : []) {
    if (!isRecord(c)) continue;
    if ('#text' in c) text += decodeEntities(String(c['#text']));
    else if ('#cdata' in c) {
      const parts = Array.isArray(c['#cdata']) ? c['#cdata'] : [];
      for (const p of parts) if (isRecord(p) && '#text' in p) text += String(p['#text']);
    } else if (!('#comment' in c)) {
      const child = build(c, local);
      if (child) children.push(child);
    }
  }
  return { ...resolve(name, false), name, attrs, children, text };
};

/**
 * Parses a document into namespace-resolved nodes. A document type declaration is refused outright (SOAP 1.1 forbids
 * one in a message), so no entity, internal or external, is ever expanded.
 */
export const parseXml = (xml: string): XmlNode => {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml))
    throw new XmlSyntaxError('a document type declaration is not allowed in a SOAP message');
  let raw: unknown;
  try {
    raw = parser.parse(xml, true);
  } catch (e) {
    throw new XmlSyntaxError(e instanceof Error ? e.message : 'malformed XML');
  }
  const top = (Array.isArray(raw) ? raw : [])
    .map((r) => build(r, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])))
    .filter((n): n is XmlNode => n !== null);
  const root = top[0];
  if (top.length !== 1 || !root) throw new XmlSyntaxError('expected exactly one root element');
  return root;
};

export const childrenNamed = (node: XmlNode, local: string): XmlNode[] =>
  node.children.filter((c) => c.local === local);
export const child = (node: XmlNode | undefined, local: string): XmlNode | undefined =>
  node?.children.find((c) => c.local === local);
export const attr = (node: XmlNode | undefined, local: string): string | undefined =>
  node?.attrs.find((a) => a.local === local)?.value;
