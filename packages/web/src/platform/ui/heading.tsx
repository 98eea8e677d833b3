/** A heading whose level follows the page it sits in (a section is h2 on one page, h3 on another). */
import type { ReactNode, Ref } from 'react';

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

export function Heading({
  level,
  children,
  id,
  className,
  ref,
  tabIndex,
}: {
  level: HeadingLevel;
  children: ReactNode;
  id?: string;
  className?: string;
  ref?: Ref<HTMLHeadingElement>;
  tabIndex?: number;
}) {
  const Tag = `h${level}` as const;
  return (
    <Tag id={id} className={className} ref={ref} tabIndex={tabIndex}>
      {children}
    </Tag>
  );
}

/** One level down, never past h6. */
export function below(level: HeadingLevel): HeadingLevel {
  return Math.min(level + 1, 6) as HeadingLevel;
}
