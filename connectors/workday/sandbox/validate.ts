import { DateTime } from 'luxon';
import { WD_NS, type ComplexSpec, type SimpleKind } from './spec/types.js';
import { allTypes } from './wsdl.js';
import type { XmlNode } from './xml-read.js';

export interface SchemaError {
  message: string;
  xpath: string;
}

const judgeSimple = (kind: SimpleKind, value: string): string | null => {
  const v = value.trim();
  switch (kind) {
    case 'string':
      return null;
    case 'boolean':
      return /^(true|false|1|0)$/.test(v) ? null : `"${v}" is not a valid boolean`;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/.test(v) && DateTime.fromISO(v.slice(0, 10)).isValid
        ? null
        : `"${v}" is not a valid date (yyyy-mm-dd)`;
    case 'dateTime':
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(v) && DateTime.fromISO(v).isValid
        ? null
        : `"${v}" is not a valid dateTime`;
    case 'decimal':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v) ? null : `"${v}" is not a valid decimal`;
  }
};

/**
 * The verdicts on simple values, by kind and text. A page of workers repeats the same dates and codes hundreds of
 * times, and each date is a Luxon parse: remembering the verdict keeps the check and drops the repeated parses.
 * Bounded, as the sandbox may serve a long soak.
 */
const verdicts = new Map<string, string | null>();
const VERDICTS_MAX = 10_000;

const checkSimple = (kind: SimpleKind, value: string): string | null => {
  if (kind === 'string') return null;
  const key = `${kind} ${value}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = judgeSimple(kind, value);
  if (verdicts.size >= VERDICTS_MAX) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
};

const validateAttributes = (node: XmlNode, spec: ComplexSpec, xpath: string, errors: SchemaError[]): void => {
  const allowed = spec.attributes ?? [];
  for (const a of node.attrs) {
    if (a.ns === 'http://www.w3.org/2001/XMLSchema-instance') continue;
    const def = allowed.find((d) => d.name === a.local);
    if (!def) {
      errors.push({ message: `Attribute "${a.local}" is not allowed on ${node.local}`, xpath: `${xpath}/@${a.local}` });
      continue;
    }
    if (a.ns !== WD_NS)
      errors.push({
        message: `Attribute "${a.local}" must be qualified with the namespace ${WD_NS} (wd:${a.local})`,
        xpath: `${xpath}/@${a.local}`,
      });
    const bad = checkSimple(def.kind, a.value);
    if (bad)
      errors.push({ message: `Invalid value for attribute ${a.local}: ${bad}`, xpath: `${xpath}/@wd:${a.local}` });
    if (def.enumeration && !def.enumeration.includes(a.value))
      errors.push({
        message: `Invalid ID Type "${a.value}"; expected one of ${def.enumeration.join(', ')}`,
        xpath: `${xpath}/@wd:${a.local}`,
      });
  }
  for (const d of allowed)
    if (d.required && !node.attrs.some((a) => a.local === d.name))
      errors.push({
        message: `Required attribute wd:${d.name} is missing on ${node.local}`,
        xpath: `${xpath}/@wd:${d.name}`,
      });
};

/**
 * Validates an element against a named type of the sandbox's model, the way Workday's schema validation reports it:
 * one error per problem, each with an xpath. Checks namespace, element order, cardinality, simple values and the
 * ID-type enumerations of references.
 */
export const validateNode = (
  node: XmlNode,
  typeName: string,
  xpath: string,
  errors: SchemaError[] = [],
): SchemaError[] => {
  const spec = allTypes[typeName];
  if (!spec) {
    errors.push({ message: `No type ${typeName}`, xpath });
    return errors;
  }
  if (node.ns !== WD_NS) errors.push({ message: `Element ${node.name} must be in the namespace ${WD_NS}`, xpath });
  validateAttributes(node, spec, xpath, errors);
  if (spec.text !== undefined) {
    if (node.children.length > 0) errors.push({ message: `${node.local} holds text only`, xpath });
    const bad = checkSimple(spec.text, node.text);
    if (bad) errors.push({ message: bad, xpath });
    return errors;
  }
  let i = 0;
  for (const field of spec.fields) {
    if (field.type === 'any') {
      i = node.children.length;
      continue;
    }
    let count = 0;
    while (i < node.children.length && node.children[i]?.local === field.name && count < field.max) {
      const c = node.children[i];
      i++;
      count++;
      if (!c) continue;
      const path = `${xpath}/wd:${field.name}[${count}]`;
      if (typeof field.type === 'object') validateNode(c, field.type.ref, path, errors);
      else {
        if (c.ns !== WD_NS)
          errors.push({ message: `Element ${c.name} must be in the namespace ${WD_NS}`, xpath: path });
        if (c.children.length > 0) errors.push({ message: `${field.name} holds a simple value`, xpath: path });
        const bad = checkSimple(field.type, c.text);
        if (bad) errors.push({ message: `Invalid value for ${field.name}: ${bad}`, xpath: path });
        if (!bad && field.maxValue !== undefined && Number(c.text) > field.maxValue)
          errors.push({ message: `${field.name} must be at most ${field.maxValue}`, xpath: path });
      }
    }
    if (count < field.min)
      errors.push({ message: `Required element wd:${field.name} is missing`, xpath: `${xpath}/wd:${field.name}` });
  }
  const rest = node.children[i];
  if (rest) {
    const expected = spec.fields.some((f) => f.name === rest.local);
    errors.push({
      message: expected
        ? `Element ${rest.local} is out of order (the schema's sequence decides the order)`
        : `Element ${rest.local} is not valid here`,
      xpath: `${xpath}/${rest.name}`,
    });
  }
  return errors;
};
