import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildSrcdoc, MessageBody } from './MessageBody.tsx';

const HTML =
  '<p>Hi <a href="https://example.com/x">there</a></p>' +
  '<img alt="a" data-remote-src="https://cdn.example.com/a.png">' +
  '<img alt="b" data-remote-src="http://cdn.example.com/b.png">';

const frameOf = () => screen.getByTitle(/^Message: /) as HTMLIFrameElement;

describe('buildSrcdoc', () => {
  it.each([
    {
      remoteImages: false,
      has: ['img-src data:;', 'data-remote-src="https://cdn.example.com/a.png"'],
      hasNot: [' src="https://cdn.example.com/a.png"', 'img-src https:'],
    },
    {
      remoteImages: true,
      has: ['img-src https: data:', ' src="https://cdn.example.com/a.png"'],
      // Plain http stays off even when asked: the frame's policy would refuse it anyway.
      hasNot: ['data-remote-src="https://', ' src="http://cdn.example.com/b.png"'],
    },
  ])('remote images $remoteImages', ({ remoteImages, has, hasNot }) => {
    const doc = buildSrcdoc(HTML, { remoteImages });
    for (const text of has) expect(doc).toContain(text);
    for (const text of hasNot) expect(doc).not.toContain(text);
    expect(doc).toContain(`default-src 'none'`);
    expect(doc).toContain('<base target="_blank">');
    expect(doc).toContain('<meta name="referrer" content="no-referrer">');
    expect(doc).toContain('rel="noopener noreferrer"');
  });
});

describe('MessageBody', () => {
  it('shows HTML in a sandboxed frame without scripts, and remote images only when asked', () => {
    render(<MessageBody bodyHtml={HTML} bodyText="Hi there" hasRemoteImages subject="Hello" />);
    const frame = frameOf();
    const sandbox = frame.getAttribute('sandbox') ?? '';
    expect(sandbox).toContain('allow-same-origin');
    expect(sandbox).not.toContain('allow-scripts');
    expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(frame.getAttribute('srcdoc')).not.toContain(' src="https://cdn.example.com/a.png"');
    expect(screen.getByText(/Remote images are hidden/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Show remote images' }));
    expect(frameOf().getAttribute('srcdoc')).toContain(' src="https://cdn.example.com/a.png"');
    expect(screen.getByText(/Remote images are shown/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Hide remote images' }));
    expect(frameOf().getAttribute('srcdoc')).not.toContain(' src="https://cdn.example.com/a.png"');
  });

  it('offers no remote images button when there are none', () => {
    render(<MessageBody bodyHtml="<p>Hi</p>" bodyText="Hi" hasRemoteImages={false} subject="Hello" />);
    expect(screen.queryByRole('button', { name: 'Show remote images' })).toBeNull();
    expect(frameOf()).toBeTruthy();
  });

  it.each([
    { bodyText: 'Line one\n  Line two', shown: 'Line one\n  Line two' },
    { bodyText: '   ', shown: null },
  ])('shows text-only mail as text ($bodyText)', ({ bodyText, shown }) => {
    render(<MessageBody bodyHtml={null} bodyText={bodyText} hasRemoteImages={false} subject="Hello" />);
    expect(screen.queryByTitle(/^Message: /)).toBeNull();
    if (shown) expect(screen.getByTestId('message-text').textContent).toBe(shown);
    else expect(screen.getByText('This message has no text.')).toBeTruthy();
  });
});
