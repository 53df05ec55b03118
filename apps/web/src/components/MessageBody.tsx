import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';

/** What the message's own page may do: nothing but show itself and its inline styles. */
const LOCAL_ONLY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
/** Asked for: images from other servers too (over HTTPS only). */
const REMOTE_IMAGES_POLICY = "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'";

const FRAME_STYLE = `
  :root { color-scheme: light; }
  html, body { margin: 0; padding: 0; background: #fff; color: #1b1f2a; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; overflow-wrap: anywhere; padding: 0.75rem; }
  img, table { max-width: 100%; }
  img { height: auto; }
  pre { white-space: pre-wrap; }
`;

/**
 * The message's HTML as the document of a sandboxed frame. Images of other servers stay off
 * (they tell the sender the mail was opened) until asked; links open in a new tab, without the
 * dashboard as referrer or opener. The HTML is parsed in an inert document, which loads nothing.
 */
export function buildSrcdoc(bodyHtml: string, { remoteImages }: { remoteImages: boolean }): string {
  const doc = new DOMParser().parseFromString(bodyHtml, 'text/html');
  for (const img of doc.querySelectorAll<HTMLImageElement>('img[data-remote-src]')) {
    const remote = img.getAttribute('data-remote-src') ?? '';
    if (remoteImages && remote.startsWith('https://')) {
      img.setAttribute('src', remote);
      img.removeAttribute('data-remote-src');
    }
  }
  for (const link of doc.querySelectorAll('a[href]')) {
    link.setAttribute('rel', 'noopener noreferrer');
  }
  const policy = remoteImages ? REMOTE_IMAGES_POLICY : LOCAL_ONLY_POLICY;
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="referrer" content="no-referrer">',
    '<base target="_blank">',
    `<style>${FRAME_STYLE}</style>`,
    `</head><body>${doc.body.innerHTML}</body></html>`,
  ].join('');
}

function HtmlFrame({ srcDoc, title }: { srcDoc: string; title: string }) {
  const frameRef = useRef<HTMLIFrameElement>(null);
  // Same origin without scripts: the frame's own code cannot run, and its height can be read here.
  const fit = useCallback(() => {
    const frame = frameRef.current;
    const root = frame?.contentDocument?.documentElement;
    if (frame && root) frame.style.height = `${Math.max(root.scrollHeight, 48)}px`;
  }, []);
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame || typeof ResizeObserver === 'undefined') return;
    // A narrower frame wraps its text onto more lines.
    const observer = new ResizeObserver(() => fit());
    observer.observe(frame);
    return () => observer.disconnect();
  }, [fit]);
  return (
    <iframe
      ref={frameRef}
      className="message-frame"
      title={title}
      // Links open in a tab of their own, outside the sandbox; scripts, forms and the top page stay out of reach.
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
      onLoad={fit}
    />
  );
}

export function MessageBody({
  bodyHtml,
  bodyText,
  hasRemoteImages,
  subject,
}: {
  bodyHtml: string | null;
  bodyText: string;
  hasRemoteImages: boolean;
  subject: string;
}) {
  const [remoteImages, setRemoteImages] = useState(false);
  const hintId = useId();
  const srcDoc = useMemo(
    () => (bodyHtml === null ? '' : buildSrcdoc(bodyHtml, { remoteImages })),
    [bodyHtml, remoteImages],
  );
  if (bodyHtml === null) {
    return bodyText.trim() ? (
      <div className="message-text" data-testid="message-text">
        {bodyText}
      </div>
    ) : (
      <p className="hint">This message has no text.</p>
    );
  }
  return (
    <>
      {hasRemoteImages && (
        <div className="remote-images">
          <p id={hintId} className="hint" aria-live="polite">
            {remoteImages
              ? 'Remote images are shown: their servers can tell that you opened this message.'
              : 'Remote images are hidden, so the sender cannot tell that you opened this message.'}
          </p>
          <button type="button" aria-describedby={hintId} onClick={() => setRemoteImages((on) => !on)}>
            {remoteImages ? 'Hide remote images' : 'Show remote images'}
          </button>
        </div>
      )}
      <HtmlFrame title={`Message: ${subject || '(no subject)'}`} srcDoc={srcDoc} />
    </>
  );
}
