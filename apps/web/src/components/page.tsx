import type { ReactNode } from 'react';

/** A page's heading: the target of the focus when the page opens. */
export function PageTitle({ id, children }: { id: string; children: ReactNode }) {
  return (
    <h1 id={id} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** The heading with what stands beside it: badges, a main action. */
export function PageHead({ id, title, children }: { id: string; title: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-head">
      <PageTitle id={id}>{title}</PageTitle>
      {children}
    </div>
  );
}

/** The way back to the page above. */
export function Crumbs({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p className="crumbs">
      <a href={href}>{children}</a>
    </p>
  );
}
