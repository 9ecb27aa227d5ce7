/**
 * Escapes text for XML 1.0 content and attribute values. Markup characters become entities (so `]]>` and quotes can
 * never close anything) and characters XML 1.0 forbids are dropped, so no name or note can break an envelope.
 */
export const escapeXml = (s: string): string =>
  s
    // XML 1.0 cannot carry these characters at all, so they are dropped before escaping.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) =>
      c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
    );

const ENTITY = /&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five XML entities and character references in one pass, so `&amp;lt;` stays `&lt;`. */
export const decodeEntities = (s: string): string =>
  s.replace(ENTITY, (_m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return NAMED[lower] ?? '';
  });
