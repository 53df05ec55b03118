import sanitizeHtml from 'sanitize-html';

// Mail HTML as the dashboard may show it (inside a sandboxed iframe, as a second line of defence):
// formatting, tables, links and images, nothing that runs, submits, navigates by itself or loads
// from elsewhere without the owner asking. Remote images keep their address in data-remote-src, so
// the dashboard can load them on request; data: and cid: images stay (cid: does not resolve).

export interface SanitizedHtml {
  html: string;
  /** An image refers to another server; it is not loaded until the owner asks. */
  hasRemoteImages: boolean;
}

const TABLE_ATTRIBUTES = [
  'align',
  'valign',
  'width',
  'height',
  'bgcolor',
  'border',
  'cellpadding',
  'cellspacing',
  'colspan',
  'rowspan',
];

/**
 * A CSS value that cannot load or run anything: no url(), image(), expression() or other function
 * that fetches, no escapes (which could spell one), no at-rules or comments.
 */
const SAFE_CSS_VALUE =
  /^(?!.*(?:url|image|image-set|expression|var|attr|env|element|src)\s*\()(?!.*[\\@<>]|.*\/\*)[-#\w\s(),.%'"!+]*$/i;

/** Layout and type only: nothing that positions over the dashboard or pulls resources. */
const STYLE_PROPERTIES = [
  'color',
  'background-color',
  'font',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'text-align',
  'text-decoration',
  'text-transform',
  'text-indent',
  'line-height',
  'letter-spacing',
  'white-space',
  'vertical-align',
  'width',
  'max-width',
  'min-width',
  'height',
  'max-height',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-radius',
  'border-collapse',
  'border-spacing',
  'display',
  'list-style-type',
];

const ALLOWED_STYLES = Object.fromEntries(STYLE_PROPERTIES.map((property) => [property, [SAFE_CSS_VALUE]]));

/** The URL when it is absolute with one of the schemes, else null. */
function absoluteUrl(value: string | undefined, schemes: readonly string[]): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return schemes.includes(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

const LINK_SCHEMES = ['http:', 'https:', 'mailto:'];
const REMOTE_SCHEMES = ['http:', 'https:'];
const INLINE_IMAGE_SCHEMES = ['data:', 'cid:'];

export function sanitizeMailHtml(dirty: string): SanitizedHtml {
  let hasRemoteImages = false;
  const html = sanitizeHtml(dirty, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags,
      'img',
      'font',
      'center',
      'big',
      'strike',
      'del',
      'ins',
    ],
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'xmp', 'noembed'],
    disallowedTagsMode: 'discard',
    allowedAttributes: {
      '*': ['style', 'dir', 'lang', 'title', 'align'],
      a: ['href', 'name', 'rel', 'target'],
      img: ['src', 'alt', 'width', 'height', 'data-remote-src'],
      font: ['color', 'face', 'size'],
      table: TABLE_ATTRIBUTES,
      tr: TABLE_ATTRIBUTES,
      td: TABLE_ATTRIBUTES,
      th: TABLE_ATTRIBUTES,
      col: TABLE_ATTRIBUTES,
      colgroup: TABLE_ATTRIBUTES,
      tbody: TABLE_ATTRIBUTES,
      thead: TABLE_ATTRIBUTES,
      tfoot: TABLE_ATTRIBUTES,
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['data', 'cid'] },
    allowProtocolRelative: false,
    allowedStyles: { '*': ALLOWED_STYLES },
    parseStyleAttributes: true,
    transformTags: {
      a: (tagName, attribs) => {
        const href = absoluteUrl(attribs.href, LINK_SCHEMES);
        const { href: _href, ...rest } = attribs;
        return {
          tagName,
          attribs: href
            ? { ...rest, href: attribs.href?.trim() ?? '', rel: 'noopener noreferrer', target: '_blank' }
            : rest,
        };
      },
      img: (tagName, attribs) => {
        const { src, srcset: _srcset, ...rest } = attribs;
        if (absoluteUrl(src, REMOTE_SCHEMES)) {
          hasRemoteImages = true;
          return { tagName, attribs: { ...rest, 'data-remote-src': src?.trim() ?? '' } };
        }
        const inline = absoluteUrl(src, INLINE_IMAGE_SCHEMES);
        const image = inline && (inline.protocol === 'cid:' || /^data:image\//i.test(src?.trim() ?? ''));
        const { 'data-remote-src': _forged, ...own } = rest;
        return { tagName, attribs: image ? { ...own, src: src?.trim() ?? '' } : own };
      },
    },
  });
  return { html, hasRemoteImages };
}
