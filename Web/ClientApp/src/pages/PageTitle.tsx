import { useEffect, useRef, type ReactNode } from "react";

/** The page's h1 and document title; focus moves to it on navigation so screen readers announce the new page. */
export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ActionsDashboard`;
    if (document.activeElement === document.body || document.activeElement === null) return; // first load: leave focus alone
    ref.current?.focus({ preventScroll: false });
  }, [title]);
  return <h1 ref={ref} tabIndex={-1} className="page-title">{children ?? title}</h1>;
}
